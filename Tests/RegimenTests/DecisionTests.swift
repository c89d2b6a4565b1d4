import Testing
@testable import Regimen

/// The evaluator skips rules whose guard condition is false and keeps its decision compact;
/// these pin down that nothing a reader sees changes because of it.
@Suite struct DecisionTests {
    static let rules = """
        rules:
          - { id: r.guarded, title: guarded, when: { all: [ { condition: rheumatoid_arthritis }, { crp: "> 10" } ] }, recommend: exercise, strength: strong, because: x, evidence: [ev1] }
          - { id: r.unknown-guard, title: unknown guard, when: { all: [ { condition: latent_tb }, { crp: "> 10" } ] }, recommend: cbt, strength: strong, because: x, evidence: [ev1] }
          - { id: r.leaf, title: leaf, when: { condition: pregnancy }, recommend: mbsr, strength: strong, because: x, evidence: [ev1] }
          - { id: r.il6, title: il6, when: { il6: "> 5" }, recommend: il6_inhibitor, strength: conditional, because: y, evidence: [ev1] }
        """

    /// A condition that is unknown (`assume: unknown`, neither listed nor ruled out) must not
    /// skip its rule: the rule stays undecided and its gaps are reported.
    @Test func anUnknownGuardConditionDoesNotSkipTheRule() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, "id: p\nconditions: [fibromyalgia]")
        let gaps = e.gaps.map { "\($0.fact): \($0.rules.joined(separator: ",")) -> \($0.options.joined(separator: ","))" }
        #expect(gaps == ["crp: r.unknown-guard -> cbt", "il6: r.il6 -> il6_inhibitor", "latent_tb: r.unknown-guard -> cbt",
                         "pregnancy: r.leaf -> mbsr"])
        let ruledOut = try Snippet.evaluate(engine, "id: p\nruled_out: [latent_tb, pregnancy]")
        #expect(ruledOut.gaps.map(\.fact) == ["il6"])
    }

    @Test func aTrueGuardStillEvaluatesTheRest() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, "id: p\nconditions: [rheumatoid_arthritis]\nmarkers: { crp: 20 }")
        #expect(e.firedRules == ["r.guarded"])
        #expect(e.recommendations.first?.because.first?.matched.map(\.test) == ["condition rheumatoid_arthritis", "crp > 10"])
    }

    /// Rules are visited through an index by first guard condition and a bitmap of
    /// positions: across more than one 64-rule word, with true, false and unknown guards and
    /// unguarded rules interleaved, rules fire and leave gaps in rule-set order.
    @Test func rulesIndexedByFirstGuardDecideInRuleSetOrder() throws {
        let guards = ["{ condition: rheumatoid_arthritis }", "{ condition: fibromyalgia }", "{ crp: \"> 10\" }",
                      "{ condition: pregnancy }"]
        var rules = "rules:\n"
        for i in 0..<70 {
            let option = i % 4 == 3 ? "cbt" : "exercise"
            rules += "  - { id: r.\(i < 10 ? "0" : "")\(i), title: t, when: { all: [ \(guards[i % 4]), { crp: \"> 10\" } ] }, "
            rules += "recommend: \(option), strength: strong, because: x, evidence: [ev1] }\n"
        }
        let engine = try Snippet.engine(rules)
        let e = try Snippet.evaluate(engine, "id: p\nconditions: [rheumatoid_arthritis]\nmarkers: { crp: 20 }")
        let fired = (0..<70).filter { $0 % 4 == 0 || $0 % 4 == 2 }.map { "r.\($0 < 10 ? "0" : "")\($0)" }
        #expect(e.firedRules == fired)
        let undecided = (0..<70).filter { $0 % 4 == 3 }.map { "r.\($0 < 10 ? "0" : "")\($0)" }
        #expect(e.gaps.map(\.fact) == ["pregnancy"])
        #expect(e.gaps.first?.rules == undecided)
        let ruledOut = try Snippet.evaluate(engine, "id: p\nruled_out: [pregnancy]\nmarkers: { crp: 20 }")
        #expect(ruledOut.firedRules == (0..<70).filter { $0 % 4 == 2 }.map { "r.\($0 < 10 ? "0" : "")\($0)" })
        #expect(ruledOut.gaps.isEmpty)
    }

    /// Fired rules are grouped by option: each recommendation lists its rules in rank order
    /// (strong before conditional, then higher priority, then id), and recommendations come
    /// by their strongest strength, then highest priority, then option id. With few rules
    /// firing and with many (past eight, grouping sorts packed keys instead of comparing the
    /// rule heads' fields).
    @Test(arguments: [3, 8, 9, 40])
    func firedRulesGroupByOptionInRankOrder(count: Int) throws {
        typealias Key = (strength: Int, priority: Int, id: String)
        func before(_ a: Key, _ b: Key) -> Bool { (a.strength, -a.priority, a.id) < (b.strength, -b.priority, b.id) }
        let options = ["exercise", "cbt", "mbsr", "opioid", "il6_inhibitor"]
        var rules = "rules:\n"
        var byOption: [String: [Key]] = [:]
        for i in 0..<count {
            let id = "r.\(i < 10 ? "0" : "")\(i)"
            let option = options[(i * 7 + i / 5) % options.count]
            let strength = i % 3 == 0 ? 0 : 1
            let priority = (i * 37) % 101
            rules += "  - { id: \(id), title: t, when: { condition: rheumatoid_arthritis }, recommend: \(option), "
            rules += "strength: \(strength == 0 ? "strong" : "conditional"), priority: \(priority), because: x, evidence: [ev1] }\n"
            byOption[option, default: []].append((strength, priority, id))
        }
        let engine = try Snippet.engine(rules)
        let e = try Snippet.evaluate(engine, "id: p\nconditions: [rheumatoid_arthritis]")
        #expect(e.firedRules.count == count)
        for recommendation in e.recommendations {
            #expect(recommendation.because.map(\.rule) == byOption[recommendation.option]?.sorted(by: before).map(\.id))
        }
        // A group's strength and priority are each its rules' best, not one rule's.
        let order = byOption.map { option, keys in
            (strength: keys.map(\.strength).min()!, priority: keys.map(\.priority).max()!, id: option)
        }.sorted(by: before).map(\.id)
        #expect(e.recommendations.map(\.option) == order)
    }

    /// Properties stay settable; a renderer shows what was set, and copies keep their own edits.
    @Test func editedEvaluationsRenderTheirEdits() throws {
        let engine = try Snippet.engine(Self.rules)
        let original = try Snippet.evaluate(engine, "id: p\nconditions: [rheumatoid_arthritis]\nmarkers: { crp: 20 }")
        var edited = original
        edited.profile = "renamed"
        edited.recommendations = []
        #expect(original.profile == "p")
        #expect(original.recommendations.map(\.option) == ["exercise"])
        let line = ReportRenderer.json(edited, pretty: false)
        #expect(line.hasPrefix("{\"profile\":\"renamed\""))
        #expect(line.contains("\"recommendations\":[]"))
        #expect(ReportRenderer.json(original, pretty: false).contains("\"recommendations\":[{\"option\":\"exercise\""))
        var unnamed = original
        unnamed.profile = nil
        #expect(ReportRenderer.json(unnamed, pretty: false).hasPrefix("{\"profile\":null"))
    }

    /// Edits live in a box shared between copies until one of them sets something: a copy of
    /// an edited evaluation keeps the edits so far, and what either sets afterwards stays its own.
    @Test func copiesOfAnEditedEvaluationKeepTheirOwnEdits() throws {
        let engine = try Snippet.engine(Self.rules)
        let original = try Snippet.evaluate(engine, "id: p\nconditions: [rheumatoid_arthritis]\nmarkers: { crp: 20 }")
        #expect(original.isUnedited)
        var first = original
        first.profile = "first"
        var second = first
        second.disclaimer = "second's"
        first.firedRules = []
        #expect(original.isUnedited && !first.isUnedited && !second.isUnedited)
        #expect(original.profile == "p" && first.profile == "first" && second.profile == "first")
        #expect(first.disclaimer == original.disclaimer && second.disclaimer == "second's")
        #expect(first.firedRules.isEmpty && second.firedRules == original.firedRules && original.firedRules == ["r.guarded"])
    }
}
