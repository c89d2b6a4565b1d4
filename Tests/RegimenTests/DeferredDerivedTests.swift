import Testing
@testable import Regimen

/// Binding runs no formula of a derived fact the profile gives; `Program.derivedState` runs it
/// when an explanation asks. The value must be the one running every formula eagerly, in
/// dependency order, gives: checked here against the explanatory evaluation of each formula
/// (`CompiledFormula.evaluate`, a separate implementation) on the bound slots, for given facts
/// whose formulas read given and computed facts alike.
@Suite struct DeferredDerivedTests {
    static let engine: Engine = DerivedFactTests.engine

    /// Every derived fact's value as the eager pass gave it: each formula in dependency order,
    /// reading the facts as bound, normalised as binding normalises.
    private func eager(_ program: Program, _ bound: BoundProfile, _ slot: Int) -> Double? {
        func read(_ leaf: CompiledFormula) -> Computed {
            func number(_ v: Double) -> Computed { v.isNaN ? .unknown(reason: "", missing: []) : .value(v) }
            switch leaf {
            case .marker(let s): return number(bound.marker(Int(s)))
            case .scale(let s): return number(bound.scale(Int(s)))
            case .derived(let s): return number(bound.derivedValue(Int(s)))
            case .age: return number(bound.age)
            case .sexIs(let sex, let negated):
                guard let actual = bound.sex else { return .unknown(reason: "", missing: []) }
                return .value((actual == sex) != negated ? 1 : 0)
            default: return .unknown(reason: "", missing: [])
            }
        }
        return program.formulas[slot].evaluate(read).number.map(Units.normalized)
    }

    @Test(arguments: [
        // das28_crp given, its inputs known: computed from them.
        "markers: { crp: 12 }\nscales: { tjc28: 6, sjc28: 3, ptga: 50, das28_crp: 5.4 }",
        // Given, inputs missing: no computed value.
        "scales: { tjc28: 6, das28_crp: 5.4 }",
        // esr_uln given: esr_above_uln (computed) reads the given value; esr_uln's own
        // computed value comes from age and sex.
        "age: 60\nsex: female\nmarkers: { esr: 41 }\nscales: { esr_uln: 20 }",
        // Both given: esr_above_uln's computed value reads the given esr_uln.
        "age: 60\nsex: male\nmarkers: { esr: 31 }\nscales: { esr_uln: 40, esr_above_uln: 1 }",
        // Given, the formula's value unknown (no sex).
        "age: 60\nmarkers: { esr: 31 }\nscales: { esr_uln: 40, esr_above_uln: 0 }",
        // Nothing given: every value computed at binding, as before.
        "age: 50\nsex: male\nmarkers: { crp: 1 mg/dL, esr: 30 }\nscales: { tjc28: 4, sjc28: 4, ptga: 40 }",
    ])
    func computedValuesEqualTheEagerOnes(yaml: String) throws {
        let engine = Self.engine
        let program = engine.program
        let profile = try engine.profile(from: "id: p\n" + yaml, name: "p.yaml")
        let bound = try program.bind(profile, asOf: CalendarDate("2026-11-24")).get()
        // The batch writer keeps the given facts' computed values first; they read the same.
        var kept = bound
        program.computeGivenDerived(&kept)
        for slot in program.ruleSet.derived.indices {
            let state = program.derivedState(slot, of: bound)
            #expect(program.derivedState(slot, of: kept).computed == state.computed)
            #expect(kept.derivedValue(slot).isNaN == bound.derivedValue(slot).isNaN)
            // Kept also when the formula gives no value, so it is not run again.
            #expect(kept.isGivenComputedKept(slot) == bound.isDerivedGiven(slot))
            #expect(!bound.isGivenComputedKept(slot))
            #expect(state.computed == eager(program, bound, slot), "\(program.ruleSet.derived[slot].id) for \(yaml)")
            #expect(state.given == bound.isDerivedGiven(slot))
            // A fact not given keeps the value binding computed, when in range.
            if !state.given, let computed = state.computed, program.bindingChecks.derived[slot].admits(computed) {
                #expect(bound.derivedValue(slot) == computed)
            }
        }
    }

    /// What an explanation shows of a given fact (JSON `computed`) is the same through the
    /// public values and through the one-line writer, which read it separately.
    @Test func theExplanationShowsTheComputedValueOfAGivenFact() throws {
        let engine = Self.engine
        let profile = try engine.profile(from: "id: p\nage: 60\nsex: male\nmarkers: { esr: 31 }\nscales: { esr_uln: 40 }", name: "p.yaml")
        let e = try engine.evaluate(profile, asOf: "2026-11-24")
        let uln = try #require(e.derived.first { $0.id == "esr_uln" })
        #expect(uln.source == .given)
        #expect(uln.value == 40)
        #expect(uln.computed == 30)
        let above = try #require(e.derived.first { $0.id == "esr_above_uln" })
        #expect(above.source == .computed)
        #expect(above.value == 0)
        #expect(ReportRenderer.json(e, pretty: false).contains("\"computed\":30"))
        let line = engine.evaluateJSONLine(Array(#"{"id":"p","age":60,"sex":"male","markers":{"esr":31},"scales":{"esr_uln":40}}"#.utf8),
                                           line: 1, source: "p.jsonl", asOf: "2026-11-24")
        #expect(line.succeeded)
        #expect(line.json == ReportRenderer.json(e, pretty: false))
    }
}
