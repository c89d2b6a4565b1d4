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

    private let entries: [Entry]
    /// Every id, found by its bytes; an id's index there is its entry's.
    private let keys: ByteKeyTable
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
        self.entries = entries
        keys = ByteKeyTable(ids)
        // At most a quarter full, so probes stay short.
        var capacity = 8
        while capacity < ids.count * 4 { capacity *= 2 }
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
        keys.index(of: id).map { entries[$0] }
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
