extension String {
    /// Every occurrence of `target` replaced by `replacement`, left to right, matching bytes
    /// as written. Foundation's `replacingOccurrences(of:with:)` did this before; it lives in
    /// swift-corelibs-foundation (see `ConditionLock`). The standard library's
    /// `replacing(_:with:)` matches whole characters, so it misses the `\r` of a `\r\n`.
    func replacingEvery(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == needle[0], i + needle.count <= bytes.count, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                out += replacement.utf8
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `target`'s bytes occur in this string's.
    func containsBytes(of target: String) -> Bool {
        utf8.firstRange(of: target.utf8) != nil
    }
}
