import Testing
@testable import Regimen

/// Lint reasoning beyond the checks' own examples: disjunctions are read term by term.
@Suite struct LintTests {
    static func findings(_ rules: String) -> [String] {
        Validator.validate([.text(Checks.exampleBase, name: "base.yaml"), .text(rules, name: "x.yaml")])
            .findings.map { "\($0.code ?? "?") \($0.location.map { "\($0.line):\($0.column)" } ?? "")" }
    }

    /// The advice against fires for any risk group; the recommendation's `unless` lists every
    /// one of them, so no patient gets both: no conflict (the shipped JAK rules rely on this).
    @Test func unlessCoveringEveryDisjunctIsNoConflict() {
        #expect(Self.findings("""
            rules:
              - { id: x.avoid, title: t, when: { any: [ { condition: active_infection }, { pss10: high } ] }, avoid: exercise, strength: strong, because: b, evidence: [ev] }
            options:
              exercise2: { name: E, kind: holistic }
            """).contains("conflict 2:11"))
        #expect(!Self.findings("""
            rules:
              - { id: x.avoid, title: t, when: { all: [ { condition: fibromyalgia }, { any: [ { condition: active_infection }, { pss10: high } ] } ] }, avoid: exercise, strength: strong, because: b, evidence: [ev] }
              - { id: x.rec, title: t, when: { condition: fibromyalgia }, unless: [ { condition: active_infection }, { pss10: high } ], recommend: exercise, strength: strong, because: b, evidence: [ev] }
            """).contains { $0.hasPrefix("conflict") && $0.contains("x.") })
    }

    @Test func disjunctionOfContradictionsIsUnsatisfiable() {
        let found = Self.findings("""
            rules:
              - id: x.never
                title: t
                when:
                  any:
                    - all: [ { crp: "> 10" }, { crp: "< 5" } ]
                    - all: [ { condition: fibromyalgia }, { not: { condition: fibromyalgia } } ]
                recommend: mbsr
                strength: strong
                because: b
                evidence: [ev]
            """)
        #expect(found.contains("unsatisfiable-when 6:37"))
    }

    @Test func oneSatisfiableDisjunctIsEnough() {
        let found = Self.findings("""
            rules:
              - id: x.sometimes
                title: t
                when:
                  any:
                    - all: [ { crp: "> 10" }, { crp: "< 5" } ]
                    - { condition: fibromyalgia }
                recommend: mbsr
                strength: strong
                because: b
                evidence: [ev]
            """)
        #expect(!found.contains { $0.hasPrefix("unsatisfiable-when") })
    }
}
