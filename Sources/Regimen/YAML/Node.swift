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
    /// Long or multi-line values shortened for one-line messages.
    var truncatedForMessage: String {
        let firstLine = split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if firstLine.count > 60 { return String(firstLine.prefix(57)) + "..." }
        return firstLine.count < count ? firstLine + "..." : firstLine
    }
}
