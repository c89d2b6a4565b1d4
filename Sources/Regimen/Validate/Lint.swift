/// The checks that need the whole compiled rule set: band layout, unsatisfiable and
/// tautological conditions, rules that are always withheld, redundant or in conflict, and
/// policy (contraindications declared, every option and evidence entry used).
struct Lint {
    let program: Program
    private var findings: [Diagnostic] = []
    private let logic: RuleLogic

    init(program: Program) {
        self.program = program
        self.logic = RuleLogic(program: program)
    }

    static func run(_ program: Program) -> [Diagnostic] {
        var lint = Lint(program: program)
        lint.bands()
        lint.thresholds()
        lint.rules()
        lint.pairs()
        lint.policy()
        return lint.findings
    }

    private var ruleSet: RuleSet { program.ruleSet }

    private mutating func report(_ severity: Diagnostic.Severity, _ code: String, _ message: String, at location: SourceLocation?,
                                 rule: Int? = nil, notes: [Diagnostic.Note] = []) {
        if let rule, ruleSet.rules[rule].allow.contains(code) { return }
        findings.append(Diagnostic(severity, message, at: location, notes: notes, code: code))
    }

    // MARK: bands

    private mutating func bands() {
        for marker in ruleSet.markers {
            checkBands(marker.bands, of: "marker '\(marker.id)'", over: marker.range ?? 0...Double.greatestFiniteMagnitude, integer: false)
        }
        for scale in ruleSet.scales {
            checkBands(scale.bands, of: "scale '\(scale.id)'", over: scale.range, integer: scale.integer)
        }
    }

    private mutating func checkBands(_ bands: [Band], of what: String, over range: ClosedRange<Double>, integer: Bool) {
        guard !bands.isEmpty else { return }
        for (i, a) in bands.enumerated() {
            for b in bands[..<i] where !a.interval.intersecting(b.interval).isEmpty && a.interval.excluded == nil && b.interval.excluded == nil {
                let both = a.interval.intersecting(b.interval).intersecting(Interval(lower: range.lowerBound, upper: range.upperBound))
                if integer, !containsInteger(both) { continue }
                if both.isEmpty { continue }
                report(.warning, CheckID.bandOverlap, "band '\(a.name)' (\(a.text)) of \(what) overlaps band '\(b.name)' (\(b.text)) at \(both)", at: a.location,
                       notes: [.init("band '\(b.name)' is defined here", at: b.location)])
            }
        }
        if let gap = firstGap(bands.map(\.interval), over: range, integer: integer) {
            report(.warning, CheckID.bandGap, "the bands of \(what) leave \(gap) uncovered: a value there falls in no band", at: bands[0].location)
        }
    }

    private func containsInteger(_ i: Interval) -> Bool {
        guard !i.isEmpty else { return false }
        guard let lower = i.lower else { return true }
        var candidate = lower.rounded(.up)
        if candidate == lower, !i.lowerInclusive { candidate += 1 }
        return i.contains(candidate)
    }

    /// The first part of `range` that no interval covers, described for a message.
    private func firstGap(_ intervals: [Interval], over range: ClosedRange<Double>, integer: Bool) -> String? {
        if integer, range.upperBound - range.lowerBound <= 100_000 {
            var value = range.lowerBound
            while value <= range.upperBound {
                if !intervals.contains(where: { $0.contains(value) }) { return "the value \(value.shortDescription)" }
                value += 1
            }
            return nil
        }
        let sorted = intervals.filter { $0.excluded == nil }.sorted {
            ($0.lower ?? -.infinity, $0.lowerInclusive ? 0 : 1) < ($1.lower ?? -.infinity, $1.lowerInclusive ? 0 : 1)
        }
        var position = range.lowerBound
        var covered = false   // whether `position` itself is inside some interval
        for interval in sorted {
            let low = interval.lower ?? -.infinity
            if low > position {
                return "\(covered ? "values above " : "")\(position.shortDescription) up to \(min(low, range.upperBound).shortDescription)"
            }
            if low == position, !covered, !interval.lowerInclusive { return "the value \(position.shortDescription)" }
            let high = interval.upper ?? .infinity
            if high > position {
                position = high
                covered = interval.upperInclusive || interval.upper == nil
            } else if high == position {
                covered = covered || interval.upperInclusive
            }
            if position > range.upperBound || (position == range.upperBound && covered) { return nil }
        }
        return covered ? "values above \(position.shortDescription)" : "\(position.shortDescription) and above"
    }

    // MARK: thresholds

    private mutating func thresholds() {
        for (node, op) in program.ops.enumerated() {
            guard case .marker(let slot, let interval) = op, let range = ruleSet.markers[Int(slot)].range else { continue }
            let marker = ruleSet.markers[Int(slot)]
            for bound in [interval.lower, interval.upper, interval.excluded].compactMap({ $0 }) where !range.contains(bound) {
                report(.warning, CheckID.thresholdRange, "the test '\(program.info[node].text)' uses \(bound.shortDescription) \(marker.unit), outside the plausible range \(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription) \(marker.unit) of marker '\(marker.id)'", at: program.info[node].location)
                break
            }
        }
    }

    // MARK: single rules

    private mutating func rules() {
        for rule in program.rules {
            let source = ruleSet.rules[rule.index]
            let when = logic.conjunction(Int(rule.when))
            // Never true when every term of its disjunctive normal form holds a contradiction.
            let terms = logic.disjunctiveNormalForm(Int(rule.when)) ?? [when.literals]
            let contradictions = terms.map { logic.contradiction(in: $0) }
            if !terms.isEmpty, contradictions.allSatisfy({ $0 != nil }), let (a, b) = contradictions.first ?? nil {
                let message = a.node == b.node
                    ? "rule '\(source.id)' can never fire: '\(program.info[a.node].text)' is never true"
                    : "rule '\(source.id)' can never fire: '\(program.info[a.node].text)' and '\(program.info[b.node].text)' cannot both be true"
                report(.error, CheckID.unsatisfiable, message, at: program.info[b.node].location ?? source.location)
                continue
            }
            tautologies(under: Int(rule.when), rule: rule.index)
            if !rule.isAvoid, let implied = impliedContraindication(rule, when) {
                report(.warning, CheckID.alwaysWithheld, "rule '\(source.id)' recommends '\(source.action.option)', but whenever it fires the option's contraindication '\(implied)' is true, so it is always withheld", at: source.location, rule: rule.index)
            }
        }
    }

    private mutating func tautologies(under root: Int, rule: Int) {
        for node in program.leaves(under: root) {
            switch program.ops[node] {
            case .scale(let slot, let interval):
                let range = ruleSet.scales[Int(slot)].range
                if Interval(lower: range.lowerBound, upper: range.upperBound).isSubset(of: interval) {
                    report(.warning, CheckID.tautology, "the test '\(program.info[node].text)' is true for every value of scale '\(ruleSet.scales[Int(slot)].id)' (\(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription)): it only checks that the scale was measured; write 'known: \(ruleSet.scales[Int(slot)].id)' if that is meant", at: program.info[node].location, rule: rule)
                }
            case .marker(let slot, let interval):
                if Interval(lower: 0).isSubset(of: interval) {
                    let id = ruleSet.markers[Int(slot)].id
                    report(.warning, CheckID.tautology, "the test '\(program.info[node].text)' is true for every value of marker '\(id)': it only checks that it was measured; write 'known: \(id)' if that is meant", at: program.info[node].location, rule: rule)
                }
            default: break
            }
        }
        // any: [X, not X] is true for everyone whose X is known.
        var stack = [root]
        while let node = stack.popLast() {
            let kids = program.childIndices(of: node).map(Int.init)
            stack += kids
            guard case .any = program.ops[node] else { continue }
            let literals = kids.compactMap { kid -> RuleLogic.Literal? in
                let c = logic.conjunction(kid)
                return c.complete && c.literals.count == 1 ? c.literals[0] : nil
            }
            for (i, a) in literals.enumerated() {
                for b in literals[..<i] where a.atom == b.atom && a.positive != b.positive && a.interval == nil {
                    report(.warning, CheckID.tautology, "'any' holds both '\(program.info[b.node].text)' and its negation: it is always true", at: program.info[node].location, rule: rule)
                }
            }
        }
    }

    /// The text of a contraindication disjunct that the rule's `when` implies, if any.
    private func impliedContraindication(_ rule: Program.CompiledRule, _ when: RuleLogic.Conjunction) -> String? {
        let root = program.contraindications[Int(rule.option)]
        guard root >= 0 else { return nil }
        var disjuncts = [Int(root)]
        if case .any = program.ops[Int(root)] { disjuncts = program.childIndices(of: Int(root)).map(Int.init) }
        for d in disjuncts {
            let c = logic.conjunction(d)
            if c.complete, logic.implies(when.literals, all: c.literals) { return program.info[d].text }
        }
        return nil
    }

    // MARK: pairs of rules

    /// Per-rule facts the pair checks read, computed once: with 100,000 rules a group of one
    /// option holds hundreds of rules, and copying rule records or recomputing normal forms per
    /// pair made validation quadratic in time spent on copies.
    private struct PairFacts {
        var strength: Rule.Strength
        var priority: Int
        var conjunction: RuleLogic.Conjunction
        var unlessSignatures: Set<String>
        /// The rule's `unless` predicates that read as conjunctions (the only ones `suppressed` can prove).
        var unlessConjunctions: [[RuleLogic.Literal]]
        var allowsConflict: Bool
    }

    private mutating func pairs() {
        var byOption: [Int32: [Program.CompiledRule]] = [:]
        for rule in program.rules { byOption[rule.option, default: []].append(rule) }
        let rules = ruleSet.rules
        // Indexed by rule index (arrays, not dictionaries: the inner loop runs millions of times).
        var facts = [PairFacts?](repeating: nil, count: rules.count)
        for rule in program.rules {
            let r = rules[rule.index]
            facts[rule.index] = PairFacts(strength: r.strength, priority: r.priority, conjunction: logic.conjunction(Int(rule.when)),
                                          unlessSignatures: Set(rule.unless.map { signature(Int($0)) }),
                                          unlessConjunctions: rule.unless.map { logic.conjunction(Int($0)) }.filter(\.complete).map(\.literals),
                                          allowsConflict: r.allow.contains(CheckID.conflict))
        }
        var normalForms = [[[RuleLogic.Literal]]?](repeating: nil, count: rules.count)
        func normalForm(_ rule: Program.CompiledRule) -> [[RuleLogic.Literal]] {
            if let cached = normalForms[rule.index] { return cached }
            let form = logic.disjunctiveNormalForm(Int(rule.when)) ?? [facts[rule.index]?.conjunction.literals ?? []]
            normalForms[rule.index] = form
            return form
        }
        for option in byOption.keys.sorted() {
            guard let group = byOption[option] else { continue }
            // Plain values for the cheap tests, so most pairs are dismissed without touching
            // reference-counted storage.
            let strength = group.map { rules[$0.index].strength }
            let priority = group.map { rules[$0.index].priority }
            let complete = group.map { facts[$0.index]?.conjunction.complete ?? false }
            let allowsConflict = group.map { facts[$0.index]?.allowsConflict ?? true }
            for i in group.indices {
                let a = group[i]
                guard let fa = facts[a.index] else { continue }
                for j in group.indices where i != j {
                    let b = group[j]
                    if a.isAvoid == b.isAvoid {
                        guard complete[j], strength[i] >= strength[j], priority[i] <= priority[j] else { continue }
                        // a is redundant when b fires whenever a does, with nothing a adds.
                        guard let fb = facts[b.index], fa.unlessSignatures.isSuperset(of: fb.unlessSignatures),
                              logic.implies(fa.conjunction.literals, all: fb.conjunction.literals),
                              !(a.index > b.index && mutuallyImplied(fa, fb)) else { continue }
                        let ra = rules[a.index], rb = rules[b.index]
                        report(.warning, CheckID.redundantRule, "rule '\(ra.id)' is redundant: whenever it fires, rule '\(rb.id)' fires too with the same \(a.isAvoid ? "advice against" : "recommendation of") '\(ra.action.option)' at equal or greater strength and priority", at: ra.location, rule: a.index,
                               notes: [.init("rule '\(rb.id)' is here", at: rb.location)])
                    } else if b.isAvoid, !allowsConflict[i], let fb = facts[b.index] {
                        // A conflict needs one patient for whom both fire: some term of each
                        // rule's `when` that fit together, with neither rule's `unless` certain.
                        let ta = normalForm(a)
                        let tb = normalForm(b)
                        let overlap = ta.contains { x in
                            tb.contains { y in
                                let both = x + y
                                return logic.contradiction(in: both) == nil && !suppressed(fa.unlessConjunctions, given: both)
                                    && !suppressed(fb.unlessConjunctions, given: both)
                            }
                        }
                        guard overlap else { continue }
                        let ra = rules[a.index], rb = rules[b.index]
                        report(.warning, CheckID.conflict, "rule '\(rb.id)' advises against '\(rb.action.option)', which rule '\(ra.id)' recommends, and both can fire for the same patient (the advice against wins); add an 'unless' to one of them, or 'allow: [conflict]' if that is intended", at: rb.location, rule: b.index,
                               notes: [.init("rule '\(ra.id)' is here", at: ra.location)])
                    }
                }
            }
        }
    }

    /// Two rules that imply each other are reported once, on the later one.
    private func mutuallyImplied(_ fa: PairFacts, _ fb: PairFacts) -> Bool {
        fa.conjunction.complete && fa.strength == fb.strength && fa.priority == fb.priority
            && fb.unlessSignatures.isSuperset(of: fa.unlessSignatures) && logic.implies(fb.conjunction.literals, all: fa.conjunction.literals)
    }

    private func signature(_ node: Int) -> String {
        let kids = program.childIndices(of: node)
        if kids.isEmpty { return program.info[node].text }
        return program.info[node].text + "(" + kids.map { signature(Int($0)) }.joined(separator: ",") + ")"
    }

    /// Whether one of a rule's `unless` (as conjunctions) is certainly true when `literals` hold.
    private func suppressed(_ unless: [[RuleLogic.Literal]], given literals: [RuleLogic.Literal]) -> Bool {
        unless.contains { logic.implies(literals, all: $0) }
    }

    // MARK: policy

    private mutating func policy() {
        var referencedOptions = Set(ruleSet.rules.map(\.action.option))
        for rule in program.rules {
            for root in [rule.when] + rule.unless {
                for leaf in program.leaves(under: Int(root)) {
                    switch program.ops[leaf] {
                    case .taking(let s), .failed(let s), .tried(let s): referencedOptions.insert(ruleSet.options[Int(s)].id)
                    default: break
                    }
                }
            }
        }
        for option in ruleSet.options {
            if option.kind == .immunomodulatory, option.contraindicatedIf == nil, !option.allow.contains(CheckID.missingContraindication) {
                report(.warning, CheckID.missingContraindication, "immunomodulatory option '\(option.id)' declares no 'contraindicated_if': state at least active infection and the screening its label requires", at: option.location)
            }
            if !referencedOptions.contains(option.id), !option.allow.contains(CheckID.unusedOption) {
                report(.warning, CheckID.unusedOption, "option '\(option.id)' is not referenced by any rule", at: option.location)
            }
        }
        let cited = Set(ruleSet.rules.flatMap(\.evidence))
        for evidence in ruleSet.evidence where !cited.contains(evidence.id) {
            report(.warning, CheckID.unusedEvidence, "evidence '\(evidence.id)' is not cited by any rule", at: evidence.location)
        }
    }
}
