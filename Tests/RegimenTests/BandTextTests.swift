import Testing
@testable import Regimen

/// The compiler makes a band test's explanation text once per band and shares it
/// (`Compiler.factText`): every fact leaf's text must still be what formatting it afresh gives,
/// `ID TEST` for a threshold and `ID is BAND (DEFINITION UNIT)` for a band, on one thread or
/// two.
@Suite struct BandTextTests {
    /// Expected texts of a predicate's nodes in post-order (nil: not a fact leaf).
    static func expected(_ p: PredicateSyntax, _ rs: RuleSet, into out: inout [String?]) {
        switch p.kind {
        case .all(let items), .any(let items):
            for item in items { expected(item, rs, into: &out) }
            out.append(nil)
        case .not(let inner):
            expected(inner, rs, into: &out)
            out.append(nil)
        case .fact(let id, let test):
            var bands: [Band] = [], unit: String?
            if let m = rs.markers.first(where: { $0.id == id }) { (bands, unit) = (m.bands, m.unit) }
            else if let s = rs.scales.first(where: { $0.id == id }) { bands = s.bands }
            else if let d = rs.derived.first(where: { $0.id == id }) { bands = d.bands }
            switch test.kind {
            case .interval: out.append("\(id) \(test.text)")
            case .band(let name):
                let band = bands.first { $0.name == name }!
                out.append("\(id) is \(name) (\(band.text)\(unit.map { " \($0)" } ?? ""))")
            }
        default: out.append(nil)
        }
    }

    static func check(_ rs: RuleSet, parallelRules: Int) throws -> Int {
        let program = try Compiler.compile(rs, parallelRules: parallelRules).get()
        var checked = 0
        for compiled in program.rules {
            let rule = rs.rules[compiled.index]
            var roots = [(rule.when, compiled.whenStart, compiled.when)]
            for (i, p) in rule.unless.enumerated() { roots.append((p, compiled.unlessStarts[i], compiled.unless[i])) }
            for (p, start, end) in roots {
                var texts: [String?] = []
                expected(p, rs, into: &texts)
                #expect(texts.count == Int(end - start) + 1)
                for (offset, text) in texts.enumerated() {
                    guard let text else { continue }
                    #expect(program.info[Int(start) + offset].text == text, "rule \(rule.id)")
                    checked += 1
                }
            }
        }
        return checked
    }

    static let vocabulary = """
        ruleset: { name: t, version: "1" }
        conditions: { ra: { name: RA } }
        markers:
          crp: { name: CRP, unit: mg/L, units: { mg/dL: 10 }, bands: { low: "<= 10", high: "> 10" } }
          esr: { name: ESR, unit: mm/h, bands: { low: "<= 20", high: "> 20", huge: "> 80" } }
        scales:
          phq9: { name: PHQ-9, range: [0, 27], bands: { low: "0..4", high: ">= 15" } }
        derived:
          d1: { name: D1, formula: "crp * 2", bands: { low: "< 3", high: ">= 3" } }
        options: { ex: { name: Exercise, kind: holistic } }
        evidence: { ev1: { title: T, source: S, year: 2020 } }
        rules:

        """

    @Test func sharedBandTextsMatchFreshOnes() throws {
        let tests = ["{ crp: high }", "{ crp: low }", "{ esr: high }", "{ esr: huge }", "{ phq9: high }", "{ phq9: low }",
                     "{ d1: high }", "{ d1: low }", "{ crp: \"> 5 mg/dL\" }", "{ phq9: \">= 3\" }", "{ d1: \"< 1\" }"]
        var text = Self.vocabulary
        for i in 0..<600 {
            let a = tests[i % tests.count], b = tests[(i * 7 + 3) % tests.count], c = tests[(i * 5 + 1) % tests.count]
            text += """
              - { id: r\(i), title: T, when: { all: [\(a), { any: [\(b), { not: \(c) }] }] }, unless: [\(c)], recommend: ex, strength: strong, because: B, evidence: [ev1] }

            """
        }
        let rs = try Engine.load([.text(text, name: "bands.yaml")]).ruleSet
        for parallel in [Int.max, 2, 512] {
            #expect(try Self.check(rs, parallelRules: parallel) == 600 * 4)
        }
    }

    @Test func shippedRulesKeepTheirTexts() throws {
        let rs = try Engine.load([.embedded]).ruleSet
        #expect(try Self.check(rs, parallelRules: 2) > 0)
    }
}
