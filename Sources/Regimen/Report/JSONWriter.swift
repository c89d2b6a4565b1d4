/// A small JSON writer that keeps keys in the order written (the contract's order, stable for
/// diffs) and escapes per RFC 8259. Pretty or one object per line.
struct JSONWriter {
    /// UTF-8 bytes: appending bytes is several times faster than growing a String, and batch
    /// output is dominated by this writer.
    private var bytes: [UInt8] = []
    var output: String { String(decoding: bytes, as: UTF8.self) }
    private let pretty: Bool
    private var depth = 0
    private var needsComma = [false]

    init(pretty: Bool) {
        self.pretty = pretty
        bytes.reserveCapacity(4096)
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        if pretty && depth > 0 {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
    }

    private mutating func open(_ bracket: StaticString) {
        raw(bracket)
        depth += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: StaticString) {
        let hadItems = needsComma.removeLast()
        depth -= 1
        if pretty && hadItems {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
        raw(bracket)
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
        appendQuoted(name)
        if pretty { raw(": ") } else { raw(":") }
        pendingValueAfterKey = true
    }

    /// A field name known at compile time: copied as is (field names need no escaping).
    mutating func field(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        if pretty { raw(": ") } else { raw(":") }
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
        if let string { appendQuoted(string) } else { raw("null") }
    }

    mutating func value(_ number: Int) {
        valuePrefix()
        raw(String(number))
    }

    /// A finite double, shortest form (`4.21`, `10`); non-finite values are written as null.
    mutating func number(_ v: Double) {
        valuePrefix()
        raw(v.isFinite ? v.shortDescription : "null")
    }

    mutating func value(_ bool: Bool?) {
        valuePrefix()
        switch bool {
        case true?: raw("true")
        case false?: raw("false")
        case nil: raw("null")
        }
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

    private mutating func appendQuoted(_ s: String) {
        JSONWriter.appendQuoted(s, to: &bytes)
    }

    /// Appends `s` as a JSON string: bytes that need no escape are copied as they are. Most
    /// strings need none, so one tight scan decides and the whole string is copied at once.
    static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(s, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the inside of `s` as a JSON string, without the quotes (a string written in
    /// parts escapes the same, part by part).
    static func appendEscaped(_ s: String, to bytes: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            var clean = true
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 {
                clean = false
                break
            }
            if clean {
                bytes.append(contentsOf: utf8)
                return
            }
            var start = 0
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                let needsEscape = b == 0x22 || b == 0x5C || b < 0x20 || b == 0x7F
                    || (b == 0xE2 && i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9))
                if needsEscape {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                    let scalarLength = b == 0xE2 ? 3 : 1
                    let piece = String(decoding: UnsafeBufferPointer(rebasing: utf8[i..<i + scalarLength]), as: UTF8.self)
                    let escaped = JSONWriter.quoted(piece)
                    bytes.append(contentsOf: escaped.utf8.dropFirst().dropLast())
                    i += scalarLength
                    start = i
                } else {
                    i += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
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
