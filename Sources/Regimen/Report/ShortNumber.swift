/// `Double.shortDescription` without the standard library's float printing: the patient's
/// numbers (`3.44`, `50.9`, `7.49`) have a few decimals, so they are found as the fewest
/// decimals that read back as the same double; anything else (large, tiny, or with two
/// candidates the same length) is left to the standard library's description, so the text is
/// always what `"\(v)"` gives. Explanations build a value's text for every matched test and
/// JSON lines write one for every number, so this is on both paths; the description it replaces
/// cost about 500 instructions a value.
enum ShortNumber {
    private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7]

    /// Where the digits go: a JSON line, or a text on the stack. A protocol rather than
    /// closures: closures that captured the text's length made the compiler box it and check
    /// every access to it at run time.
    protocol Sink {
        mutating func byte(_ b: UInt8)
        mutating func digits(_ v: UInt)
    }

    /// The digits of a finite `v` in `shortDescription`'s form, written into `sink`; false,
    /// with nothing written, when `v` needs the standard library's description.
    @inline(__always)
    static func write<S: Sink>(_ v: Double, into sink: inout S) -> Bool {
        let magnitude = v.magnitude
        if v == v.rounded(), magnitude < 1e15 {
            if v < 0 { sink.byte(UInt8(ascii: "-")) }
            sink.digits(UInt(magnitude))
            return true
        }
        guard magnitude >= 1e-3, magnitude < 1e9, let (mantissa, decimals) = fewestDecimals(magnitude) else { return false }
        if v < 0 { sink.byte(UInt8(ascii: "-")) }
        let scale = UInt(powers[decimals])
        sink.digits(mantissa / scale)
        sink.byte(UInt8(ascii: "."))
        // The fewest decimals end in a non-zero digit, so the fraction is not zero; its
        // leading zeros (`0.05`) first, then its digits.
        let fraction = mantissa % scale
        var place = scale / 10
        while place > fraction {
            sink.byte(UInt8(ascii: "0"))
            place /= 10
        }
        sink.digits(fraction)
        return true
    }

    /// How many decimal digits `v` has.
    @inline(__always)
    static func digitCount(_ v: UInt) -> Int {
        var length = 1
        var rest = v / 10
        while rest > 0 { length += 1; rest /= 10 }
        return length
    }

    /// The `length` decimal digits of `v`, most significant first, from `start`.
    @inline(__always)
    static func writeDigits(_ v: UInt, length: Int, at start: UnsafeMutablePointer<UInt8>) {
        var left = v
        var i = length
        repeat {
            i -= 1
            start[i] = UInt8(truncatingIfNeeded: left % 10) &+ 48
            left /= 10
        } while left > 0
    }

    /// A text being made in a buffer on the stack.
    private struct StackText: Sink {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func byte(_ b: UInt8) {
            buffer[count] = b
            count += 1
        }

        mutating func digits(_ v: UInt) {
            let length = digitCount(v)
            writeDigits(v, length: length, at: buffer.baseAddress! + count)
            count += length
        }

        /// A space, then `text` between `open` and `close` when given; false, with nothing
        /// written, when it does not fit.
        mutating func append(_ text: String, open: UInt8? = nil, close: UInt8? = nil) -> Bool {
            var text = text
            return text.withUTF8 { utf8 in
                guard count + 3 + utf8.count <= buffer.count else { return false }
                byte(UInt8(ascii: " "))
                if let open { byte(open) }
                for b in utf8 { byte(b) }
                if let close { byte(close) }
                return true
            }
        }
    }

    /// `v` as `shortDescription` gives it, then ` unit` and ` (band)` when given (`18 mg/L`,
    /// `58 years`, `29 (high)`), made in one go from at most 64 bytes on the stack: a text of up
    /// to 15 bytes (nearly every value) is a small string, with no allocation. Joining the
    /// number's String and the unit's with `+` cost about 200 instructions a join. nil when
    /// the number needs the standard library's description or the text does not fit.
    static func text(_ v: Double, unit: String? = nil, band: String? = nil) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> String? in
            var text = StackText(buffer: buffer)
            guard write(v, into: &text) else { return nil }
            if let unit, !text.append(unit) { return nil }
            if let band, !text.append(band, open: UInt8(ascii: "("), close: UInt8(ascii: ")")) { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<text.count]), as: UTF8.self)
        }
    }

    /// The integer m and count k (1...7) of the shortest decimal m / 10^k that reads back as
    /// `x` (positive, not whole), or nil when it is not one clear candidate. Reading back is
    /// exact: m and 10^k are exact doubles (m below 2^50), and one IEEE division rounds m / 10^k
    /// correctly, as parsing its digits does. Any decimal that reads back lies within a quarter
    /// of a unit of x · 10^k there, so the neighbours of the rounded product are all to try.
    private static func fewestDecimals(_ x: Double) -> (UInt, Int)? {
        for k in 1...7 {
            let p = powers[k]
            let product = x * p
            guard product < 0x1p50 else { return nil }
            let m = product.rounded()
            var found: Double?
            for offset in -1...1 {
                let candidate = m + Double(offset)
                guard candidate > 0, candidate / p == x else { continue }
                if found != nil { return nil }
                found = candidate
            }
            if let found { return (UInt(found), k) }
        }
        return nil
    }
}

extension JSONLineWriter: ShortNumber.Sink {
    /// `v.shortDescription`, written straight into the line without making a String. Only for
    /// finite values (callers write null for the others).
    mutating func shortNumber(_ v: Double) {
        if !ShortNumber.write(v, into: &self) { escaped("\(v)") }
    }
}

extension Double {
    /// `10` rather than `10.0`; short, round-trippable otherwise: `"\(self)"` for every value
    /// that is not whole.
    var shortDescription: String {
        ShortNumber.text(self) ?? "\(self)"
    }

    /// `shortDescription`, a space and `unit`: `1.8 mg/dL`, `58 years`.
    func shortDescription(unit: String) -> String {
        ShortNumber.text(self, unit: unit) ?? "\(shortDescription) \(unit)"
    }

    /// `shortDescription`, then the band in parentheses when there is one: `29 (high)`.
    func shortDescription(band: String?) -> String {
        ShortNumber.text(self, band: band) ?? (band.map { "\(shortDescription) (\($0))" } ?? shortDescription)
    }
}
