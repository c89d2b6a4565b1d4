/// The byte buffer a JSON line is written into, with the few value writers a line needs. Keys
/// and brackets are written as constants; strings are escaped as `JSONWriter` escapes them;
/// numbers come out as `Double.shortDescription` writes them, straight into the buffer.
struct JSONLineWriter {
    var bytes: [UInt8]

    @inline(__always) mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        bytes.append(b)
    }

    @inline(__always) mutating func string(_ s: String) {
        JSONWriter.appendQuoted(s, to: &bytes)
    }

    mutating func string(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int(_ v: Int) {
        if v < 0 {
            if v == .min { bytes.append(contentsOf: String(v).utf8); return }
            byte(UInt8(ascii: "-"))
            digits(UInt64(-v))
        } else {
            digits(UInt64(v))
        }
    }

    /// A finite double as `Double.shortDescription` (`10`, `4.21`); null otherwise.
    mutating func number(_ v: Double) {
        if v.isFinite { shortNumber(v) } else { raw("null") }
    }

    mutating func strings<S: Sequence>(_ items: S) where S.Element == String {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Constant bytes made once per program (see `JSONFragments`).
    @inline(__always) mutating func copy(_ fragment: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: fragment)
    }

    @inline(__always) mutating func comma(_ needed: Bool) {
        if needed { bytes.append(UInt8(ascii: ",")) }
    }

    /// The decimal digits of `v`, most significant first.
    mutating func digits(_ v: UInt64) {
        if v < 10 { byte(UInt8(truncatingIfNeeded: v) &+ 48); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var v = v
            var i = 20
            repeat {
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            } while v > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<20]))
        }
    }
}
