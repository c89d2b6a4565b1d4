/// What `NodeDecoder.string` needs to know of a scalar's bytes before trusting it as text:
/// whether some byte is a visible ASCII character, and whether some byte is neither that nor
/// a space, newline or tab (a control character, DEL, or any non-ASCII byte). Titles and
/// reasons run to a hundred bytes and more, read one at a time for every rule; eight bytes of
/// printable ASCII, the usual case, are settled by a few word operations.
enum VisibleText {
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> (visible: Bool, suspicious: Bool) {
        var visible = false, suspicious = false
        guard let base = bytes.baseAddress else { return (false, false) }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if isPrintableASCII(word) {
                // Printable ASCII is visible unless it is a space.
                if word != 0x2020_2020_2020_2020 { visible = true }
            } else {
                for j in i..<i + 8 { classify(base[j], &visible, &suspicious) }
            }
            i += 8
        }
        while i < count {
            classify(base[i], &visible, &suspicious)
            i += 1
        }
        return (visible, suspicious)
    }

    /// The byte-at-a-time rule the word test stands in for.
    @inline(__always)
    static func classify(_ byte: UInt8, _ visible: inout Bool, _ suspicious: inout Bool) {
        if byte > 0x20 && byte < 0x7F { visible = true } else if byte != 0x20 && byte != 0x0A && byte != 0x09 { suspicious = true }
    }

    /// Whether all eight bytes are 0x20...0x7E: no high bit, none below 0x20, none 0x7F.
    @inline(__always)
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        if word & highs != 0 { return false }
        // With every high bit clear, a byte below 0x20 borrows into its high bit.
        if (word &- 0x20 &* ones) & ~word & highs != 0 { return false }
        let del = word ^ (0x7F &* ones)
        return (del &- ones) & ~del & highs == 0
    }
}
