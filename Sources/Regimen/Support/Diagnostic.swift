/// A problem found in a rule file or a profile, as a value: collected, sorted and printed the
/// way compilers print them (`path:line:column: error: message`, the source line, a caret).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is: `error`, `warning` or `note`. Ordered error < warning < note, so sorting
    /// puts errors first.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        /// Whether `lhs` is more serious than `rhs`.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary location that helps explain the problem ("first defined here").
    public struct Note: Sendable, Hashable {
        /// What the note says ("first defined here").
        public var message: String
        /// Where the note points; nil when it points nowhere.
        public var location: SourceLocation?

        /// Creates a note, optionally pointing at a location.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// Whether the problem is an error, a warning or a note.
    public var severity: Severity
    /// The problem in plain words, without location or severity ("unknown condition 'fibromyalgai' in
    /// 'conditions'").
    public var message: String
    /// Where the problem is; nil when it has no position in a file (an unreadable path, a malformed
    /// `--as-of`).
    public var location: SourceLocation?
    /// Secondary messages and locations that help explain the problem.
    public var notes: [Note]
    /// The text of the line `location` points into, when the source was available.
    public var sourceLine: String?
    /// The id of the check that found it (`schema`, `undefined-reference`, ... as `regimen validate` prints them).
    public var code: String?

    /// Creates a diagnostic; `sourceLine` is usually filled in when the source text is at hand, `code` by the
    /// check that found it.
    public init(
        _ severity: Severity = .error, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], sourceLine: String? = nil, code: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.sourceLine = sourceLine
        self.code = code
    }

    /// An error at `location`, optionally with notes and the id of the check that found it.
    public static func error(_ message: String, at location: SourceLocation?, notes: [Note] = [], code: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes, code: code)
    }

    /// A warning at `location`, optionally with notes and the id of the check that found it.
    public static func warning(_ message: String, at location: SourceLocation?, notes: [Note] = [], code: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, notes: notes, code: code)
    }

    /// The one-line header: `path:line:column: error: message`.
    public var headline: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message)"
    }

    /// Headline, source line with a caret under the column, then the notes.
    public var description: String {
        var lines = [headline]
        if let sourceLine, let location {
            let (shown, column) = Diagnostic.window(sourceLine, column: location.column)
            lines.append(shown)
            lines.append(Diagnostic.caretLine(for: shown, column: column))
        }
        for note in notes {
            let prefix = note.location.map { "\($0): " } ?? ""
            lines.append("\(prefix)note: \(note.message)")
        }
        return lines.joined(separator: "\n")
    }

    /// A long line (minified JSON, a million brackets) is quoted as a window of about 120
    /// characters around the column, marked with `…`, so an error stays readable.
    static func window(_ line: String, column: Int, width: Int = 120) -> (String, Int) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > width else { return (line, column) }
        let at = max(0, min(column - 1, scalars.count))
        let start = max(0, min(at - width / 2, scalars.count - width))
        let end = min(scalars.count, start + width)
        var text = String(String.UnicodeScalarView(scalars[start..<end]))
        var caret = at - start + 1
        if start > 0 {
            text = "…" + text
            caret += 1
        }
        if end < scalars.count { text += "…" }
        return (text, caret)
    }

    /// `0x0A`, always two hex digits.
    static func hexByte(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    /// Spaces up to the column (tabs kept as tabs so the caret lines up in a terminal).
    static func caretLine(for line: String, column: Int) -> String {
        var caret = ""
        for (index, scalar) in line.unicodeScalars.enumerated() where index < column - 1 {
            caret.append(scalar == "\t" ? "\t" : " ")
        }
        return caret + "^"
    }
}

/// Diagnostics raised together: a load, decode or compile that found errors.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, each located when it has a position in a file.
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics found together into one error.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Every diagnostic as compilers print it (headline, source line, caret, notes), one after the other.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    var hasErrors: Bool { contains { $0.severity == .error } }

    /// Stable order for output: by file, line, column, then message.
    func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
