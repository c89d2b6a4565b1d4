import Foundation
import Testing
@testable import Regimen

@Suite struct FormulaParserTests {
    /// Evaluates a formula with no facts.
    static func value(_ text: String) throws -> Computed {
        let syntax = try FormulaParser.parse(text).get()
        func compile(_ f: FormulaSyntax) -> CompiledFormula {
            switch f {
            case .number(let v): return .number(v)
            case .reference: return .age
            case .sexIs(let s, let n): return .sexIs(s, negated: n)
            case .negate(let x): return .negate(compile(x))
            case .not(let x): return .not(compile(x))
            case .binary(let op, let a, let b): return .binary(op, compile(a), compile(b))
            case .call(let fn, let args, _): return .call(fn, args.map(compile))
            }
        }
        return compile(syntax).evaluate { leaf in
            if case .sexIs(let sex, let negated) = leaf { return .value((sex == .female) != negated ? 1 : 0) }
            return .value(40)   // every reference reads 40 (e.g. age)
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("12 / 3 / 2", 2.0),
        ("-2 * 3", -6.0),
        ("--2", 2.0),
        ("2 * -3 + 1", -5.0),
        ("sqrt(16) + abs(-2)", 6.0),
        ("ln(1)", 0.0),
        ("log10(1000)", 3.0),
        ("exp(0)", 1.0),
        ("min(3, 1, 2) + max(3, 1, 2)", 4.0),
        ("if(1 > 2, 10, 20)", 20.0),
        ("if(age >= 40, 1, 0)", 1.0),
        ("3 > 2 and 2 > 1", 1.0),
        ("3 > 2 and not 2 > 1", 0.0),
        ("1 > 2 or 2 >= 2", 1.0),
        ("if(sex == female, (age + 10) / 2, age / 2)", 25.0),
        ("if(sex != female, 1, 0)", 0.0),
        ("1e2 + .5", 100.5),
        ("2 == 2", 1.0),
        ("2 != 2", 0.0),
    ])
    func precedenceAndFunctions(text: String, expected: Double) throws {
        let result = try Self.value(text)
        #expect(result.number == expected, "\(text) gave \(result)")
    }

    @Test(arguments: [
        ("1 / 0", "division by zero"),
        ("ln(0)", "logarithm of a non-positive number (0)"),
        ("log10(-1)", "logarithm of a non-positive number (-1)"),
        ("sqrt(-4)", "square root of a negative number (-4)"),
        ("exp(1000)", "exp(1000) overflows"),
    ])
    func undefinedResultsAreUnknownWithAReason(text: String, reason: String) throws {
        guard case .unknown(let r, _) = try Self.value(text) else {
            Issue.record("\(text) should be unknown")
            return
        }
        #expect(r == reason)
    }

    @Test(arguments: [
        ("1 +", "the formula ends where a value was expected", 3),
        ("(1 + 2", "expected ')', found end of formula", 6),
        ("1 + * 2", "expected a value, found '*'", 4),
        ("sqr(4)", "unknown function 'sqr' (did you mean 'sqrt'?); known: sqrt, ln, log10, exp, abs, min, max, if", 0),
        ("sqrt(1, 2)", "sqrt takes 1 argument, found 2", 0),
        ("if(1, 2)", "if takes 3 arguments, found 2", 0),
        ("min(1)", "min takes at least 2 arguments, found 1", 0),
        ("1 2", "unexpected number 2 after the end of the formula", 2),
        ("crp # 2", "unexpected character '#'", 4),
        ("sex > female", "'sex' can only be compared with == or != (sex == female)", 0),
        ("sex == woman", "expected female, male or other after 'sex =='", 7),
        ("1.2.3", "'1.2.3' is not a number", 0),
        ("crp * 017", "'017' is not a number: '017' has a leading zero, which YAML 1.1 readers take as octal; write the number without it", 6),
    ])
    func syntaxErrorsCarryTheirOffset(text: String, message: String, offset: Int) {
        switch FormulaParser.parse(text) {
        case .success: Issue.record("\(text) should not parse")
        case .failure(let error):
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        guard case .failure(let error) = FormulaParser.parse(text) else {
            Issue.record("should refuse")
            return
        }
        #expect(error.message == "the formula nests deeper than 64 levels (raise the limit with --max-depth)")
    }

    /// The formula nesting cap is the loader's depth limit, so --max-depth raises both.
    @Test func formulaNestingFollowsTheDepthLimit() {
        let text = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(throws: FormulaError.self) { try FormulaParser.parse(text).get() }
        #expect(throws: Never.self) { try FormulaParser.parse(text, maxDepth: 200).get() }
        guard case .failure(let error) = FormulaParser.parse("((1))", maxDepth: 2) else {
            Issue.record("should refuse")
            return
        }
        #expect(error.message == "the formula nests deeper than 2 levels (raise the limit with --max-depth)")
    }
}

@Suite struct DerivedFactTests {
    static let vocabulary = """
        ruleset: { name: derived-test, version: "1" }
        conditions:
          rheumatoid_arthritis: { name: Rheumatoid arthritis }
        markers:
          crp: { name: CRP, unit: mg/L, units: { mg/dL: 10 }, valid_for: 90d }
          esr: { name: ESR, unit: mm/h, valid_for: 3m }
        scales:
          tjc28: { name: Tender joints, range: [0, 28], integer: true }
          sjc28: { name: Swollen joints, range: [0, 28], integer: true }
          ptga: { name: Patient global, range: [0, 100] }
          phq9: { name: PHQ-9, range: [0, 27], integer: true, valid_for: 2w }
        derived:
          das28_crp:
            name: DAS28-CRP
            formula: "0.56*sqrt(tjc28) + 0.28*sqrt(sjc28) + 0.36*ln(crp + 1) + 0.014*ptga + 0.96"
            range: [0, 10]
            bands: { remission: "< 2.6", low: ">= 2.6 and <= 3.2", moderate: "> 3.2 and <= 5.1", high: "> 5.1" }
          esr_uln:
            name: ESR upper limit of normal
            formula: "if(sex == female, (age + 10) / 2, age / 2)"
          esr_above_uln:
            name: ESR above the age-adjusted limit
            formula: "esr > esr_uln"
            bands: { "yes": "== 1", "no": "== 0" }
        options:
          tnf_inhibitor: { name: TNF inhibitor, kind: immunomodulatory, contraindicated_if: { condition: rheumatoid_arthritis } }
          exercise: { name: Exercise, kind: holistic }
        evidence:
          ev: { title: T, source: S, year: 2020 }
        rules:
          - { id: ra.high, title: High activity, when: { das28_crp: high }, recommend: exercise, strength: strong, because: b, evidence: [ev] }
          - { id: esr.high, title: ESR high, when: { esr_above_uln: "yes" }, recommend: tnf_inhibitor, strength: conditional, because: b, evidence: [ev] }

        """

    static let engine: Engine = {
        do { return try Engine.load([.text(vocabulary, name: "derived.yaml")]) } catch { fatalError("\(error)") }
    }()

    static func evaluate(_ yaml: String, asOf: String? = "2026-11-24") throws -> Evaluation {
        try engine.evaluate(engine.profile(from: yaml, name: "p.yaml"), asOf: asOf)
    }

    /// Hand-checked DAS28-CRP values (0.56*sqrt(TJC) + 0.28*sqrt(SJC) + 0.36*ln(CRP+1) + 0.014*GH + 0.96).
    @Test(arguments: [
        (0, 0, "0", 0.0, 0.96, "remission"),
        (1, 0, "1", 10.0, 1.91, "remission"),
        (2, 1, "5", 20.0, 2.96, "low"),
        (4, 4, "1 mg/dL", 40.0, 4.06, "moderate"),
        (6, 3, "12", 50.0, 4.44, "moderate"),
        (16, 9, "30", 80.0, 6.40, "high"),
    ])
    func das28CRPAcrossTheBands(tjc: Int, sjc: Int, crp: String, ptga: Double, expected: Double, band: String) throws {
        let e = try Self.evaluate("id: p\nmarkers: { crp: \(crp) }\nscales: { tjc28: \(tjc), sjc28: \(sjc), ptga: \(ptga) }")
        let das = try #require(e.derived.first { $0.id == "das28_crp" })
        let value = try #require(das.value)
        #expect((value * 100).rounded() / 100 == expected)
        #expect(das.band == band)
        #expect(das.source == .computed)
        #expect(das.inputs.map(\.id) == ["tjc28", "sjc28", "crp", "ptga"])
        #expect(e.recommendations.contains { $0.option == "exercise" } == (band == "high"))
    }

    @Test func missingInputMakesItUnknownAndAGapNamingTheInput() throws {
        let e = try Self.evaluate("id: p\nmarkers: { crp: 12 }\nscales: { tjc28: 6, ptga: 50 }")
        let das = try #require(e.derived.first { $0.id == "das28_crp" })
        #expect(das.value == nil)
        #expect(das.source == .unknown)
        #expect(das.reason == "sjc28 is not known")
        let gap = try #require(e.gaps.first { $0.fact == "das28_crp" })
        #expect(gap.needs == ["sjc28"])
        #expect(gap.options == ["exercise"])
    }

    @Test func givenScoreWinsAndTheExplanationSaysSo() throws {
        let e = try Self.evaluate("id: p\nmarkers: { crp: 12 }\nscales: { tjc28: 6, sjc28: 3, ptga: 50, das28_crp: 5.4 }")
        let das = try #require(e.derived.first { $0.id == "das28_crp" })
        #expect(das.value == 5.4)
        #expect(das.source == .given)
        #expect(das.computed.map { ($0 * 100).rounded() / 100 } == 4.44)
        let reason = try #require(e.recommendations.first { $0.option == "exercise" }?.because.first)
        let match = try #require(reason.matched.first)
        #expect(match.value == "5.4 (high)")
        #expect(match.note == "given in the profile; it wins over the value computed from the inputs (4.44)")
    }

    @Test func givenScoreOutsideItsRangeIsAnError() {
        let error = #expect(throws: DiagnosticsError.self) {
            try Self.evaluate("id: p\nscales: { das28_crp: 12 }")
        }
        #expect(error?.diagnostics.first?.message == "'das28_crp' (DAS28-CRP) runs from 0 to 10, found 12")
    }

    @Test(arguments: [
        ("female", 60.0, "41", true),   // limit (60 + 10) / 2 = 35
        ("female", 60.0, "35", false),
        ("male", 60.0, "31", true),     // limit 60 / 2 = 30
        ("male", 60.0, "30", false),
    ])
    func esrAgeAdjustedLimit(sex: String, age: Double, esr: String, above: Bool) throws {
        let e = try Self.evaluate("id: p\nage: \(age)\nsex: \(sex)\nmarkers: { esr: \(esr) }")
        #expect(e.derived.first { $0.id == "esr_above_uln" }?.value == (above ? 1 : 0))
        #expect(e.withheld.contains { $0.option == "tnf_inhibitor" } == false)
        #expect(e.recommendations.contains { $0.option == "tnf_inhibitor" } == above)
    }

    @Test func unknownSexLeavesTheLimitUnknown() throws {
        let e = try Self.evaluate("id: p\nage: 60\nmarkers: { esr: 41 }")
        #expect(e.derived.first { $0.id == "esr_uln" }?.value == nil)
        #expect(e.derived.first { $0.id == "esr_uln" }?.reason == "sex is not known")
        #expect(e.gaps.first { $0.fact == "esr_above_uln" }?.needs == ["sex"])
    }

    @Test func cyclesAreCompileErrors() {
        let error = #expect(throws: DiagnosticsError.self) {
            try Engine.load([.text("""
                ruleset: { name: t, version: "1" }
                derived:
                  a: { name: A, formula: "b + 1" }
                  b: { name: B, formula: "c * 2" }
                  c: { name: C, formula: "a - 1" }
                  d: { name: D, formula: "d" }
                """, name: "cycle.yaml")])
        }
        let messages = error?.diagnostics.map(\.headline) ?? []
        #expect(messages.contains("cycle.yaml:3:26: error: derived facts form a cycle: a -> b -> c -> a"))
        #expect(messages.contains("cycle.yaml:6:26: error: derived facts form a cycle: d -> d"))
    }

    @Test func formulaErrorsAreLocatedInsideTheString() {
        let unknown = #expect(throws: DiagnosticsError.self) {
            try Engine.load([.text("""
                ruleset: { name: t, version: "1" }
                scales:
                  tjc28: { name: T, range: [0, 28] }
                derived:
                  a: { name: A, formula: "sqrt(tjc28) + tjc82" }
                """, name: "f.yaml")])
        }
        #expect(unknown?.diagnostics.map(\.headline) == ["f.yaml:5:41: error: unknown fact 'tjc82' in the formula of derived fact 'a' (did you mean 'tjc28'?)"])
        let syntax = #expect(throws: DiagnosticsError.self) {
            try Engine.load([.text("""
                ruleset: { name: t, version: "1" }
                derived:
                  b: { name: B, formula: sqrt(tjc28 +) }
                """, name: "f.yaml")])
        }
        #expect(syntax?.diagnostics.map(\.headline) == ["f.yaml:3:38: error: in the formula of derived fact 'b': expected a value, found ')'"])
    }

    // MARK: staleness

    @Test(arguments: [
        ("2026-08-26", true),    // exactly 90 days before 2026-11-24: still current
        ("2026-08-25", false),   // 91 days: stale
        ("2026-11-24", true),
    ])
    func ninetyDayBoundary(date: String, current: Bool) throws {
        let e = try Self.evaluate("id: p\nmarkers: { crp: { value: 12, date: \(date) } }\nscales: { tjc28: 4, sjc28: 4, ptga: 40 }")
        let das = try #require(e.derived.first { $0.id == "das28_crp" })
        #expect((das.value != nil) == current)
        if !current {
            #expect(das.reason == "CRP measured \(date), older than 90 days: re-measure")
            let gap = try #require(e.gaps.first { $0.fact == "das28_crp" })
            #expect(gap.needs == ["crp"])
        }
    }

    @Test(arguments: [
        ("2026-08-24", true),    // 3 months before 2026-11-24: current
        ("2026-08-23", false),
    ])
    func monthValidity(date: String, current: Bool) throws {
        let e = try Self.evaluate("id: p\nage: 60\nsex: male\nmarkers: { esr: { value: 41, date: \(date) } }")
        #expect((e.derived.first { $0.id == "esr_above_uln" }?.value != nil) == current)
    }

    @Test func staleScaleBecomesAGapWithTheReason() throws {
        let engine = try Engine.load([.text(Self.vocabulary + """
              - { id: mood, title: Mood, when: { phq9: ">= 10" }, recommend: exercise, strength: conditional, because: b, evidence: [ev] }
            """, name: "v.yaml")])
        let e = try engine.evaluate(engine.profile(from: "id: p\nscales: { phq9: { value: 14, date: 2026-11-01 } }", name: "p.yaml"), asOf: "2026-11-24")
        let gap = try #require(e.gaps.first { $0.fact == "phq9" })
        #expect(gap.reason == "PHQ-9 measured 2026-11-01, older than 2 weeks: re-measure")
        let fresh = try engine.evaluate(engine.profile(from: "id: p\nscales: { phq9: { value: 14, date: 2026-11-20 } }", name: "p.yaml"), asOf: "2026-11-24")
        #expect(fresh.recommendations.contains { $0.option == "exercise" })
    }

    @Test func undatedMeasurementsCountAsCurrent() throws {
        let e = try Self.evaluate("id: p\nmarkers: { crp: 12 }\nscales: { tjc28: 4, sjc28: 4, ptga: 40 }", asOf: "2030-01-01")
        #expect(e.derived.first { $0.id == "das28_crp" }?.value != nil)
    }

    @Test func profileAsOfIsUsedAndTheOverrideWins() throws {
        let yaml = "id: p\nas_of: 2026-09-01\nmarkers: { crp: { value: 12, date: 2026-08-01 } }\nscales: { tjc28: 4, sjc28: 4, ptga: 40 }"
        #expect(try Self.evaluate(yaml, asOf: nil).asOf == "2026-09-01")
        #expect(try Self.evaluate(yaml, asOf: nil).derived.first { $0.id == "das28_crp" }?.value != nil)
        #expect(try Self.evaluate(yaml, asOf: "2026-12-01").derived.first { $0.id == "das28_crp" }?.value == nil)
    }

    @Test func measurementAfterTheEvaluationDateIsAnError() {
        let error = #expect(throws: DiagnosticsError.self) {
            try Self.evaluate("id: p\nmarkers: { crp: { value: 12, date: 2026-12-01 } }", asOf: "2026-11-24")
        }
        #expect(error?.diagnostics.first?.message == "CRP is dated 2026-12-01, after the evaluation date 2026-11-24 (set 'as_of' or --as-of)")
    }

    /// Reading a profile judged its dates against today, whatever date it was then evaluated
    /// on: `regimen evaluate --as-of` a later date refused a measurement dated after today, and
    /// the message named today. Dates far in the future keep this independent of the clock.
    @Test func readingAProfileLeavesItsDatesToTheEvaluationDate() throws {
        let yaml = "id: p\nmarkers: { crp: { value: 12, date: 2098-06-01 } }"
        let profile = try Self.engine.profile(from: yaml, name: "p.yaml")
        let evaluation = try Self.engine.evaluate(profile, asOf: "2099-01-01")
        #expect(evaluation.profile == "p")
        let error = #expect(throws: DiagnosticsError.self) { try Self.engine.evaluate(profile, asOf: "2098-01-01") }
        #expect(error?.diagnostics.first?.message == "CRP is dated 2098-06-01, after the evaluation date 2098-01-01 (set 'as_of' or --as-of)")
    }

    /// Given the evaluation date, reading the profile reports a later measurement at once,
    /// located and quoted, naming that date.
    @Test func readingAProfileWithItsEvaluationDateJudgesItsDates() throws {
        let yaml = "id: p\nmarkers: { crp: { value: 12, date: 2026-12-01 } }"
        let error = #expect(throws: DiagnosticsError.self) {
            try Self.engine.profile(from: yaml, name: "p.yaml", asOf: "2026-11-24")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message == "CRP is dated 2026-12-01, after the evaluation date 2026-11-24 (set 'as_of' or --as-of)")
        #expect(diagnostic.location == SourceLocation(file: "p.yaml", line: 2, column: 26))
        #expect(try Self.engine.profile(from: yaml, name: "p.yaml", asOf: "2026-12-01").markers.count == 1)
        #expect(throws: DiagnosticsError.self) { try Self.engine.profile(from: yaml, name: "p.yaml", asOf: "24/11/2026") }
    }

    @Test(arguments: [("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-11-24", 3, "2027-02-24"), ("2026-12-15", 1, "2027-01-15")])
    func calendarMonths(start: String, months: Int, expected: String) throws {
        #expect(try #require(CalendarDate(start)).adding(months: months).text == expected)
    }

    @Test func dayNumbersRoundTrip() throws {
        for text in ["1970-01-01", "2000-02-29", "2026-11-24", "1899-12-31"] {
            let date = try #require(CalendarDate(text))
            #expect(CalendarDate(dayNumber: date.dayNumber).text == text)
        }
        #expect(try #require(CalendarDate("1970-01-02")).dayNumber == 1)
    }

    /// Unary minus evaluated its unknown operand twice: 40 minuses took 2^40 steps (a hang).
    @Test func nestedNegationOfAnUnknownIsLinear() throws {
        let engine = try Engine.load([.text(Self.vocabulary, name: "v.yaml"), .text("""
            derived:
              minus: { name: M, formula: "\(String(repeating: "-", count: 40))crp" }
            """, name: "minus.yaml")])
        let e = try engine.evaluate(engine.profile(from: "id: p", name: "p.yaml"), asOf: "2026-11-24")
        #expect(e.derived.first { $0.id == "minus" }?.value == nil)
    }
}
