import Foundation

/// A set of numbers a test accepts: `> 10`, `<= 2.6`, `== 0`, `4..10`, or `!= 0`.
public struct Interval: Sendable, Hashable, CustomStringConvertible {
    /// Lower bound; nil means no lower bound.
    public var lower: Double?
    /// Whether ``lower`` itself is in the set (`>=` rather than `>`).
    public var lowerInclusive: Bool
    /// Upper bound; nil means no upper bound.
    public var upper: Double?
    /// Whether ``upper`` itself is in the set (`<=` rather than `<`).
    public var upperInclusive: Bool
    /// `!= x` is the one test that is not an interval: everything but one point.
    public var excluded: Double?

    /// Creates an interval; with no arguments, every number. `Interval(lower: 10, lowerInclusive: false)` is
    /// `> 10`; when `excluded` is set the bounds are ignored and the set is every number but that one.
    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true, excluded: Double? = nil) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
        self.excluded = excluded
    }

    /// Whether `value` passes the test.
    @inline(__always)
    public func contains(_ value: Double) -> Bool {
        if let excluded { return value != excluded }
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return true
    }

    /// The same set with every bound multiplied by `factor` (a unit conversion).
    func scaled(by factor: Double) -> Interval {
        guard factor != 1 else { return self }
        return Interval(
            lower: lower.map { Units.normalized($0 * factor) }, lowerInclusive: lowerInclusive,
            upper: upper.map { Units.normalized($0 * factor) }, upperInclusive: upperInclusive,
            excluded: excluded.map { Units.normalized($0 * factor) })
    }

    /// The test in rule syntax: `> 10`, `4..10`, `> 3.2 and <= 5.1`, `== 0`, `!= 0`, or `any value`.
    public var description: String {
        if let excluded { return "!= \(excluded.shortDescription)" }
        switch (lower, upper) {
        case let (l?, u?) where l == u && lowerInclusive && upperInclusive: return "== \(l.shortDescription)"
        case let (l?, u?) where lowerInclusive && upperInclusive: return "\(l.shortDescription)..\(u.shortDescription)"
        case let (l?, u?): return "\(lowerInclusive ? ">=" : ">") \(l.shortDescription) and \(upperInclusive ? "<=" : "<") \(u.shortDescription)"
        case let (l?, nil): return "\(lowerInclusive ? ">=" : ">") \(l.shortDescription)"
        case let (nil, u?): return "\(upperInclusive ? "<=" : "<") \(u.shortDescription)"
        case (nil, nil): return "any value"
        }
    }
}

/// A test written as text in a rule: an interval with an optional unit, or a band name.
struct TestSyntax: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case interval(Interval, unit: String?)
        case band(String)
    }

    var kind: Kind
    /// The text as the author wrote it, for explanations ("crp > 10 mg/L").
    var text: String

    /// Parses `> 10 mg/L`, `>= 27`, `4..10`, `4..10 mg/L`, `== 0`, `!= 0` or a band name.
    /// Returns an error message (without location) when the text is none of those.
    static func parse(_ raw: String, allowBand: Bool = true) -> Result<TestSyntax, TestSyntaxError> {
        // A band name (`high`), half of all tests, has no white space to trim and is no
        // comparison: the general reading's answer without its trimming and searching, which
        // cost about 1,300 instructions per band test.
        if allowBand, Identifier.isVocabularyID(raw) { return .success(TestSyntax(kind: .band(raw), text: raw)) }
        if let comparison = plainComparison(raw) { return .success(comparison) }
        return parseGenerally(raw, allowBand: allowBand)
    }

    /// `parse` without the shortcut for plain comparisons.
    static func parseGenerally(_ raw: String, allowBand: Bool) -> Result<TestSyntax, TestSyntaxError> {
        let text = raw.trimmingWhitespace()
        if allowBand, Identifier.isVocabularyID(text) {
            return .success(TestSyntax(kind: .band(text), text: text))
        }
        if let and = text.rangeOfASCII(" and ") {
            // `> 3.2 and <= 5.1`: a half-open range, as clinical bands are usually written.
            let left = parse(String(text[..<and.lowerBound]), allowBand: false)
            let right = parse(String(text[and.upperBound...]), allowBand: false)
            guard case .success(let a) = left, case .success(let b) = right,
                  case .interval(let x, let xUnit) = a.kind, case .interval(let y, let yUnit) = b.kind,
                  x.excluded == nil, y.excluded == nil,
                  (x.lower != nil && x.upper == nil && y.upper != nil && y.lower == nil) else {
                return .failure(.init("'\(text)' must read '> LOW and < HIGH' (a lower bound, then an upper bound, each with >, >=, < or <=)"))
            }
            guard xUnit == nil || yUnit == nil || xUnit == yUnit else {
                return .failure(.init("both bounds of '\(text)' must use the same unit"))
            }
            guard let low = x.lower, let high = y.upper, low < high || (low == high && x.lowerInclusive && y.upperInclusive) else {
                return .failure(.init("the range '\(text)' is empty"))
            }
            let interval = Interval(lower: low, lowerInclusive: x.lowerInclusive, upper: high, upperInclusive: y.upperInclusive)
            return .success(TestSyntax(kind: .interval(interval, unit: xUnit ?? yUnit), text: text))
        }
        for op in [">=", "<=", "==", "!=", ">", "<"] where text.hasPrefix(op) {
            let rest = text.dropFirst(op.count).trimmingWhitespace()
            guard let (value, unit) = splitNumberAndUnit(rest) else {
                return .failure(.init("expected a number after '\(op)' in '\(text)'\(numberReason(Substring(rest)))"))
            }
            let interval: Interval
            switch op {
            case ">=": interval = Interval(lower: value, lowerInclusive: true)
            case ">": interval = Interval(lower: value, lowerInclusive: false)
            case "<=": interval = Interval(upper: value, upperInclusive: true)
            case "<": interval = Interval(upper: value, upperInclusive: false)
            case "==": interval = Interval(lower: value, upper: value)
            default: interval = Interval(excluded: value)
            }
            return .success(TestSyntax(kind: .interval(interval, unit: unit), text: text))
        }
        if text.rangeOfASCII("...") != nil {
            return .failure(.init("'\(text)' has three dots: a range is written with two ('0..5')"))
        }
        if let dots = text.rangeOfASCII("..") {
            let left = text[..<dots.lowerBound].trimmingWhitespace()
            let right = text[dots.upperBound...].trimmingWhitespace()
            guard let low = NumberSyntax.parse(Substring(left)) else {
                return .failure(.init("expected a number before '..' in '\(text)'\(numberReason(Substring(left)))"))
            }
            guard let (high, unit) = splitNumberAndUnit(right) else {
                return .failure(.init("expected a number after '..' in '\(text)'\(numberReason(Substring(right)))"))
            }
            guard low <= high else {
                return .failure(.init("the range '\(text)' is empty: \(low.shortDescription) is above \(high.shortDescription)"))
            }
            return .success(TestSyntax(kind: .interval(Interval(lower: low, upper: high), unit: unit), text: text))
        }
        if NumberSyntax.parse(Substring(text)) != nil {
            return .failure(.init("'\(text)' is a bare number: write a comparison such as '>= \(text)' or '== \(text)', or a range such as '\(text)..\(text)'"))
        }
        return .failure(.init("'\(text.truncatedForMessage)' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name"))
    }

    /// The commonest test, a comparison written plainly (`> 10`, `<= 14.66 10*9/L`: ASCII, an
    /// operator, at most one space, a number, and a unit after one space), read straight from
    /// the bytes; nil for anything else, which `parse` reads the general way. Where both apply
    /// they agree: the general way trims nothing here, finds no ` and ` (that would need a
    /// second space), and splits the number from the unit at the same space.
    private static func plainComparison(_ raw: String) -> TestSyntax? {
        let bytes = raw.utf8
        let count = bytes.count
        guard count >= 2, count <= 64 else { return nil }
        var copy = raw
        return copy.withUTF8 { b -> TestSyntax? in
            for byte in b where byte >= 0x7F || byte < 0x20 { return nil }
            guard b[count - 1] != 0x20 else { return nil }
            let first = b[0], second = b[1]
            let isLess = first == UInt8(ascii: "<"), isGreater = first == UInt8(ascii: ">")
            var i: Int
            let op: UInt8   // 0 >=, 1 <=, 2 ==, 3 !=, 4 >, 5 <
            if second == UInt8(ascii: "=") {
                switch first {
                case UInt8(ascii: ">"): op = 0
                case UInt8(ascii: "<"): op = 1
                case UInt8(ascii: "="): op = 2
                case UInt8(ascii: "!"): op = 3
                default: return nil
                }
                i = 2
            } else if isGreater || isLess {
                op = isGreater ? 4 : 5
                i = 1
            } else {
                return nil
            }
            if i < count, b[i] == 0x20 { i += 1 }
            let numberStart = i
            while i < count, b[i] != 0x20 { i += 1 }
            let numberEnd = i
            guard numberEnd > numberStart else { return nil }
            var unit: String?
            if i < count {
                let unitStart = i + 1
                guard unitStart < count else { return nil }
                for j in unitStart..<count where b[j] == 0x20 { return nil }
                unit = String(decoding: UnsafeBufferPointer(rebasing: b[unitStart..<count]), as: UTF8.self)
            }
            let number = String(decoding: UnsafeBufferPointer(rebasing: b[numberStart..<numberEnd]), as: UTF8.self)
            guard let value = NumberSyntax.parse(number) else { return nil }
            let interval: Interval
            switch op {
            case 0: interval = Interval(lower: value, lowerInclusive: true)
            case 4: interval = Interval(lower: value, lowerInclusive: false)
            case 1: interval = Interval(upper: value, upperInclusive: true)
            case 5: interval = Interval(upper: value, upperInclusive: false)
            case 2: interval = Interval(lower: value, upper: value)
            default: interval = Interval(excluded: value)
            }
            return TestSyntax(kind: .interval(interval, unit: unit), text: raw)
        }
    }

    /// Why the word where a number belongs is not one, when another reader would take it as a
    /// number (`.nan`, `0x1A`, `017`); empty for plain words such as `ten`.
    static func numberReason(_ text: Substring) -> String {
        let word = String(text.split(separator: " ", maxSplits: 1).first ?? "")
        if ["nan", ".nan", "+.nan", "-.nan"].contains(word.lowercased()) {
            return ": NaN is not a number a test can compare against"
        }
        return NumberSyntax.rejectionReason(word).map { ": " + $0 } ?? ""
    }

    /// `10 mg/L` -> (10, "mg/L"); `10` -> (10, nil).
    static func splitNumberAndUnit(_ text: String) -> (Double, String?)? {
        // ASCII text (nearly every test) is split at its first space byte without building an
        // array of parts. In ASCII text each byte is a Character except CR LF, which holds no
        // space, so this is exactly where `split` below splits; a leading space, which `split`
        // skips, takes the general path.
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard let space = bytes.firstIndex(of: 0x20) else {
                return text.isEmpty ? nil : NumberSyntax.parse(Substring(text)).map { ($0, nil) }
            }
            if space != bytes.startIndex {
                guard let value = NumberSyntax.parse(text[..<space]) else { return nil }
                let unit = String(text[bytes.index(after: space)...]).trimmingWhitespace()
                return (value, unit.isEmpty ? nil : unit)
            }
        }
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = parts.first, let value = NumberSyntax.parse(first) else { return nil }
        let unit = parts.count > 1 ? String(parts[1]).trimmingWhitespace() : nil
        return (value, unit?.isEmpty == true ? nil : unit)
    }
}

struct TestSyntaxError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        // Fast path: drop ASCII white space (the only white space below 0x80 is 0x09-0x0D and
        // 0x20) byte by byte; when what remains starts and ends with a visible ASCII character,
        // or nothing remains, there is no other white space to look for.
        let whole = Substring(self)
        let bytes = whole.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        while start < end, isASCIISpace(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isASCIISpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if start == end { return "" }
        let first = bytes[start], last = bytes[bytes.index(before: end)]
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return start == bytes.startIndex && end == bytes.endIndex ? String(whole) : String(whole[start..<end])
        }
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The first occurrence of an ASCII `needle`, searched byte by byte. For ASCII needles this
    /// finds what `range(of:)` finds (a match cannot start or end inside a multi-byte
    /// character), without Foundation's per-call setup.
    func rangeOfASCII(_ needle: StaticString) -> Range<Index>? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let head = pattern.first else { return nil }
        let bytes = Substring(self).utf8
        var start = bytes.startIndex
        while let found = bytes[start...].firstIndex(of: head) {
            var i = found, j = 0
            while j < pattern.count, i < bytes.endIndex, bytes[i] == pattern[j] {
                i = bytes.index(after: i)
                j += 1
            }
            if j == pattern.count { return found..<i }
            start = bytes.index(after: found)
        }
        return nil
    }
}
