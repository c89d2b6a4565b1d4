import Foundation

/// A set of ids, found by their UTF-8 bytes with `VocabularyTable`'s hash: the compiler checks
/// every evidence id each rule cites, and `Set<String>` hashed each one with SipHash and
/// compared it as a Unicode string, about 480 instructions a lookup.
struct IDSet: Sendable {
    /// An id's hash and where its bytes are; `length` -1 is an empty slot.
    private struct Bucket: Sendable {
        var hash: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = -1
    }

    private let keyBytes: [UInt8]
    private let buckets: [Bucket]

    init(_ ids: some Sequence<String>) {
        let distinct = Array(Set(ids))
        // At most a quarter full, so probes stay short.
        var capacity = 8
        while capacity < distinct.count * 4 { capacity *= 2 }
        var buckets = [Bucket](repeating: Bucket(), count: capacity)
        var keyBytes: [UInt8] = []
        for id in distinct {
            let bytes = Array(id.utf8)
            let h = bytes.withUnsafeBufferPointer(VocabularyTable.hash)
            var b = Int(truncatingIfNeeded: h) & (capacity - 1)
            while buckets[b].length >= 0 { b = (b + 1) & (capacity - 1) }
            buckets[b] = Bucket(hash: h, start: Int32(keyBytes.count), length: Int32(bytes.count))
            keyBytes += bytes
        }
        self.keyBytes = keyBytes
        self.buckets = buckets
    }

    func contains(_ id: String) -> Bool {
        if let found = id.utf8.withContiguousStorageIfAvailable({ contains(bytes: $0) }) { return found }
        return Array(id.utf8).withUnsafeBufferPointer { contains(bytes: $0) }
    }

    private func contains(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let h = VocabularyTable.hash(bytes)
        return buckets.withUnsafeBufferPointer { table in
            keyBytes.withUnsafeBufferPointer { keys in
                let mask = table.count - 1
                var b = Int(truncatingIfNeeded: h) & mask
                while true {
                    let bucket = table[b]
                    if bucket.length < 0 { return false }
                    if bucket.hash == h, Int(bucket.length) == bytes.count,
                       bytes.count == 0 || memcmp(keys.baseAddress! + Int(bucket.start), bytes.baseAddress!, bytes.count) == 0 {
                        return true
                    }
                    b = (b + 1) & mask
                }
            }
        }
    }
}
