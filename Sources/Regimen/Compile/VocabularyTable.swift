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

    private let keyBytes: [UInt8]
    /// Entry i's id is `keyBytes[keyBounds[i]..<keyBounds[i + 1]]`.
    private let keyBounds: [Int32]
    private let entries: [Entry]
    /// Each entry's full hash, compared before its bytes.
    private let hashes: [UInt64]
    /// Entry index + 1 per bucket; 0 is empty.
    private let buckets: [Int32]

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
        var keyBytes: [UInt8] = [], keyBounds: [Int32] = [0]
        for id in ids {
            keyBytes += id.utf8
            keyBounds.append(Int32(keyBytes.count))
        }
        // At most half full, so probes stay short.
        var capacity = 8
        while capacity < ids.count * 2 { capacity *= 2 }
        var buckets = [Int32](repeating: 0, count: capacity)
        let hashes = ids.map { Array($0.utf8).withUnsafeBufferPointer(VocabularyTable.hash) }
        for (i, h) in hashes.enumerated() {
            var b = Int(truncatingIfNeeded: h) & (capacity - 1)
            while buckets[b] != 0 { b = (b + 1) & (capacity - 1) }
            buckets[b] = Int32(i + 1)
        }
        self.keyBytes = keyBytes
        self.keyBounds = keyBounds
        self.entries = entries
        self.buckets = buckets
        self.hashes = hashes
    }

    /// Eight bytes per multiply (a byte at a time, the multiply chain was most of a lookup);
    /// no seed or state, so a table built once serves every lookup.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(bytes.count) &* k
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h ^= h >> 29
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            for j in i..<bytes.count { tail |= UInt64(base[j]) << (8 * UInt64(j - i)) }
            h = (h ^ tail) &* k
            h ^= h >> 29
        }
        return h
    }

    /// The slots `id` has; nil when it is in no namespace.
    func find(_ id: String) -> Entry? {
        if let found = id.utf8.withContiguousStorageIfAvailable({ find(bytes: $0) }) { return found }
        return Array(id.utf8).withUnsafeBufferPointer { find(bytes: $0) }
    }

    private func find(bytes: UnsafeBufferPointer<UInt8>) -> Entry? {
        let h = VocabularyTable.hash(bytes)
        let mask = buckets.count - 1
        var b = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(buckets[b])
            if e == 0 { return nil }
            if hashes[e - 1] == h {
                let lower = Int(keyBounds[e - 1]), upper = Int(keyBounds[e])
                if upper - lower == bytes.count, keyBytes.withUnsafeBufferPointer({ keys in
                    bytes.count == 0 || memcmp(keys.baseAddress! + lower, bytes.baseAddress!, bytes.count) == 0
                }) { return entries[e - 1] }
            }
            b = (b + 1) & mask
        }
    }
}
