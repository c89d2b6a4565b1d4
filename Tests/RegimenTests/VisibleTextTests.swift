import Testing
@testable import Regimen

/// `VisibleText.classify` settles eight printable ASCII bytes at once; on any bytes it must
/// say what the byte-at-a-time rule says.
@Suite struct VisibleTextTests {
    static func slow(_ bytes: [UInt8]) -> (Bool, Bool) {
        var visible = false, suspicious = false
        for byte in bytes { VisibleText.classify(byte, &visible, &suspicious) }
        return (visible, suspicious)
    }

    @Test func agreesWithTheByteRuleOnRandomBytes() {
        var g = SystemRandomNumberGenerator()
        // Mostly printable text, with the bytes at every boundary the word test draws.
        let special: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xC2, 0xFF]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &g)
            let bytes: [UInt8] = (0..<count).map { _ in
                switch Int.random(in: 0..<10, using: &g) {
                case 0: return special.randomElement(using: &g)!
                case 1, 2: return 0x20
                default: return UInt8.random(in: 0x21...0x7E, using: &g)
                }
            }
            let fast = bytes.withUnsafeBufferPointer { VisibleText.classify($0) }
            #expect(fast == Self.slow(bytes), "\(bytes)")
        }
    }

    @Test func everyByteValueInEveryPosition() {
        for value in 0...255 {
            for position in 0..<9 {
                var bytes = [UInt8](repeating: 0x20, count: 9)
                bytes[position] = UInt8(value)
                let fast = bytes.withUnsafeBufferPointer { VisibleText.classify($0) }
                #expect(fast == Self.slow(bytes))
                var letters = [UInt8](repeating: UInt8(ascii: "a"), count: 16)
                letters[position] = UInt8(value)
                let fast2 = letters.withUnsafeBufferPointer { VisibleText.classify($0) }
                #expect(fast2 == Self.slow(letters))
            }
        }
    }
}
