import Foundation

/// Distinct ids found by their UTF-8 bytes, each with its index (its position in the list the
/// table was made from), in one open-addressing table: the vocabulary's long ids for binding
/// and compiling, the evidence ids each rule cites. `String`-keyed dictionaries and sets hashed
/// each id with SipHash and compared it as a Unicode string, several times the cost.
struct ByteKeyTable: Sendable {
    /// One slot of the table: an id's full hash (compared before its bytes), where its bytes
    /// are, and its index; `entry` -1 is an empty slot. One record per probe, instead of a
    /// read from each of four arrays.
    private struct Bucket: Sendable {
        var hash: UInt64 = 0
        var keyStart: Int32 = 0
        var keyLength: Int32 = 0
        var entry: Int32 = -1
    }

    /// Every id's UTF-8 bytes, one after another.
    private let keyBytes: [UInt8]
    private let buckets: [Bucket]

    /// `ids` must be distinct.
    init(_ ids: [String]) {
        // At most a quarter full, so probes stay short.
        var capacity = 8
        while capacity < ids.count * 4 { capacity *= 2 }
        var buckets = [Bucket](repeating: Bucket(), count: capacity)
        var keyBytes: [UInt8] = []
        for (i, id) in ids.enumerated() {
            let bytes = Array(id.utf8)
            let h = bytes.withUnsafeBufferPointer(ByteKeyTable.hash)
            var b = Int(truncatingIfNeeded: h) & (capacity - 1)
            while buckets[b].entry >= 0 { b = (b + 1) & (capacity - 1) }
            buckets[b] = Bucket(hash: h, keyStart: Int32(keyBytes.count), keyLength: Int32(bytes.count), entry: Int32(i))
            keyBytes += bytes
        }
        self.keyBytes = keyBytes
        self.buckets = buckets
    }

    /// The index of `id`; nil when it is not in the table.
    func index(of id: String) -> Int? {
        if let found = id.utf8.withContiguousStorageIfAvailable({ index(ofBytes: $0) }) { return found }
        return Array(id.utf8).withUnsafeBufferPointer { index(ofBytes: $0) }
    }

    private func index(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = ByteKeyTable.hash(bytes)
        let count = bytes.count
        return buckets.withUnsafeBufferPointer { table in
            keyBytes.withUnsafeBufferPointer { keys in
                let mask = table.count - 1
                var b = Int(truncatingIfNeeded: h) & mask
                while true {
                    let bucket = table[b]
                    if bucket.entry < 0 { return nil }
                    if bucket.hash == h, Int(bucket.keyLength) == count,
                       count == 0 || ByteKeyTable.equal(keys.baseAddress! + Int(bucket.keyStart), bytes.baseAddress!, count) {
                        return Int(bucket.entry)
                    }
                    b = (b + 1) & mask
                }
            }
        }
    }

    /// An id's length and its first and last eight bytes (fewer for a short id), whatever its
    /// length: ids are short and rarely share both ends, and the bytes are compared in full on
    /// a hash match anyway. Hashing every byte was most of a lookup. No seed or state, so a
    /// table built once serves every lookup; the last steps mix the high bits down into the
    /// low ones the table indexes by.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return UInt64(count) &* k }
        let (head, tail) = ends(UnsafeRawPointer(base), count)
        var h = (UInt64(count) ^ head) &* k
        h ^= h >> 29
        h = (h ^ tail) &* k
        h ^= h >> 32
        return h
    }

    /// The first and last eight bytes of `count` bytes at `p` (they overlap when `count` < 16);
    /// below eight, the first and last four, two or one. Loads that never leave the bytes.
    @inline(__always)
    private static func ends(_ p: UnsafeRawPointer, _ count: Int) -> (UInt64, UInt64) {
        if count >= 8 {
            return (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }
        if count >= 4 {
            return (UInt64(p.loadUnaligned(as: UInt32.self)), UInt64(p.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
        }
        if count >= 2 {
            return (UInt64(p.loadUnaligned(as: UInt16.self)), UInt64(p.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
        }
        let byte = UInt64(p.load(as: UInt8.self))
        return (byte, byte)
    }

    /// Whether `count` (> 0) bytes at `a` and `b` are equal: inline, as ids are short enough
    /// that calling `memcmp` cost more than comparing. Whole words, the last one overlapping.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        guard count >= 8 else { return ends(x, count) == ends(y, count) }
        var i = 0
        while i + 8 < count {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        return x.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
}
