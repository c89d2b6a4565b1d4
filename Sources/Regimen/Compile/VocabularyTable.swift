import Foundation

/// Every id of a program's vocabulary with its slot in each namespace, found by one probe of
/// an open-addressing table hashed over the id's UTF-8 bytes. Binding resolves every id a
/// profile names; String-keyed dictionaries hashed each id with SipHash once per namespace
/// tried, which was a large part of binding.
struct VocabularyTable: Sendable {
    /// An id's slot as a condition, marker, scale, derived fact and option; -1 where it is none.
    struct Entry: Sendable {
        var condition: Int32 = -1
        var marker: Int32 = -1
        var scale: Int32 = -1
        var derived: Int32 = -1
        var option: Int32 = -1
    }

    /// One slot of the open-addressing table: an id's full hash (compared before its bytes),
    /// where its bytes are, and its entry; `entry` -1 is an empty slot. One record per probe,
    /// instead of a read from each of four arrays.
    private struct Bucket: Sendable {
        var hash: UInt64 = 0
        var keyStart: Int32 = 0
        var keyLength: Int32 = 0
        var entry: Int32 = -1
    }

    /// Every id's UTF-8 bytes, one after another.
    private let keyBytes: [UInt8]
    private let entries: [Entry]
    private let buckets: [Bucket]
    /// The ids short enough to be small strings, by their two words (see `SmallKey`); empty
    /// where `String` is not two words.
    private let smallBuckets: [SmallBucket]

    /// A slot of the small-id table: an id's two words and its entry; `entry` -1 is empty.
    private struct SmallBucket: Sendable {
        var key = SmallKey(low: 0, high: 0)
        var entry: Int32 = -1
    }

    /// The first slot of a duplicated id wins, as in the dictionaries the compiler builds.
    init(_ ruleSet: RuleSet) {
        var index: [String: Int] = [:]
        var ids: [String] = []
        var entries: [Entry] = []
        func add(_ id: String, _ set: (inout Entry) -> Void) {
            let i = index[id] ?? {
                ids.append(id); entries.append(Entry()); index[id] = entries.count - 1
                return entries.count - 1
            }()
            set(&entries[i])
        }
        for (s, c) in ruleSet.conditions.enumerated() { add(c.id) { if $0.condition < 0 { $0.condition = Int32(s) } } }
        for (s, m) in ruleSet.markers.enumerated() { add(m.id) { if $0.marker < 0 { $0.marker = Int32(s) } } }
        for (s, c) in ruleSet.scales.enumerated() { add(c.id) { if $0.scale < 0 { $0.scale = Int32(s) } } }
        for (s, d) in ruleSet.derived.enumerated() { add(d.id) { if $0.derived < 0 { $0.derived = Int32(s) } } }
        for (s, o) in ruleSet.options.enumerated() { add(o.id) { if $0.option < 0 { $0.option = Int32(s) } } }
        // At most a quarter full, so probes stay short.
        var capacity = 8
        while capacity < ids.count * 4 { capacity *= 2 }
        var buckets = [Bucket](repeating: Bucket(), count: capacity)
        var keyBytes: [UInt8] = []
        for (i, id) in ids.enumerated() {
            let bytes = Array(id.utf8)
            let h = bytes.withUnsafeBufferPointer(VocabularyTable.hash)
            var b = Int(truncatingIfNeeded: h) & (capacity - 1)
            while buckets[b].entry >= 0 { b = (b + 1) & (capacity - 1) }
            buckets[b] = Bucket(hash: h, keyStart: Int32(keyBytes.count), keyLength: Int32(bytes.count), entry: Int32(i))
            keyBytes += bytes
        }
        self.keyBytes = keyBytes
        self.entries = entries
        self.buckets = buckets
        var small = [SmallBucket](repeating: SmallBucket(), count: SmallKey.isAvailable ? capacity : 0)
        if SmallKey.isAvailable {
            for (i, id) in ids.enumerated() {
                // Made afresh from the bytes: a string of up to 15 bytes made that way is small.
                guard let key = SmallKey(String(decoding: Array(id.utf8), as: UTF8.self)) else { continue }
                var b = Int(truncatingIfNeeded: key.hash) & (capacity - 1)
                while small[b].entry >= 0 { b = (b + 1) & (capacity - 1) }
                small[b] = SmallBucket(key: key, entry: Int32(i))
            }
        }
        self.smallBuckets = small
    }

    /// An id's length and its first and last eight bytes (fewer for a short id), whatever its
    /// length: ids are short and rarely share both ends, and the bytes are compared in full on
    /// a hash match anyway. Hashing every byte was most of a lookup. No seed or state, so a
    /// table built once serves every lookup; the last steps mix the high bits down into the
    /// low ones the table indexes by.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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

    /// The slots `id` has; nil when it is in no namespace. Inline: a lookup is short enough
    /// that the call's own saving and restoring of registers was a fifth of it.
    @inline(__always)
    func find(_ id: String) -> Entry? {
        // A miss is checked again by the bytes: equal words always mean equal bytes, so a hit
        // is sound, but a miss rests on the standard library making every small string of the
        // same bytes with the same flags. Misses are rare (ids in no namespace), and the
        // second look means a layout change can cost time, never a known id.
        if let key = SmallKey(id) { return find(small: key) ?? findByBytes(id) }
        return findByBytes(id)
    }

    /// `find` through the bytes, whatever the string's form.
    func findByBytes(_ id: String) -> Entry? {
        if let found = id.utf8.withContiguousStorageIfAvailable({ find(bytes: $0) }) { return found }
        return Array(id.utf8).withUnsafeBufferPointer { find(bytes: $0) }
    }

    /// A small id is its two words: one probe compares them, with no bytes copied out, no
    /// length dispatch and no byte comparison. Every vocabulary id of up to 15 bytes is in the
    /// small table.
    private func find(small key: SmallKey) -> Entry? {
        smallBuckets.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var b = Int(truncatingIfNeeded: key.hash) & mask
            while true {
                let bucket = table[b]
                if bucket.entry < 0 { return nil }
                if bucket.key == key { return entries[Int(bucket.entry)] }
                b = (b + 1) & mask
            }
        }
    }

    private func find(bytes: UnsafeBufferPointer<UInt8>) -> Entry? {
        let h = VocabularyTable.hash(bytes)
        let count = bytes.count
        return buckets.withUnsafeBufferPointer { table in
            keyBytes.withUnsafeBufferPointer { keys in
                let mask = table.count - 1
                var b = Int(truncatingIfNeeded: h) & mask
                while true {
                    let bucket = table[b]
                    if bucket.entry < 0 { return nil }
                    if bucket.hash == h, Int(bucket.keyLength) == count,
                       count == 0 || VocabularyTable.equal(keys.baseAddress! + Int(bucket.keyStart), bytes.baseAddress!, count) {
                        return entries[Int(bucket.entry)]
                    }
                    b = (b + 1) & mask
                }
            }
        }
    }
}

/// A small string's two words, which are its whole value: its UTF-8 bytes in order, zero
/// padded, then a byte with its length and form flags, all set from the bytes alone, so two
/// small strings are equal byte for byte exactly when their words are. A string in any other
/// form (native storage, shared, bridged, or `String` not two words on this platform) gives
/// nil and is looked up by its bytes. The flag tested is the one the standard library's own
/// `_StringObject` reads (`isSmall`, bit 61 of the second word on 64-bit platforms);
/// `VocabularyTableTests` check the two lookups agree for strings made every usual way.
struct SmallKey: Hashable, Sendable {
    var low: UInt64
    var high: UInt64

    /// Two words, and the flag in the last byte of the second, as on the 64-bit
    /// little-endian platforms.
    static var isAvailable: Bool { MemoryLayout<String>.size == 16 && 1.littleEndian == 1 }

    @inline(__always)
    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    @inline(__always)
    init?(_ id: String) {
        guard SmallKey.isAvailable else { return nil }
        let (low, high) = withUnsafeBytes(of: id) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
        // Small (bit 61) and not foreign (bit 60).
        guard high & (0b11 << 60) == (0b10 << 60) else { return nil }
        self.init(low: low, high: high)
    }

    @inline(__always)
    var hash: UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        // Each product's high half depends on every bit of its input: folded down into the
        // low bits the table indexes by.
        var h = low &* k
        h = (h ^ (h >> 32) ^ high) &* k
        h ^= h >> 32
        return h
    }
}
