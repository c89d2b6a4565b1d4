import Foundation
import Testing
@testable import Regimen

@Suite struct KleeneLogicTests {
    static let values: [Truth] = [.false, .unknown, .true]

    // Kleene's strong tables, written out rather than derived from the implementation.
    static let andTable: [[Truth]] = [
        [.false, .false, .false],
        [.false, .unknown, .unknown],
        [.false, .unknown, .true],
    ]
    static let orTable: [[Truth]] = [
        [.false, .unknown, .true],
        [.unknown, .unknown, .true],
        [.true, .true, .true],
    ]

    @Test(arguments: 0..<3, 0..<3)
    func andOr(a: Int, b: Int) {
        #expect((Self.values[a] && Self.values[b]) == Self.andTable[a][b])
        #expect((Self.values[a] || Self.values[b]) == Self.orTable[a][b])
    }

    @Test func negation() {
        #expect(!Truth.true == .false)
        #expect(!Truth.false == .true)
        #expect(!Truth.unknown == .unknown)
    }

    /// The same tables through compiled predicates: crp known/unknown x condition present/absent.
    @Test(arguments: [
        // (crp, fibromyalgia listed, all-result, any-result)
        ("crp: 20", true, Truth.true, Truth.true),
        ("crp: 5", true, .false, .true),
        ("", true, .unknown, .true),
        ("", false, .false, .unknown),
        ("crp: 20", false, .false, .true),
        ("crp: 5", false, .false, .false),
    ])
    func compiledComposition(marker: String, listed: Bool, all: Truth, any: Truth) throws {
        let engine = try Snippet.engine("""
            rules:
              - { id: r.all, title: all, when: { all: [ { crp: "> 10" }, { condition: fibromyalgia } ] }, recommend: exercise, strength: strong, because: x, evidence: [ev1] }
              - { id: r.any, title: any, when: { any: [ { crp: "> 10" }, { condition: fibromyalgia } ] }, recommend: cbt, strength: strong, because: x, evidence: [ev1] }
              - { id: r.not, title: not, when: { not: { crp: "> 10" } }, recommend: mbsr, strength: strong, because: x, evidence: [ev1] }
            """)
        let profile = try Snippet.profile(engine, """
            id: p
            conditions: [\(listed ? "fibromyalgia" : "")]
            markers: { \(marker) }
            """)
        let bound = try engine.program.bind(profile).get()
        let t = engine.program.truths(for: bound)
        let rules = engine.program.rules
        #expect(t[Int(rules[0].when)] == all)
        #expect(t[Int(rules[1].when)] == any)
        let crp: Truth = marker.isEmpty ? .unknown : (marker == "crp: 20" ? .true : .false)
        #expect(t[Int(rules[2].when)] == !crp)
    }
}

@Suite struct EvaluatorTests {
    static let rules = """
        rules:
          - id: ra.tnf
            title: Active RA after methotrexate
            when:
              all:
                - condition: rheumatoid_arthritis
                - failed: methotrexate
                - crp: "> 1 mg/dL"
            recommend: tnf_inhibitor
            strength: conditional
            priority: 70
            because: Inflammation persists.
            evidence: [ev1]
          - id: ra.il6
            title: IL-6 high
            when: { all: [ { condition: rheumatoid_arthritis }, { il6: "> 7" } ] }
            recommend: il6_inhibitor
            strength: conditional
            priority: 60
            because: IL-6 is high.
            evidence: [ev1]
          - id: stress.mbsr
            title: High stress
            when: { pss10: high }
            recommend: mbsr
            strength: conditional
            priority: 40
            because: Stress is high.
            evidence: [ev1]
          - id: stress.exercise
            title: High stress exercise
            when: { pss10: ">= 27" }
            recommend: exercise
            strength: conditional
            priority: 30
            because: Exercise lowers stress.
            evidence: [ev1]
          - id: fm.exercise
            title: Fibromyalgia exercise
            when: { condition: fibromyalgia }
            recommend: exercise
            strength: strong
            priority: 80
            because: Exercise is the strong recommendation.
            evidence: [ev1]
          - id: fm.opioid
            title: No opioids
            when: { condition: fibromyalgia }
            avoid: opioid
            strength: strong
            because: Do not start opioids.
            evidence: [ev1]
          - id: pain.opioid
            title: Opioid for pain
            when: { condition: rheumatoid_arthritis }
            unless: [ { condition: pregnancy } ]
            recommend: opioid
            strength: conditional
            because: test conflict.
            evidence: [ev1]
          - id: ra.mtx
            title: Methotrexate
            when: { condition: rheumatoid_arthritis }
            recommend: methotrexate
            strength: strong
            priority: 90
            because: First line.
            evidence: [ev1]
        """

    static let activeRA = """
        id: p1
        age: 58
        sex: female
        conditions: [rheumatoid_arthritis]
        markers: { crp: 1.8 mg/dL }
        treatments: [ { option: methotrexate, status: current, response: inadequate } ]
        """

    @Test func unknownContraindicationLetsThroughWithRequires() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA)
        let tnf = try #require(e.recommendations.first { $0.option == "tnf_inhibitor" })
        #expect(tnf.requires == ["latent_tb"])
        #expect(tnf.requirements.first?.source == "contraindication")
        #expect(tnf.checks == ["Screen for latent TB"])
        #expect(e.withheld.isEmpty)
    }

    @Test func trueContraindicationWithholdsAndNamesIt() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA.replacingOccurrences(of: "[rheumatoid_arthritis]", with: "[rheumatoid_arthritis, active_infection]"))
        #expect(!e.recommendations.contains { $0.option == "tnf_inhibitor" })
        let held = try #require(e.withheld.first { $0.option == "tnf_inhibitor" })
        #expect(held.contraindication == "active_infection")
        #expect(held.rule == "ra.tnf")
        #expect(held.matched.map(\.test) == ["condition active_infection"])
        #expect(held.matched.first?.result == .true)
    }

    @Test func ruledOutContraindicationLeavesNoRequirement() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA + "\nruled_out: [latent_tb, pregnancy]")
        let tnf = try #require(e.recommendations.first { $0.option == "tnf_inhibitor" })
        #expect(tnf.requires.isEmpty)
        let opioid = e.avoid.first { $0.option == "opioid" }
        #expect(opioid == nil)
        #expect(e.recommendations.contains { $0.option == "opioid" && $0.requires.isEmpty })
    }

    @Test func unknownUnlessAddsRequirement() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA)
        let opioid = try #require(e.recommendations.first { $0.option == "opioid" })
        #expect(opioid.requires == ["pregnancy"])
        #expect(opioid.requirements.first?.source == "unless")
    }

    @Test func trueUnlessSuppresses() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA.replacingOccurrences(of: "[rheumatoid_arthritis]", with: "[rheumatoid_arthritis, pregnancy]"))
        #expect(!e.recommendations.contains { $0.option == "opioid" })
        // Pregnancy is a methotrexate contraindication: withheld, not recommended.
        #expect(e.withheld.map(\.option).contains("methotrexate"))
    }

    @Test func unknownWhenBecomesGap() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA)
        #expect(e.gaps.map(\.fact) == ["il6", "pss10"])
        let il6 = try #require(e.gaps.first)
        #expect(il6.rules == ["ra.il6"])
        #expect(il6.options == ["il6_inhibitor"])
        #expect(il6.name == "Interleukin-6")
        let pss = try #require(e.gaps.last)
        #expect(pss.options == ["exercise", "mbsr"])
        #expect(pss.rules == ["stress.exercise", "stress.mbsr"])
    }

    @Test func gapsOmitOptionsAlreadyDecided() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA.replacingOccurrences(of: "[rheumatoid_arthritis]", with: "[rheumatoid_arthritis, fibromyalgia]"))
        let pss = try #require(e.gaps.first { $0.fact == "pss10" })
        #expect(pss.options == ["mbsr"], "exercise is already recommended, so pss10 cannot change it")
    }

    @Test func falseWhenIsNeitherRecommendationNorGap() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA.replacingOccurrences(of: "1.8 mg/dL", with: "0.5 mg/dL"))
        #expect(!e.recommendations.contains { $0.option == "tnf_inhibitor" })
        #expect(!e.gaps.contains { $0.options.contains("tnf_inhibitor") })
    }

    @Test func mergedRecommendationKeepsEveryReasonStrongestFirst() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, "id: p\nconditions: [fibromyalgia]\nscales: { pss10: 30 }")
        let exercise = try #require(e.recommendations.first { $0.option == "exercise" })
        #expect(exercise.because.map(\.rule) == ["fm.exercise", "stress.exercise"])
        #expect(exercise.strength == .strong)
        #expect(exercise.priority == 80)
    }

    @Test func orderIsStrengthThenPriorityThenID() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA.replacingOccurrences(of: "1.8 mg/dL", with: "18") + "\nruled_out: [latent_tb, pregnancy]\nscales: { pss10: 30 }")
        #expect(e.recommendations.map(\.option) == ["methotrexate", "tnf_inhibitor", "opioid", "mbsr", "exercise"])
        let ties = try Snippet.engine("""
            rules:
              - { id: b, title: b, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: x, evidence: [ev1] }
              - { id: a, title: a, when: { condition: fibromyalgia }, recommend: cbt, strength: conditional, because: x, evidence: [ev1] }
              - { id: c, title: c, when: { condition: fibromyalgia }, recommend: exercise, strength: conditional, priority: 51, because: x, evidence: [ev1] }
            """)
        let t = try Snippet.evaluate(ties, "id: p\nconditions: [fibromyalgia]")
        #expect(t.recommendations.map(\.option) == ["exercise", "cbt", "mbsr"])
    }

    @Test func avoidWinsOverRecommendAndListsOverrides() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, "id: p\nconditions: [fibromyalgia, rheumatoid_arthritis]\nruled_out: [pregnancy]")
        #expect(!e.recommendations.contains { $0.option == "opioid" })
        let avoid = try #require(e.avoid.first { $0.option == "opioid" })
        #expect(avoid.overrides == ["pain.opioid"])
        #expect(avoid.because.map(\.rule) == ["fm.opioid"])
    }

    @Test func explanationShowsGivenAndCanonicalValues() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, Self.activeRA)
        let tnf = try #require(e.recommendations.first { $0.option == "tnf_inhibitor" })
        let reason = try #require(tnf.because.first)
        #expect(reason.rule == "ra.tnf")
        #expect(reason.text == "Inflammation persists.")
        #expect(reason.evidence == ["ev1"])
        let tests = reason.matched.map(\.test)
        #expect(tests == ["condition rheumatoid_arthritis", "failed methotrexate", "crp > 1 mg/dL"])
        let crp = try #require(reason.matched.last)
        #expect(crp.value == "1.8 mg/dL")
        #expect(crp.canonicalValue == "18 mg/L")
        #expect(crp.result == .true)
        #expect(reason.matched.allSatisfy { $0.role == .when })
    }

    @Test func bandTestExplainsBandDefinition() throws {
        let engine = try Snippet.engine(Self.rules)
        let e = try Snippet.evaluate(engine, "id: p\nscales: { pss10: 27 }")
        let mbsr = try #require(e.recommendations.first { $0.option == "mbsr" })
        #expect(mbsr.because.first?.matched.first?.test == "pss10 is high (27..40)")
        #expect(mbsr.because.first?.matched.first?.value == "27 (high)")
    }

    @Test func whyNotExplainsEachRule() throws {
        let engine = try Snippet.engine(Self.rules)
        let profile = try Snippet.profile(engine, Self.activeRA.replacingOccurrences(of: "[rheumatoid_arthritis]", with: "[rheumatoid_arthritis, active_infection]"))
        let why = try #require(try engine.whyNot("tnf_inhibitor", for: profile))
        #expect(why.verdict == .withheld)
        #expect(why.withheld?.contraindication == "active_infection")
        let il6 = try #require(try engine.whyNot("il6_inhibitor", for: profile))
        #expect(il6.verdict == .notRecommended, "IL-6 is unmeasured, so its rule cannot fire")
        #expect(il6.rules.first?.missing == ["il6"])
        let mbsr = try #require(try engine.whyNot("mbsr", for: profile))
        #expect(mbsr.verdict == .notRecommended)
        #expect(mbsr.rules.first?.outcome == .conditionsUnknown)
        #expect(mbsr.rules.first?.missing == ["pss10"])
        let low = try Snippet.profile(engine, "id: p\nconditions: [rheumatoid_arthritis]\nmarkers: { crp: 3 }")
        let tnf = try #require(try engine.whyNot("tnf_inhibitor", for: low))
        #expect(tnf.verdict == .notRecommended)
        #expect(tnf.rules.first?.outcome == .conditionsFalse)
        #expect(tnf.rules.first?.matched.map(\.test) == ["failed methotrexate", "crp > 1 mg/dL"])
        let cbt = try #require(try engine.whyNot("cbt", for: low))
        #expect(cbt.verdict == .noRule)
        #expect(try engine.whyNot("no_such_option", for: low) == nil)
    }
}
