import Testing
@testable import Regimen

/// Deciding evaluates only part of the program (rules whose guard condition is false are
/// skipped). The rules that fire and the rules left undecided, and every truth an explanation
/// reads of them, must be those of evaluating every node (`Program.truths(for:)`, which fills
/// the whole program).
@Suite struct PartialEvaluationTests {
    /// The nodes `start...root` of every fired or undecided rule's `when`, and of a fired
    /// rule's `unless`, hold the truths a full evaluation gives; the fired rules are exactly
    /// those whose `when` is true and no `unless` true.
    private func checkAgainstFullEvaluation(_ program: Program, _ bound: BoundProfile, _ what: String) {
        let full = program.truths(for: bound)
        let decision = program.decide(bound)
        var fired: [Int32] = []
        var undecided: Set<Int32> = []
        for (position, head) in program.ruleHeads.enumerated() {
            let w = full[Int(head.when)]
            var unless = Truth.false
            for k in Int(head.unlessLower)..<Int(head.unlessUpper) { unless = unless || full[Int(program.unlessRoots[k])] }
            guard w != .false, unless != .true else { continue }
            if w == .true { fired.append(Int32(position)) } else { undecided.insert(Int32(position)) }
            for node in Int(head.whenStart)...Int(head.when) {
                #expect(decision.truth[node] == full[node], "\(what): node \(node) of rule \(position)")
            }
            if w == .true {
                for k in Int(head.unlessLower)..<Int(head.unlessUpper) {
                    for node in Int(program.unlessStarts[k])...Int(program.unlessRoots[k]) {
                        #expect(decision.truth[node] == full[node], "\(what): unless node \(node) of rule \(position)")
                    }
                }
            }
        }
        #expect(Array(decision.fired) == fired, "\(what)")
        for gap in decision.gaps {
            for position in gap.rules { #expect(undecided.contains(position), "\(what)") }
        }
    }

    @Test(arguments: Package.fixtures)
    func fixturesDecideAsAFullEvaluation(path: String) throws {
        let engine = Package.shippedEngine
        let profile = try engine.profile(contentsOf: path)
        let bound = try engine.program.bind(profile).get()
        checkAgainstFullEvaluation(engine.program, bound, path)
    }

    static let rules = """
        rules:
          - { id: r.false-last, title: t, when: { all: [ { il6: "> 5" }, { crp: "> 10" } ] }, recommend: exercise, strength: strong, because: x, evidence: [ev1] }
          - { id: r.false-first, title: t, when: { all: [ { crp: "> 10" }, { il6: "> 5" } ] }, recommend: cbt, strength: strong, because: x, evidence: [ev1] }
          - { id: r.undecided, title: t, when: { all: [ { crp: "< 10" }, { il6: "> 5" }, { any: [ { pss10: "> 20" }, { phq9: "> 9" } ] } ] }, recommend: mbsr, strength: strong, because: x, evidence: [ev1] }
          - { id: r.fires, title: t, when: { all: [ { crp: "< 10" }, { not: { all: [ { pss10: "> 30" }, { il6: "> 5" } ] } }, { any: [ { phq9: "> 9" }, { pss10: "> 20" } ] } ] }, unless: [ { condition: pregnancy } ], recommend: methotrexate, strength: strong, because: x, evidence: [ev1] }
          - { id: r.one-child, title: t, when: { all: [ { crp: "> 10" } ] }, recommend: opioid, strength: strong, because: x, evidence: [ev1] }
        """

    /// Kleene `and`: a false child after an unknown one still makes the `when` false, so
    /// neither rule leaves a gap for il6; the rules that fire or are undecided are filled whole.
    @Test func aFalseChildMakesTheRuleFalseWhereverItIs() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, "id: p\nmarkers: { crp: 5 }\nscales: { pss10: 25, phq9: 12 }")
        #expect(e.firedRules == ["r.fires"])
        #expect(e.gaps.map(\.fact) == ["il6"])
        #expect(e.gaps.first?.rules == ["r.undecided"])
        let matched = e.recommendations.first?.because.first?.matched.map(\.test)
        #expect(matched == ["crp < 10", "pss10 > 30", "phq9 > 9", "pss10 > 20", "condition pregnancy"])
        for yaml in ["id: p\nmarkers: { crp: 5 }\nscales: { pss10: 25, phq9: 12 }", "id: p\nmarkers: { crp: 20, il6: 2 }",
                     "id: p\nmarkers: { crp: 5, il6: 9 }\nscales: { pss10: 35 }\nruled_out: [pregnancy]", "id: p"] {
            let bound = try engine.program.bind(Snippet.profile(engine, yaml)).get()
            checkAgainstFullEvaluation(engine.program, bound, yaml)
        }
    }
}
