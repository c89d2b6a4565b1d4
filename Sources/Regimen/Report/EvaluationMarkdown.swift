/// Markdown for reports and tickets: the same content as the text output, as headings,
/// lists and a table per recommendation's decisive tests.
extension ReportRenderer {
    /// The evaluation as Markdown. Pass the `ruleSet` to show evidence by title and source rather than by id.
    public static func markdown(_ e: Evaluation, ruleSet: RuleSet? = nil) -> String {
        // Each is made from the compact decision when read: read once.
        let shownRecommendations = e.recommendations, shownAvoid = e.avoid, shownWithheld = e.withheld, shownGaps = e.gaps
        var out: [String] = []
        out.append("# Regimen evaluation\(e.profile.map { ": \(escape($0))" } ?? "")")
        out.append("")
        out.append("Rule set `\(e.ruleset.name)` \(escape(e.ruleset.version)), `\(e.ruleset.hash)`; regimen \(Engine.version).")
        out.append("")
        out.append("> \(escape(e.disclaimer))")
        out.append("")
        out.append("## Recommended options")
        out.append("")
        if shownRecommendations.isEmpty { out.append("None: no rule's conditions are met by this profile.") }
        for (n, r) in shownRecommendations.enumerated() {
            out.append("### \(n + 1). \(escape(r.name)) (`\(r.option)`)")
            out.append("")
            out.append("\(r.kind.rawValue.capitalized), **\(r.strength.rawValue)** recommendation, priority \(r.priority).")
            out.append("")
            if !r.requirements.isEmpty {
                out.append("**Rule out first:** " + r.requirements.map { "\(escape($0.name)) (`\($0.fact)`)" }.joined(separator: ", ") + " — not known for this patient.")
                out.append("")
            }
            for check in r.checks { out.append("- Before starting: \(escape(check))") }
            if !r.checks.isEmpty { out.append("") }
            for reason in r.because { out += reasonBlock(reason, ruleSet) }
        }
        if !shownAvoid.isEmpty {
            out.append("## Advised against")
            out.append("")
            for a in shownAvoid {
                out.append("### \(escape(a.name)) (`\(a.option)`)")
                out.append("")
                if !a.overrides.isEmpty {
                    out.append("Also recommended by \(a.overrides.map { "`\($0)`" }.joined(separator: ", ")); the advice against takes precedence.")
                    out.append("")
                }
                for reason in a.because { out += reasonBlock(reason, ruleSet) }
            }
        }
        if !shownWithheld.isEmpty {
            out.append("## Withheld (contraindicated)")
            out.append("")
            for h in shownWithheld {
                out.append("- **\(escape(h.name))** (`\(h.option)`): contraindicated by `\(h.contraindication)`; wanted by \(h.rules.map { "`\($0)`" }.joined(separator: ", ")).")
            }
            out.append("")
        }
        if !shownGaps.isEmpty {
            out.append("## Missing information")
            out.append("")
            for g in shownGaps {
                out.append("- **\(escape(g.name))** (`\(g.fact)`): could enable \(g.options.map { "`\($0)`" }.joined(separator: ", ")) (rules \(g.rules.map { "`\($0)`" }.joined(separator: ", "))).")
            }
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func reasonBlock(_ reason: Reason, _ ruleSet: RuleSet?) -> [String] {
        var lines = ["**\(escape(reason.title))** (`\(reason.rule)`, \(reason.strength.rawValue)): \(escape(reason.text))", ""]
        lines.append("| test | value | result |")
        lines.append("| --- | --- | --- |")
        for m in reason.matched {
            let value = m.value.map { v in m.canonicalValue.map { "\(v) = \($0)" } ?? v } ?? "not known"
            let test = (m.role == .unless ? "unless " : "") + m.test
            lines.append("| `\(test.replacingAll("|", with: "\\|"))` | \(escape(value)) | \(m.result) |")
        }
        lines.append("")
        lines.append("Evidence: \(escape(evidenceLine(reason.evidence, ruleSet)))")
        lines.append("")
        return lines
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>|#".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
