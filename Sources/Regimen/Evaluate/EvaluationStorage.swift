/// What an ``Evaluation`` holds: the program, the bound profile and the compact decision. The
/// public values (ids, names, matched tests with the patient's values) are made from them on
/// request, so an evaluation nobody reads in full costs no strings. Immutable, so copies and
/// threads may share what it refers to. A struct held inline: as a class it was one more
/// object to allocate and free with every evaluation, to save the few retains of a copy.
struct EvaluationStorage: Sendable {
    let program: Program
    let bound: BoundProfile
    let decision: Decision

    init(program: Program, bound: BoundProfile, decision: Decision) {
        self.program = program
        self.bound = bound
        self.decision = decision
    }

    var firedRules: [String] {
        decision.fired.map(ruleID)
    }

    /// A loop rather than `map(recommendation)`: the method reference captured a copy of the
    /// whole storage, retaining and releasing everything it refers to, on every read.
    var recommendations: [Recommendation] {
        var result: [Recommendation] = []
        result.reserveCapacity(decision.recommended.count)
        for group in decision.recommended { result.append(recommendation(group)) }
        return result
    }

    var avoid: [Avoidance] {
        decision.avoided.map { group in
            let option = program.ruleSet.options[Int(group.option)]
            return Avoidance(option: option.id, name: option.name,
                             because: program.reasons(group.rules, decision.truth, bound),
                             overrides: group.overrides.map(ruleID))
        }
    }

    var withheld: [Withholding] {
        decision.withheld.map(withholding)
    }

    var gaps: [Gap] {
        decision.gaps.map { record in
            Gap(fact: program.id(of: record.fact), name: program.name(of: record.fact),
                rules: record.rules.map(ruleID),
                options: record.options.map { program.ruleSet.options[Int($0)].id },
                reason: program.note(for: record.fact, bound), needs: program.needs(record.fact, bound))
        }
    }

    func ruleID(_ position: Int32) -> String {
        program.ruleSet.rules[Int(program.ruleHeads[Int(position)].index)].id
    }

    func recommendation(_ group: Decision.OptionGroup) -> Recommendation {
        // Field by field: binding the whole option copied its contraindication tree.
        let o = Int(group.option)
        let options = program.ruleSet.options
        let requirements = self.requirements(group)
        return Recommendation(
            option: options[o].id, name: options[o].name, kind: options[o].kind,
            strength: program.strongest(group.rules), priority: program.highestPriority(group.rules),
            requires: requirements.map(\.fact), requirements: requirements, checks: options[o].checks,
            because: program.reasons(group.rules, decision.truth, bound))
    }

    /// Facts to rule out first: the unknown ones of an unknown contraindication, then those
    /// of each unknown `unless`, each fact once.
    func requirements(_ group: Decision.OptionGroup) -> [Requirement] {
        var requirements: [Requirement] = []
        let t = decision.truth
        func require(_ facts: [Program.Fact], source: String) {
            for fact in facts where !requirements.contains(where: { $0.fact == program.id(of: fact) }) {
                requirements.append(Requirement(fact: program.id(of: fact), name: program.name(of: fact), source: source))
            }
        }
        if group.contraindication == .unknown {
            require(program.unknownFacts(under: Int(program.contraindications[Int(group.option)]), t), source: "contraindication")
        }
        for position in group.rules {
            let head = program.ruleHeads[Int(position)]
            for k in Int(head.unlessLower)..<Int(head.unlessUpper) where t[Int(program.unlessRoots[k])] == .unknown {
                require(program.unknownFacts(under: Int(program.unlessRoots[k]), t), source: "unless")
            }
        }
        return requirements
    }

    func withholding(_ group: Decision.OptionGroup) -> Withholding {
        let option = program.ruleSet.options[Int(group.option)]
        let t = decision.truth
        let leaves = program.decisiveLeaves(of: Int(program.contraindications[Int(group.option)]), t)
        // Name the condition that contraindicates (not a qualifier such as `not sex male`).
        let named = leaves.first { if case .condition = program.ops[$0] { return true } else { return false } } ?? leaves.first
        let first = named.map { program.info[$0].subject ?? program.info[$0].text } ?? "contraindication"
        return Withholding(
            option: option.id, name: option.name, rule: ruleID(group.rules[0]),
            rules: group.rules.map(ruleID), contraindication: first,
            matched: leaves.map { program.match($0, t, bound, role: .contraindication) })
    }
}
