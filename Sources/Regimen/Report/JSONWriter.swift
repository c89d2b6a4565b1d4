/// A small JSON writer that keeps keys in the order written (the contract's order, stable for
/// diffs) and escapes per RFC 8259. Pretty or one object per line.
struct JSONWriter {
    private(set) var output = ""
    private let pretty: Bool
    private var depth = 0
    private var needsComma = [false]

    init(pretty: Bool) {
        self.pretty = pretty
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        if pretty && depth > 0 {
            output += "\n"
            output += String(repeating: "  ", count: depth)
        }
    }

    private mutating func open(_ bracket: String) {
        output += bracket
        depth += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        depth -= 1
        if pretty && hadItems {
            output += "\n" + String(repeating: "  ", count: depth)
        }
        output += bracket
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open("{")
        body(&self)
        close("}")
    }

    mutating func array(_ body: (inout JSONWriter) -> Void) {
        open("[")
        body(&self)
        close("]")
    }

    /// Starts a member inside an object; the value must follow.
    mutating func key(_ name: String) {
        separator()
        output += JSONWriter.quoted(name)
        output += pretty ? ": " : ":"
        pendingValueAfterKey = true
    }

    private var pendingValueAfterKey = false

    private mutating func valuePrefix() {
        if pendingValueAfterKey {
            pendingValueAfterKey = false
        } else {
            separator()
        }
    }

    mutating func value(_ string: String?) {
        valuePrefix()
        output += string.map(JSONWriter.quoted) ?? "null"
    }

    mutating func value(_ number: Int) {
        valuePrefix()
        output += String(number)
    }

    /// A finite double, shortest form (`4.21`, `10`); non-finite values are written as null.
    mutating func number(_ v: Double) {
        valuePrefix()
        output += v.isFinite ? v.shortDescription : "null"
    }

    mutating func value(_ bool: Bool?) {
        valuePrefix()
        output += bool.map { $0 ? "true" : "false" } ?? "null"
    }

    mutating func objectValue(_ body: (inout JSONWriter) -> Void) {
        valuePrefix()
        object(body)
    }

    mutating func arrayValue(_ body: (inout JSONWriter) -> Void) {
        valuePrefix()
        array(body)
    }

    mutating func strings(_ items: [String]) {
        arrayValue { w in for item in items { w.value(item) } }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
