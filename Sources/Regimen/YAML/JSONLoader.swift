/// A strict RFC 8259 reader producing the same located `Node` tree as the YAML loader.
///
/// JSON profiles come from other systems; libyaml would accept things JSON forbids (comments,
/// trailing commas, single quotes) and silently read them. This reader refuses them with the
/// exact position, rejects duplicate keys, and enforces the same limits as the YAML loader.
struct JSONLoader {
    var limits: LoadLimits = .default

    func load(_ bytes: [UInt8], file: String) -> YAMLLoader.Output {
        if bytes.count > limits.maxFileBytes {
            return .init(root: nil, diagnostics: [limits.fileTooLarge(bytes.count, file: file)])
        }
        var reader = JSONReader(bytes: bytes, file: file, limits: limits)
        do {
            let root = try reader.document()
            return .init(root: root.map { reader.tree.finish(file: file, root: $0) }, diagnostics: reader.diagnostics)
        } catch {
            return .init(root: nil, diagnostics: reader.diagnostics + [error.diagnostic])
        }
    }
}

private struct JSONFailure: Error {
    var diagnostic: Diagnostic
}

private struct JSONReader {
    let bytes: [UInt8]
    let file: String
    let limits: LoadLimits
    var index = 0
    var line = 1
    var lineStart = 0
    var diagnostics: [Diagnostic] = []
    var nodes = 0
    var tree: NodeTreeBuilder
    /// The last column computed on the current line, so columns are counted incrementally
    /// (minified JSON is one long line: rescanning it per node would be quadratic).
    var columnCache: (offset: Int, column: Int) = (0, 1)

    init(bytes: [UInt8], file: String, limits: LoadLimits) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
        tree = NodeTreeBuilder(capacity: bytes.count)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
    }

    /// Column in Unicode scalars from the start of the line.
    var here: SourceLocation { mutating get { location(at: index) } }

    mutating func location(at offset: Int) -> SourceLocation {
        var (i, column) = columnCache
        if i < lineStart || i > offset { (i, column) = (lineStart, 1) }
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnCache = (i, column)
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func failure(_ message: String, at location: SourceLocation? = nil) -> JSONFailure {
        let isLimit = message.containsBytes(of: "(raise ")
        return JSONFailure(diagnostic: .error(message, at: location ?? here, code: isLimit ? CheckID.yamlLimit : CheckID.yamlSyntax))
    }

    mutating func document() throws(JSONFailure) -> Int32? {
        skipWhitespace()
        if index >= bytes.count { return nil }
        let root = try value(depth: 0)
        skipWhitespace()
        if index < bytes.count {
            throw failure("unexpected \(describe(bytes[index])) after the JSON value (one JSON value per file)")
        }
        return root
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case 0x0D:
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    func describe(_ byte: UInt8) -> String {
        if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "#") { return "comment (JSON has no comments)" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte " + Diagnostic.hexByte(byte)
    }

    mutating func count() throws(JSONFailure) {
        nodes += 1
        if nodes > limits.maxNodes {
            throw failure("file has more than \(limits.maxNodes) nodes (raise the limit with --max-nodes)")
        }
    }

    mutating func value(depth: Int) throws(JSONFailure) -> Int32 {
        guard index < bytes.count else { throw failure("unexpected end of input: expected a value") }
        try count()
        let start = here
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try object(depth: depth + 1, start: start)
        case UInt8(ascii: "["):
            return try array(depth: depth + 1, start: start)
        case UInt8(ascii: "\""):
            return tree.scalar(try string(), isPlain: false, line: start.line, column: start.column)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return tree.scalar(try number(), isPlain: true, line: start.line, column: start.column)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
                index += word.utf8.count
                return tree.scalar(word, isPlain: true, line: start.line, column: start.column)
            }
            throw failure("invalid literal: expected true, false or null")
        default:
            throw failure("unexpected \(describe(bytes[index])): expected a value")
        }
    }

    mutating func object(depth: Int, start: SourceLocation) throws(JSONFailure) -> Int32 {
        if depth > limits.maxDepth {
            throw failure("nesting is deeper than \(limits.maxDepth) levels (raise the limit with --max-depth)")
        }
        index += 1
        let children = tree.open.count
        var seen: [String: SourceLocation] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return tree.collection(.mapping, from: children, line: start.line, column: start.column)
        }
        var comma: SourceLocation?
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input inside an object started at \(start)") }
            if bytes[index] == UInt8(ascii: "}") { throw failure("trailing comma before '}' (JSON does not allow it)", at: comma) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw failure("unexpected \(describe(bytes[index])): expected a key in double quotes")
            }
            let keyLocation = here
            try count()
            let key = try string()
            if let first = seen[key] {
                diagnostics.append(.error("duplicate key '\(key.truncatedForMessage)'", at: keyLocation,
                                          notes: [.init("first defined here", at: first)], code: CheckID.duplicateKey))
            } else {
                seen[key] = keyLocation
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after the key '\(key.truncatedForMessage)'")
            }
            index += 1
            skipWhitespace()
            let keyNode = tree.scalar(key, isPlain: false, line: keyLocation.line, column: keyLocation.column)
            tree.open.append(keyNode)
            let item = try value(depth: depth)
            tree.open.append(item)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input inside an object started at \(start)") }
            if bytes[index] == UInt8(ascii: ",") { comma = here; index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            throw failure("unexpected \(describe(bytes[index])): expected ',' or '}'")
        }
        return tree.collection(.mapping, from: children, line: start.line, column: start.column)
    }

    mutating func array(depth: Int, start: SourceLocation) throws(JSONFailure) -> Int32 {
        if depth > limits.maxDepth {
            throw failure("nesting is deeper than \(limits.maxDepth) levels (raise the limit with --max-depth)")
        }
        index += 1
        let children = tree.open.count
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return tree.collection(.sequence, from: children, line: start.line, column: start.column)
        }
        var comma: SourceLocation?
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input inside an array started at \(start)") }
            if bytes[index] == UInt8(ascii: "]") { throw failure("trailing comma before ']' (JSON does not allow it)", at: comma) }
            let item = try value(depth: depth)
            tree.open.append(item)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input inside an array started at \(start)") }
            if bytes[index] == UInt8(ascii: ",") { comma = here; index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; break }
            throw failure("unexpected \(describe(bytes[index])): expected ',' or ']'")
        }
        return tree.collection(.sequence, from: children, line: start.line, column: start.column)
    }

    mutating func number() throws(JSONFailure) -> String {
        let begin = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.index
            while r.index < r.bytes.count, r.bytes[r.index] >= 48, r.bytes[r.index] <= 57 { r.index += 1 }
            return r.index - s
        }
        let intStart = index
        let intDigits = digits(&self)
        if intDigits == 0 { throw failure("invalid number: expected a digit") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
            throw failure("invalid number: leading zeros are not allowed in JSON", at: location(at: intStart))
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw failure("invalid number: expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { throw failure("invalid number: expected a digit in the exponent") }
        }
        return String(decoding: bytes[begin..<index], as: UTF8.self)
    }

    mutating func string() throws(JSONFailure) -> String {
        let start = here
        index += 1
        // Fast path: most strings have no escapes and only valid ASCII; take them whole.
        var scan = index
        while scan < bytes.count, bytes[scan] != UInt8(ascii: "\""), bytes[scan] != UInt8(ascii: "\\"),
              bytes[scan] >= 0x20, bytes[scan] < 0x80 { scan += 1 }
        if scan < bytes.count, bytes[scan] == UInt8(ascii: "\"") {
            let count = scan - index
            if count > limits.maxScalarBytes {
                throw failure("string of \(count) bytes is over the \(LoadLimits.sizeDescription(limits.maxScalarBytes)) limit (raise it with --max-scalar-length)", at: start)
            }
            let text = String(decoding: bytes[index..<scan], as: UTF8.self)
            index = scan + 1
            return text
        }
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("unterminated string started at \(start)") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; break }
            if byte < 0x20 {
                throw failure("raw control character \(describe(byte)) in a string; escape it")
            }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = here
                index += 1
                guard index < bytes.count else { throw failure("unterminated string started at \(start)") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard bytes[index...].starts(with: [0x5C, UInt8(ascii: "u")]) else {
                            throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string", at: escapeStart)
                        }
                        let lowStart = here
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw failure("invalid low surrogate in a string", at: lowStart) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string", at: escapeStart)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw failure("invalid escape in a string") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw failure("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: escapeStart)
                }
                continue
            }
            if byte < 0x80 {
                out.append(byte)
                index += 1
                continue
            }
            let length = try utf8Sequence()
            out.append(contentsOf: bytes[index..<index + length])
            index += length
        }
        if out.count > limits.maxScalarBytes {
            throw failure("string of \(out.count) bytes is over the \(LoadLimits.sizeDescription(limits.maxScalarBytes)) limit (raise it with --max-scalar-length)", at: start)
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws(JSONFailure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("invalid \\u escape: expected four hex digits") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw failure("invalid \\u escape: expected four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    /// Length of the valid UTF-8 sequence at `index`, or a located error.
    mutating func utf8Sequence() throws(JSONFailure) -> Int {
        let lead = bytes[index]
        let length: Int
        let minimum: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80
        case 0xE0...0xEF: length = 3; minimum = 0x800
        case 0xF0...0xF4: length = 4; minimum = 0x10000
        default: throw failure("invalid UTF-8 (byte \(Diagnostic.hexByte(lead)))")
        }
        guard index + length <= bytes.count else { throw failure("invalid UTF-8: truncated sequence") }
        var scalar = UInt32(lead) & (0xFF >> (length + 1))
        for byte in bytes[index + 1..<index + length] {
            guard byte & 0xC0 == 0x80 else {
                throw failure("invalid UTF-8 (byte \(Diagnostic.hexByte(byte)))")
            }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw failure("invalid UTF-8 (overlong or out-of-range sequence)")
        }
        return length
    }
}
