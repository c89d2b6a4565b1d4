/// A YAML or JSON value with the position it came from. The one shape every later stage
/// reads; nothing in it depends on which parser produced it.
struct Node: Sendable {
    enum Kind: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Entry])
    }

    struct Scalar: Sendable {
        var text: String
        /// Plain (unquoted, untagged-as-string) scalars are the only ones that may read as
        /// null or a number; `"10"` stays a string, as in YAML's core schema.
        var isPlain: Bool
    }

    struct Entry: Sendable {
        var key: Node
        var value: Node
        /// Keys are always scalars: the loader rejects anything else.
        var name: String {
            if case .scalar(let s) = key.kind { return s.text }
            return ""
        }
    }

    var kind: Kind
    var location: SourceLocation

    var scalar: Scalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    var isNull: Bool {
        guard case .scalar(let s) = kind, s.isPlain else { return false }
        // Text longer than the longest null word cannot equal one (see `String.mayEqual`).
        guard s.text.utf8.count <= 4 else { return s.text.isEmpty }
        return s.text.isEmpty || s.text == "~" || s.text == "null" || s.text == "Null" || s.text == "NULL"
    }

    /// What a user would call this value in an error message.
    var kindDescription: String {
        switch kind {
        case .scalar(let s):
            if isNull { return "null" }
            if s.isPlain, NumberSyntax.parse(s.text) != nil { return "number \(s.text)" }
            if s.isPlain, ["true", "false"].contains(s.text) { return "boolean \(s.text)" }
            return "string '\(s.text.truncatedForMessage)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension String {
    /// False only when `self == word` is certainly false, judged by byte length alone, for a
    /// `word` of ASCII characters other than 'K', ';' and '`'. Only three non-ASCII characters
    /// are canonically equivalent to ASCII text (U+212A KELVIN SIGN to 'K', U+037E to ';',
    /// U+1FEF to '`'), so text equal to such a word is that word, byte for byte. A cheap guard
    /// before `==`, which otherwise compares every mismatched pair as Unicode text.
    @inline(__always)
    func mayEqual(_ word: String) -> Bool {
        utf8.count == word.utf8.count
    }

    /// Long or multi-line values shortened for one-line messages.
    var truncatedForMessage: String {
        let firstLine = split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let shown = firstLine.count > 60 ? String(firstLine.prefix(57)) + "..." : (firstLine.count < count ? firstLine + "..." : firstLine)
        return shown.escapingControlCharacters
    }

    /// Control characters written as `\u{1B}`: text from the input never reaches the
    /// terminal as escape sequences, and an invisible NUL becomes visible.
    var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
