/// Explains the outcome for one option: recommended, avoided, withheld by a contraindication,
/// or not recommended, with every rule about it and the leaves that decided each one.
extension Program {
    func whyNot(_ optionID: String, _ p: BoundProfile) -> WhyNot? {
        guard let slot = optionSlots[optionID] else { return nil }
        let option = ruleSet.options[Int(slot)]
        let evaluation = evaluate(p)
        let t = truths(for: p)
        var statuses: [WhyNot.RuleStatus] = []
        for rule in rules where rule.option == slot {
            let source = ruleSet.rules[rule.index]
            let suppressing = rule.unless.first { t[Int($0)] == .true }
            let outcome: WhyNot.RuleStatus.Outcome
            var matched: [Match]
            var missing: [String] = []
            if let suppressing {
                outcome = .suppressed
                matched = decisiveLeaves(of: Int(suppressing), t).map { match($0, t, p, role: .unless) }
            } else {
                switch t[Int(rule.when)] {
                case .true: outcome = .fired
                case .false: outcome = .conditionsFalse
                case .unknown: outcome = .conditionsUnknown
                }
                matched = decisiveLeaves(of: Int(rule.when), t).map { match($0, t, p, role: .when) }
                missing = unknownFacts(under: Int(rule.when), t).map { id(of: $0) }
            }
            statuses.append(.init(rule: source.id, title: source.title, isAvoid: rule.isAvoid, outcome: outcome,
                                  matched: matched, missing: missing))
        }
        let verdict: WhyNot.Verdict
        let withheld = evaluation.withheld.first { $0.option == optionID }
        if evaluation.recommendations.contains(where: { $0.option == optionID }) {
            verdict = .recommended
        } else if evaluation.avoid.contains(where: { $0.option == optionID }) {
            verdict = .avoided
        } else if withheld != nil {
            verdict = .withheld
        } else if statuses.contains(where: { !$0.isAvoid }) {
            verdict = .notRecommended
        } else {
            verdict = .noRule
        }
        return WhyNot(option: option.id, name: option.name, verdict: verdict, rules: statuses, withheld: withheld)
    }
}
