/// Numbers as clinical values accept them: decimal only. YAML's `.nan`, `.inf`, hex and octal
/// forms and values that overflow a Double are refused with a reason rather than misread.
enum NumberSyntax {
    static func parse(_ text: Substring) -> Double? {
        if let value = shortDecimal(text) { return value == 0 ? 0 : value }
        guard isDecimal(text), let value = Double(text), value.isFinite else { return nil }
        return value == 0 ? 0 : value   // -0 reads as 0
    }

    /// Powers of ten a Double holds exactly.
    private static let exactPowers: [Double] = (0...22).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

    /// `[+-]digits[.digits]` with at most 15 digits in all and no leading zero before another
    /// digit, read without `strtod` (about 600 instructions a number, through a C string): the
    /// digits make an integer below 2^53, and dividing it by an exact power of ten rounds once,
    /// correctly, so the result is the correctly rounded value `Double(text)` gives. nil for
    /// any other text, which the general path reads or refuses.
    static func shortDecimal(_ text: Substring) -> Double? {
        let found: Double?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Double? in
            var i = 0
            let count = bytes.count
            var negative = false
            if i < count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var mantissa: UInt64 = 0
            var digits = 0, integerDigits = 0, fractionDigits = 0
            let integerStart = i
            while i < count, bytes[i] >= 48, bytes[i] <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 48)
                integerDigits += 1
                i += 1
            }
            if integerDigits > 1, bytes[integerStart] == 48 { return nil }
            if i < count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                while i < count, bytes[i] >= 48, bytes[i] <= 57 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 48)
                    fractionDigits += 1
                    i += 1
                }
            }
            digits = integerDigits + fractionDigits
            guard i == count, digits > 0, digits <= 15 else { return nil }
            let magnitude = Double(mantissa) / exactPowers[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        return found ?? nil
    }

    static func parse(_ text: String) -> Double? { parse(Substring(text)) }

    /// `-12`, `3.5`, `.5`, `0.5`, `1e3`, `+2.0E-3`; nothing else. A leading zero before another
    /// digit (`017`) is refused: YAML 1.1 readers take it as octal (15), YAML 1.2 ones as 17, so
    /// the author's intent is unclear.
    static func isDecimal(_ text: Substring, allowLeadingZero: Bool = false) -> Bool {
        var digits = 0
        var iterator = text.utf8.makeIterator()
        var c = iterator.next()
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = iterator.next() }
        let leadingZero = c == UInt8(ascii: "0")
        var integerDigits = 0
        while let d = c, d >= 48, d <= 57 { digits += 1; integerDigits += 1; c = iterator.next() }
        if leadingZero, integerDigits > 1, !allowLeadingZero { return false }
        if c == UInt8(ascii: ".") {
            c = iterator.next()
            while let d = c, d >= 48, d <= 57 { digits += 1; c = iterator.next() }
        }
        guard digits > 0 else { return false }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            c = iterator.next()
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = iterator.next() }
            var exponentDigits = 0
            while let d = c, d >= 48, d <= 57 { exponentDigits += 1; c = iterator.next() }
            guard exponentDigits > 0 else { return false }
        }
        return c == nil
    }

    /// Why `text` is not accepted as a number, for forms that other YAML readers would take.
    static func rejectionReason(_ text: String) -> String? {
        let lower = text.lowercased()
        if [".nan", ".inf", "+.inf", "-.inf", "nan", "inf", "infinity", "-infinity"].contains(lower) {
            return "'\(text)' is not a finite number"
        }
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("-0x") || lower.hasPrefix("0b") {
            return "'\(text)' is a hexadecimal, octal or binary literal; write the value in decimal"
        }
        if !isDecimal(Substring(text)), isDecimal(Substring(text), allowLeadingZero: true) {
            return "'\(text)' has a leading zero, which YAML 1.1 readers take as octal; write the number without it"
        }
        if isDecimal(Substring(text)), let value = Double(text), !value.isFinite {
            return "'\(text)' is out of range for a number"
        }
        return nil
    }
}
