/// Renders evaluations for people (text, Markdown) and programs (JSON).
public enum ReportRenderer {
    /// Output formats of an evaluation: `text` for people, `json` for programs (the JSON contract),
    /// `markdown` for reports.
    public enum Format: String, Sendable, CaseIterable { case text, json, markdown }

    /// Terminal styling; empty strings when colour is off, so plain output has no escapes.
    struct Style {
        var bold = "", dim = "", green = "", red = "", yellow = "", reset = ""
        init(color: Bool) {
            guard color else { return }
            (bold, dim, green, red, yellow, reset) = ("\u{1B}[1m", "\u{1B}[2m", "\u{1B}[32m", "\u{1B}[31m", "\u{1B}[33m", "\u{1B}[0m")
        }
    }

    /// A JSON string literal (RFC 8259 escaping, `/` left as is).
    public static func jsonString(_ s: String) -> String { JSONWriter.quoted(s) }

    static func mark(_ m: Match, _ s: Style) -> String {
        switch m.result {
        case .true: return "\(s.green)✓\(s.reset)"
        case .false: return "\(s.red)✗\(s.reset)"
        case .unknown: return "\(s.yellow)?\(s.reset)"
        }
    }

    static func describe(_ m: Match) -> String {
        var text = m.test + ": "
        if let value = m.value {
            text += value
            if let c = m.canonicalValue { text += " = \(c)" }
        } else {
            text += "not known"
        }
        if let note = m.note { text += " (\(note))" }
        return text
    }

    static func evidenceLine(_ ids: [String], _ ruleSet: RuleSet?) -> String {
        ids.map { id in
            guard let e = ruleSet?.evidence.first(where: { $0.id == id }) else { return id }
            return "\(e.title) (\(e.source), \(e.year)) [\(id)]"
        }.joined(separator: "; ")
    }
}
