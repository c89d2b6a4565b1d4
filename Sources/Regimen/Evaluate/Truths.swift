/// Every node's truth for one profile, read by node index: bytes inside a buffer of numbers.
///
/// A decision keeps its truths after its runs, in the one buffer it allocates: a truth array
/// of its own was one more allocation and free per evaluation, and filling it copied the
/// program's all-unknown array (copy on write) before the first rule was decided.
struct Truths: Sendable, RandomAccessCollection {
    private let storage: [Int32]
    /// Where the first truth is in `storage`, in bytes.
    private let byteOffset: Int
    let count: Int

    /// `count` truths from byte `byteOffset` of `storage` (which must hold them all).
    init(_ storage: [Int32], byteOffset: Int, count: Int) {
        precondition(byteOffset >= 0 && count >= 0 && byteOffset + count <= storage.count * MemoryLayout<Int32>.stride)
        self.storage = storage
        self.byteOffset = byteOffset
        self.count = count
    }

    /// The truths of an array, packed the same way (for `--why-not` and fixture coverage).
    init(_ truths: [Truth]) {
        let words = Truths.words(for: truths.count)
        var storage = [Int32](repeating: 0, count: words)
        if !truths.isEmpty {
            storage.withUnsafeMutableBytes { bytes in
                truths.withUnsafeBytes { bytes.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
        }
        self.init(storage, byteOffset: 0, count: truths.count)
    }

    /// Whole numbers needed to hold `count` truths.
    static func words(for count: Int) -> Int { (count + MemoryLayout<Int32>.stride - 1) / MemoryLayout<Int32>.stride }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Truth {
        precondition(i >= 0 && i < count, "truth index out of range")
        // Only `Truth` raw values are written there.
        return storage.withUnsafeBytes { unsafeBitCast($0.load(fromByteOffset: byteOffset + i, as: UInt8.self), to: Truth.self) }
    }
}
