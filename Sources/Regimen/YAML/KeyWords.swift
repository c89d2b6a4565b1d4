/// A fixed list of short ASCII words (the keys of a rule, the predicate keywords) with each
/// word's bytes packed into two integers, so finding which word a scalar spells is a couple of
/// integer compares per word. Going through `String` or `memcmp` per candidate cost about 230
/// instructions per mapping-key lookup and 350 per keyword match, paid for every key of every
/// rule. A class, so a `Fields` holding one costs one reference count to copy.
///
/// Bytes decide, as in `NodeTree.textEquals(_:_:_:)`: the words are ASCII without 'K', ';' and
/// '`', so a scalar is one of them as Unicode text exactly when it is byte for byte.
final class KeyWords: Sendable {
    let words: [String]
    private let packed: [Packed]

    private struct Packed: Sendable {
        var low: UInt64
        var high: UInt64
        var count: Int
    }

    static let maxLength = 16

    init(_ words: [String]) {
        self.words = words
        packed = words.map { word in
            var word = word
            return word.withUTF8 { bytes in
                precondition(bytes.count <= KeyWords.maxLength && bytes.allSatisfy { $0 < 0x80 && $0 != 0x4B && $0 != 0x3B && $0 != 0x60 },
                             "key words are ASCII, at most 16 bytes, without 'K', ';' or '`'")
                let (low, high) = KeyWords.pack(bytes.baseAddress, bytes.count, readable: bytes.count)
                return Packed(low: low, high: high, count: bytes.count)
            }
        }
    }

    var count: Int { words.count }

    /// The index of the word spelt by the `count` bytes at `start`, whose buffer holds
    /// `readable` bytes from `start` on.
    @inline(__always)
    func index(of start: UnsafePointer<UInt8>?, count: Int, readable: Int) -> Int? {
        guard count <= KeyWords.maxLength else { return nil }
        let (low, high) = KeyWords.pack(start, count, readable: readable)
        return packed.withUnsafeBufferPointer { packed in
            for i in packed.indices where packed[i].low == low && packed[i].high == high && packed[i].count == count { return i }
            return nil
        }
    }

    /// The index of `word` among the words.
    func index(of word: String) -> Int? {
        var word = word
        return word.withUTF8 { index(of: $0.baseAddress, count: $0.count, readable: $0.count) }
    }

    /// The index of the word that `tree`'s scalar text at `start` spells.
    func index(in tree: NodeTree, start: Int, count: Int) -> Int? {
        tree.text.withUnsafeBufferPointer { text in
            index(of: text.baseAddress.map { $0 + start }, count: count, readable: text.count - start)
        }
    }

    /// Up to 16 bytes as two little-endian integers, zero past `count`. Whole 8-byte loads
    /// when the buffer has the bytes (`readable` from `start`), then masked; bytes one at a
    /// time near its end.
    @inline(__always)
    static func pack(_ start: UnsafePointer<UInt8>?, _ count: Int, readable: Int) -> (UInt64, UInt64) {
        guard let start, count > 0 else { return (0, 0) }
        if readable >= 16 {
            let raw = UnsafeRawPointer(start)
            var low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if count < 8 {
                low &= (1 &<< UInt64(8 * count)) &- 1
                high = 0
            } else if count < 16 {
                high &= (1 &<< UInt64(8 * (count - 8))) &- 1
            }
            return (low, high)
        }
        var low: UInt64 = 0, high: UInt64 = 0
        for i in 0..<count {
            if i < 8 { low |= UInt64(start[i]) &<< UInt64(8 * i) } else { high |= UInt64(start[i]) &<< UInt64(8 * (i - 8)) }
        }
        return (low, high)
    }
}
