import Foundation

/// Strings already made from a file's scalars, found again by their bytes. Rule files repeat
/// the same few hundred ids (conditions, options, evidence) thousands of times; a lookup here
/// is cheaper than making a string, and a repeated id then shares one string instead of an
/// allocation per use, which every rule set pays again when it is freed.
///
/// Holds only strings that some check accepted, for the bytes they were made from, so a hit
/// stands for that check passing again.
struct InternTable {
    private var hashes: [UInt64] = []
    private var strings: [String] = []
    private var count = 0

    /// The string made before from the `count` bytes at `start` of `tree`'s text, if any.
    func find(_ tree: NodeTree, _ start: Int, _ length: Int, hash: UInt64) -> String? {
        guard !hashes.isEmpty else { return nil }
        // Probed and compared in place: copying each candidate out to compare it retained and
        // released its storage twice per lookup, about half of a lookup's cost.
        return hashes.withUnsafeBufferPointer { hashes in
            strings.withUnsafeBufferPointer { strings in
                tree.text.withUnsafeBufferPointer { text in
                    let mask = hashes.count - 1
                    var b = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let h = hashes[b]
                        if h == 0 { return nil }
                        if h == hash, InternTable.equal(strings[b], text, start, length) { return strings[b] }
                        b = (b + 1) & mask
                    }
                }
            }
        }
    }

    /// Whether `string`'s UTF-8 is the `length` bytes at `start` of `text`.
    @inline(__always)
    private static func equal(_ string: String, _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count == length && (length == 0 || memcmp(bytes.baseAddress!, text.baseAddress! + start, length) == 0)
        } ?? (string.utf8.count == length && string.utf8.elementsEqual(text[start..<start + length]))
    }

    mutating func insert(_ string: String, hash: UInt64) {
        if (count + 1) * 2 > hashes.count { grow() }
        let mask = hashes.count - 1
        var b = Int(truncatingIfNeeded: hash) & mask
        while hashes[b] != 0 { b = (b + 1) & mask }
        hashes[b] = hash
        strings[b] = string
        count += 1
    }

    private mutating func grow() {
        let old = (hashes, strings)
        let capacity = max(64, hashes.count * 2)
        hashes = [UInt64](repeating: 0, count: capacity)
        strings = [String](repeating: "", count: capacity)
        count = 0
        for (h, s) in zip(old.0, old.1) where h != 0 { insert(s, hash: h) }
    }

    /// FNV-1a over the bytes, never 0 (0 marks an empty slot).
    static func hash(_ tree: NodeTree, _ start: Int, _ length: Int) -> UInt64 {
        tree.text.withUnsafeBufferPointer { text in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in start..<start + length {
                h = (h ^ UInt64(text[i])) &* 0x100_0000_01b3
            }
            return h == 0 ? 1 : h
        }
    }
}
