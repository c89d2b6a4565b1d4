import Testing
@testable import Regimen

/// `Truths` reads back, node by node, the truths packed into a buffer of numbers, for every
/// count that leaves the last number part filled, and from an offset behind other numbers
/// (where a decision keeps them, after its runs).
@Suite struct TruthsTests {
    @Test(arguments: 0...9)
    func packedFromAnArray(count: Int) {
        let values: [Truth] = (0..<count).map { [.false, .unknown, .true][($0 * 7 + count) % 3] }
        let truths = Truths(values)
        #expect(truths.count == count)
        #expect(Array(truths) == values)
    }

    @Test func readFromBehindOtherNumbers() {
        let values: [Truth] = [.true, .unknown, .false, .true, .true]
        // Two numbers of runs, then the five truths in two more numbers (bytes 8 to 12).
        var storage: [Int32] = [-1, Int32.max, 0, 0]
        storage.withUnsafeMutableBytes { bytes in
            for (i, truth) in values.enumerated() { bytes[8 + i] = truth.rawValue }
        }
        let truths = Truths(storage, byteOffset: 8, count: values.count)
        #expect(Array(truths) == values)
    }

    @Test func wordsHoldFourTruthsEach() {
        #expect([0, 1, 4, 5, 8, 9].map(Truths.words(for:)) == [0, 1, 1, 2, 2, 3])
    }
}
