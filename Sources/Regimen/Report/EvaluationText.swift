/// Plain text for a clinician: ranked options, each with why, what to rule out first, and the
/// evidence; then what is advised against, withheld, and missing. Colour only when asked.
extension ReportRenderer {
    /// The evaluation as plain text for a clinician, ending with the disclaimer. Pass the `ruleSet` to show
    /// evidence by title and source rather than by id; `color` adds ANSI colours for a terminal.
    public static func text(_ e: Evaluation, ruleSet: RuleSet? = nil, color: Bool = false) -> String {
        let s = Style(color: color)
        // Each is made from the compact decision when read: read once.
        let shownRecommendations = e.recommendations, shownAvoid = e.avoid, shownWithheld = e.withheld, shownGaps = e.gaps
        var out: [String] = []
        out.append("\(s.bold)Regimen evaluation\(e.profile.map { " — \($0)" } ?? "")\(s.reset)")
        out.append("\(s.dim)Rule set \(e.ruleset.name) \(e.ruleset.version) (\(e.ruleset.hash.prefix(19))…), regimen \(Engine.version), as of \(e.asOf)\(s.reset)")
        out.append("")

        out.append("\(s.bold)Recommended options\(s.reset)")
        if shownRecommendations.isEmpty { out.append("  none: no rule's conditions are met by this profile") }
        for (n, r) in shownRecommendations.enumerated() {
            out.append("  \(n + 1). \(s.bold)\(r.name)\(s.reset) [\(r.option)] — \(r.kind.rawValue), \(r.strength.rawValue) recommendation, priority \(r.priority)")
            if !r.requirements.isEmpty {
                let items = r.requirements.map { "\($0.name) [\($0.fact)]" }.joined(separator: ", ")
                out.append("     \(s.yellow)Rule out first:\(s.reset) \(items) — not known for this patient")
            }
            for check in r.checks { out.append("     Before starting: \(check)") }
            for reason in r.because { out += reasonLines(reason, ruleSet, s) }
        }

        if !shownAvoid.isEmpty {
            out.append("")
            out.append("\(s.bold)Advised against\(s.reset)")
            for a in shownAvoid {
                out.append("  - \(s.bold)\(a.name)\(s.reset) [\(a.option)]")
                if !a.overrides.isEmpty {
                    out.append("     Also recommended by \(a.overrides.joined(separator: ", ")); the advice against takes precedence.")
                }
                for reason in a.because { out += reasonLines(reason, ruleSet, s) }
            }
        }

        if !shownWithheld.isEmpty {
            out.append("")
            out.append("\(s.bold)Withheld: contraindicated for this patient\(s.reset)")
            for h in shownWithheld {
                out.append("  - \(s.bold)\(h.name)\(s.reset) [\(h.option)] — contraindicated by \(h.contraindication) (wanted by \(h.rules.joined(separator: ", ")))")
                for m in h.matched { out.append("       \(mark(m, s)) \(describe(m))") }
            }
        }

        if !shownGaps.isEmpty {
            out.append("")
            out.append("\(s.bold)Missing information that could change this advice\(s.reset)")
            for g in shownGaps {
                var line = "  - \(g.name) [\(g.fact)]: could enable \(g.options.joined(separator: ", ")) (rules \(g.rules.joined(separator: ", ")))"
                if !g.needs.isEmpty { line += "; needs \(g.needs.joined(separator: ", "))" }
                out.append(line)
                if let reason = g.reason { out.append("      \(reason)") }
            }
        }
        let shown = e.derived.filter { $0.value != nil }
        if !shown.isEmpty {
            out.append("")
            out.append("\(s.bold)Derived scores\(s.reset)")
            for d in shown {
                guard let v = d.value else { continue }
                let rounded = (v * 100).rounded() / 100
                var line = "  - \(d.name) [\(d.id)]: \(rounded.shortDescription)\(d.unit.map { " \($0)" } ?? "")\(d.band.map { " (\($0))" } ?? "")"
                if d.source == .given {
                    line += ", given" + (d.computed.map { "; computed from the inputs: \((($0 * 100).rounded() / 100).shortDescription)" } ?? "")
                } else {
                    line += ", from " + d.inputs.map { "\($0.id) = \($0.value)" }.joined(separator: ", ")
                }
                out.append(line)
            }
        }
        out.append("")
        out.append("\(s.dim)\(e.disclaimer)\(s.reset)")
        return out.joined(separator: "\n") + "\n"
    }

    private static func reasonLines(_ reason: Reason, _ ruleSet: RuleSet?, _ s: Style) -> [String] {
        var lines = ["     Why: \(reason.title) [\(reason.rule), \(reason.strength.rawValue)]"]
        lines.append("       \(reason.text)")
        for m in reason.matched {
            let role = m.role == .unless ? "unless " : ""
            lines.append("       \(mark(m, s)) \(role)\(describe(m))")
        }
        lines.append("       Evidence: \(evidenceLine(reason.evidence, ruleSet))")
        return lines
    }

    /// A ``WhyNot`` explanation as plain text (`--why-not`); `profile` is the profile id to show.
    public static func text(_ why: WhyNot, profile: String?, color: Bool = false) -> String {
        let s = Style(color: color)
        var out: [String] = []
        let verdict: String
        switch why.verdict {
        case .recommended: verdict = "is recommended"
        case .avoided: verdict = "is advised against"
        case .withheld: verdict = "is withheld: contraindicated by \(why.withheld?.contraindication ?? "a contraindication")"
        case .notRecommended: verdict = "is not recommended: no rule recommending it fired"
        case .noRule: verdict = "is not recommended: no rule in this rule set recommends it"
        }
        out.append("\(s.bold)\(why.name) [\(why.option)] \(verdict)\(s.reset)\(profile.map { " for \($0)" } ?? "")")
        if let h = why.withheld {
            for m in h.matched { out.append("    \(mark(m, s)) \(describe(m))") }
        }
        for status in why.rules {
            let action = status.isAvoid ? "advises against" : "recommends"
            let outcome: String
            switch status.outcome {
            case .fired: outcome = "fired"
            case .conditionsFalse: outcome = "did not fire: its conditions are not met"
            case .conditionsUnknown: outcome = "could not decide: \(status.missing.joined(separator: ", ")) not known"
            case .suppressed: outcome = "suppressed by its 'unless'"
            }
            out.append("  - rule \(status.rule) (\(action) it): \(outcome)")
            out.append("      \(status.title)")
            for m in status.matched { out.append("      \(mark(m, s)) \(describe(m))") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
