import Foundation

/// The order `String`'s `<` puts ids in, worked out on their bytes. Ids are ASCII (the decoder
/// checks them), and ASCII text compares as `String` exactly as its bytes do, so sorting ten
/// thousand rule ids need not compare them as Unicode strings, which cost most of the sort.
enum IDOrder {
    /// The positions of `ids`, in the order `ids[i] < ids[j]` sorts them (stably).
    static func sorted(_ ids: [String]) -> [Int] {
        // Every id's bytes, end to end, and where each one ends.
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(ids.count)
        for var id in ids {
            let ascii = id.withUTF8 { utf8 in
                bytes.append(contentsOf: utf8)
                return utf8.allSatisfy { $0 < 0x80 }
            }
            // Beyond ASCII, byte order and `String` order part ways: compare as strings.
            guard ascii else { return ids.indices.sorted { ids[$0] < ids[$1] } }
            ends.append(bytes.count)
        }
        return bytes.withUnsafeBufferPointer { text in
            ends.withUnsafeBufferPointer { ends in sortedByChunks(text, ends) }
        }
    }

    /// The ids' positions in byte order, ties by position: sorted eight bytes at a time, as
    /// integers, and only the runs that agree on a chunk and go on past it sorted again by the
    /// next. Comparing whole ids with `memcmp` through a closure cost about 1,400 instructions
    /// per id for ten thousand rule ids, which share long prefixes (`gen.neuropathic.r00001`),
    /// against about 840 this way.
    private static func sortedByChunks(_ text: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) -> [Int] {
        var order = Array(ends.indices)
        /// Id `id`'s bytes from `offset`, big-endian and zero-padded, and how many remain
        /// there (at most 9: more than a chunk) above its position. An id that ends inside
        /// the chunk is a prefix of any longer id with the same chunk, and fewer remaining
        /// bytes put it first; ids equal to the end keep their positions' order.
        func key(_ id: Int, _ offset: Int) -> (chunk: UInt64, rest: UInt64) {
            let from = (id == 0 ? 0 : ends[id - 1]) + offset
            let remaining = max(ends[id] - from, 0)
            var chunk: UInt64 = 0
            if remaining >= 8 {
                chunk = UnsafeRawPointer(text.baseAddress! + from).loadUnaligned(as: UInt64.self).bigEndian
            } else {
                for j in 0..<remaining { chunk |= UInt64(text[from + j]) << (56 - 8 * j) }
            }
            return (chunk, UInt64(min(remaining, 9)) << 32 | UInt64(id))
        }
        var keyed: [(chunk: UInt64, rest: UInt64)] = []
        keyed.reserveCapacity(order.count)
        // Runs of `order` whose ids agree on their first `offset` bytes and all go on past them.
        var work: [(lower: Int, upper: Int, offset: Int)] = [(0, order.count, 0)]
        while let (lower, upper, offset) = work.popLast() {
            keyed.removeAll(keepingCapacity: true)
            for p in lower..<upper { keyed.append(key(order[p], offset)) }
            keyed.sort { $0.chunk != $1.chunk ? $0.chunk < $1.chunk : $0.rest < $1.rest }
            for (i, k) in keyed.enumerated() { order[lower + i] = Int(k.rest & 0xFFFF_FFFF) }
            var i = 0
            while i < keyed.count {
                var end = i + 1
                while end < keyed.count, keyed[end].chunk == keyed[i].chunk { end += 1 }
                // Those that go on past the chunk come last among equal chunks.
                var longer = i
                while longer < end, keyed[longer].rest >> 32 < 9 { longer += 1 }
                if end - longer > 1 { work.append((lower + longer, lower + end, offset + 8)) }
                i = end
            }
        }
        return order
    }
}
