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
            ends.withUnsafeBufferPointer { ends in
                let base = text.baseAddress
                func precedes(_ a: Int, _ b: Int) -> Bool {
                    let startA = a == 0 ? 0 : ends[a - 1], startB = b == 0 ? 0 : ends[b - 1]
                    let lengthA = ends[a] - startA, lengthB = ends[b] - startB
                    let common = min(lengthA, lengthB)
                    let c = common == 0 ? 0 : memcmp(base! + startA, base! + startB, common)
                    return c != 0 ? c < 0 : lengthA < lengthB
                }
                return ids.indices.sorted(by: precedes)
            }
        }
    }
}
