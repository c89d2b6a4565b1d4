import Foundation
import Testing
@testable import Regimen

/// The derived facts and measurement validity of the SHIPPED rule set (Rules/): DAS28-CRP
/// against hand-checked values, the Miller 1983 ESR limit for both sexes, the ACR 2016
/// fibromyalgia score criteria, and the 90-day CRP window. The engine's own behaviour is
/// tested with a private rule set in DerivedFactTests; these tests pin the clinical content.
@Suite struct ShippedDerivedFactTests {
    static var engine: Engine { Package.shippedEngine }

    static func evaluate(_ yaml: String, asOf: String? = "2026-11-24") throws -> Evaluation {
        try engine.evaluate(engine.profile(from: yaml, name: "shipped-derived.yaml"), asOf: asOf)
    }

    static func derived(_ id: String, in evaluation: Evaluation) throws -> DerivedValue {
        try #require(evaluation.derived.first { $0.id == id }, "no derived value '\(id)'")
    }

    static func rounded(_ value: Double?) -> Double? { value.map { ($0 * 100).rounded() / 100 } }

    // MARK: vocabulary

    @Test func theDerivedFactsAndTheirInputsAreDefined() throws {
        let ruleSet = Self.engine.ruleSet
        let derived = Dictionary(uniqueKeysWithValues: ruleSet.derived.map { ($0.id, $0) })
        #expect(Set(derived.keys) == ["das28_crp", "esr_uln", "esr_above_uln", "fm_acr2016"])
        #expect(!ruleSet.scales.contains { $0.id == "das28_crp" }, "das28_crp is derived now, not a scale")
        let das = try #require(derived["das28_crp"])
        #expect(das.formulaText == "0.56*sqrt(tjc28) + 0.28*sqrt(sjc28) + 0.36*ln(crp + 1) + 0.014*ptga + 0.96")
        #expect(das.range == 0...9.4)
        #expect(das.bands.map(\.name) == ["remission", "low", "moderate", "high"])
        for id in ["esr_above_uln", "fm_acr2016"] {
            #expect(derived[id]?.bands.map(\.name) == ["yes", "no"], "\(id) should be a yes/no fact")
        }
        let scales = Dictionary(uniqueKeysWithValues: ruleSet.scales.map { ($0.id, $0) })
        #expect(scales["tjc28"]?.range == 0...28 && scales["tjc28"]?.integer == true)
        #expect(scales["sjc28"]?.range == 0...28 && scales["sjc28"]?.integer == true)
        #expect(scales["ptga"]?.range == 0...100)
    }

    // MARK: DAS28-CRP

    /// DAS28-CRP(4) = 0.56*sqrt(TJC28) + 0.28*sqrt(SJC28) + 0.36*ln(CRP mg/L + 1) + 0.014*GH + 0.96
    /// (Prince 2012), worked by hand to four places and rounded to two:
    ///   0, 0, 0, 0:            0 + 0 + 0 + 0 + 0.96                              = 0.96
    ///   0, 1, 3, 15:           0 + 0.2800 + 0.36*1.3863 (0.4991) + 0.21 + 0.96   = 1.95
    ///   2, 2, 4, 25:           0.7920 + 0.3960 + 0.36*1.6094 (0.5794) + 0.35 + 0.96 = 3.08
    ///   3, 2, 4, 25:           0.56*1.7321 (0.9699) + 0.3960 + 0.5794 + 0.35 + 0.96 = 3.26
    ///   5, 4, 0.8 mg/dL, 45:   1.2522 + 0.5600 + 0.36*ln 9 (0.7910) + 0.63 + 0.96 = 4.19
    ///   12, 8, 25, 70:         1.9399 + 0.7920 + 0.36*ln 26 (1.1729) + 0.98 + 0.96 = 5.84
    ///   28, 28, 1000, 100:     2.9632 + 1.4816 + 0.36*ln 1001 (2.4871) + 1.4 + 0.96 = 9.29
    @Test(arguments: [
        (0, 0, "0", 0.0, 0.96, "remission"),
        (0, 1, "3", 15.0, 1.95, "remission"),
        (2, 2, "4", 25.0, 3.08, "low"),
        (3, 2, "4", 25.0, 3.26, "moderate"),
        (5, 4, "0.8 mg/dL", 45.0, 4.19, "moderate"),
        (12, 8, "25", 70.0, 5.84, "high"),
        (28, 28, "1000", 100.0, 9.29, "high"),
    ])
    func das28CRPAcrossTheBands(tjc: Int, sjc: Int, crp: String, ptga: Double, expected: Double, band: String) throws {
        let e = try Self.evaluate("""
            id: p
            age: 50
            sex: male
            conditions: [rheumatoid_arthritis]
            markers: { crp: \(crp) }
            scales: { tjc28: \(tjc), sjc28: \(sjc), ptga: \(ptga) }
            """)
        let das = try Self.derived("das28_crp", in: e)
        #expect(das.source == .computed)
        #expect(Self.rounded(das.value) == expected)
        #expect(das.band == band)
        #expect(das.inputs.map(\.id) == ["tjc28", "sjc28", "crp", "ptga"])
        // DMARD-naive RA: ACR 2021 methotrexate exactly when activity is above 3.2.
        #expect(e.firedRules.contains("ra.dmard-naive.methotrexate") == (expected > 3.2))
    }

    @Test func aGivenScoreWinsOverTheInputs() throws {
        let e = try Self.evaluate("""
            id: p
            age: 61
            sex: male
            conditions: [rheumatoid_arthritis]
            markers: { crp: 4 }
            scales: { das28_crp: 5.4, tjc28: 2, sjc28: 2, ptga: 25 }
            """)
        let das = try Self.derived("das28_crp", in: e)
        #expect(das.source == .given)
        #expect(das.value == 5.4)
        #expect(das.band == "high")
        #expect(Self.rounded(das.computed) == 3.08)
        let reason = try #require(e.recommendations.first { $0.option == "methotrexate" }?.because.first)
        let match = try #require(reason.matched.first { $0.test.hasPrefix("das28_crp") })
        #expect(match.note == "given in the profile; it wins over the value computed from the inputs (3.08)")
    }

    @Test func aGivenScoreWithoutInputsStillDecides() throws {
        let e = try Self.evaluate("id: p\nage: 50\nsex: male\nconditions: [rheumatoid_arthritis]\nscales: { das28_crp: 3.2 }")
        let das = try Self.derived("das28_crp", in: e)
        #expect(das.source == .given && das.band == "low")
        #expect(!e.firedRules.contains("ra.dmard-naive.methotrexate"))
        #expect(!e.gaps.contains { $0.fact == "das28_crp" })
    }

    @Test func aMissingInputIsAGapOnDAS28() throws {
        let e = try Self.evaluate("""
            id: p
            age: 45
            sex: male
            conditions: [rheumatoid_arthritis]
            markers: { crp: 6 }
            scales: { tjc28: 7, ptga: 55 }
            """)
        #expect(try Self.derived("das28_crp", in: e).reason == "sjc28 is not known")
        let gap = try #require(e.gaps.first { $0.fact == "das28_crp" })
        #expect(gap.needs == ["sjc28"])
        #expect(gap.options == ["methotrexate"])
    }

    // MARK: ESR upper limit (Miller 1983)

    @Test(arguments: [
        ("female", 60, 35.0),     // (60 + 10) / 2
        ("male", 60, 30.0),       // 60 / 2
        ("female", 45, 27.5),     // (45 + 10) / 2
        ("male", 72, 36.0),       // 72 / 2
        ("other", 60, 35.0),      // no Miller limit for `other`: the higher (women's) one
    ])
    func esrUpperLimitByAgeAndSex(sex: String, age: Int, limit: Double) throws {
        let e = try Self.evaluate("id: p\nage: \(age)\nsex: \(sex)")
        let uln = try Self.derived("esr_uln", in: e)
        #expect(uln.value == limit)
        #expect(uln.inputs.map(\.id) == ["age", "sex"])
    }

    @Test(arguments: [
        ("female", 60, "36", true),
        ("female", 60, "35.5", true),
        ("female", 60, "35", false),     // at the limit: not above
        ("female", 60, "31", false),     // above the men's limit, not the women's
        ("male", 60, "31", true),
        ("male", 60, "30", false),       // at the limit
        ("male", 72, "37", true),
        ("male", 72, "30", false),
        ("other", 60, "33", false),
        ("other", 60, "36", true),
    ])
    func esrAboveTheAgeAdjustedLimit(sex: String, age: Int, esr: String, above: Bool) throws {
        // Chronic low back pain with no CRP: the ESR stands in for CRP in the exercise cross-link.
        let e = try Self.evaluate("""
            id: p
            age: \(age)
            sex: \(sex)
            conditions: [chronic_low_back_pain]
            markers: { esr: \(esr) }
            scales: { pss10: 12, phq9: 3 }
            """)
        let flag = try Self.derived("esr_above_uln", in: e)
        #expect(flag.value == (above ? 1 : 0))
        #expect(flag.band == (above ? "yes" : "no"))
        #expect(e.firedRules.contains("xlink.esr-pain.exercise") == above)
        #expect(e.recommendations.contains { $0.option == "exercise" } == above)
    }

    @Test func aCurrentCRPDecidesInsteadOfTheESR() throws {
        let e = try Self.evaluate("""
            id: p
            age: 60
            sex: female
            conditions: [chronic_low_back_pain]
            markers: { crp: 4, esr: 40 }
            scales: { pss10: 12, phq9: 3 }
            """)
        #expect(try Self.derived("esr_above_uln", in: e).value == 1)
        #expect(!e.firedRules.contains("xlink.esr-pain.exercise"))
        #expect(e.gaps.isEmpty, "a normal CRP must not ask for anything: \(e.gaps.map(\.fact))")
    }

    @Test func unknownSexLeavesTheESRLimitUnknown() throws {
        let e = try Self.evaluate("id: p\nage: 60\nconditions: [chronic_low_back_pain]\nmarkers: { esr: 40 }")
        #expect(try Self.derived("esr_uln", in: e).reason == "sex is not known")
        #expect(e.gaps.first { $0.fact == "esr_above_uln" }?.needs == ["sex"])
    }

    // MARK: ACR 2016 fibromyalgia score criteria (Wolfe 2016)

    @Test(arguments: [
        (7, 5, true),       // first branch, at its lower edges
        (19, 12, true),     // first branch, maxima
        (10, 6, true),
        (4, 9, true),       // second branch, at its lower edges
        (6, 12, true),      // second branch, upper WPI edge
        (5, 9, true),
        (6, 8, false),      // second branch needs SSS >= 9
        (7, 4, false),      // first branch needs SSS >= 5
        (4, 8, false),
        (3, 12, false),     // WPI below both branches
        (0, 0, false),
    ])
    func fmACR2016Branches(wpi: Int, sss: Int, met: Bool) throws {
        let e = try Self.evaluate("""
            id: p
            age: 40
            sex: female
            conditions: [chronic_widespread_pain]
            markers: { crp: 2 }
            scales: { wpi: \(wpi), sss: \(sss), pss10: 10, phq9: 3 }
            """)
        let fm = try Self.derived("fm_acr2016", in: e)
        #expect(fm.value == (met ? 1 : 0))
        #expect(fm.band == (met ? "yes" : "no"))
        #expect(e.firedRules.contains("fm.criteria-met.exercise") == met)
        #expect(e.gaps.isEmpty)
    }

    /// Three-valued: a missing score matters only when the other one leaves both branches open.
    @Test(arguments: [
        ("wpi: 3", 0.0 as Double?, [String]()),         // WPI 3: no branch can hold
        ("sss: 2", 0.0, []),                            // SSS 2: below both branches
        ("wpi: 10", nil, ["sss"]),
        ("sss: 12", nil, ["wpi"]),
        ("wpi: 5", nil, ["sss"]),
    ])
    func fmACR2016WithOneScoreMissing(scales: String, value: Double?, needs: [String]) throws {
        let e = try Self.evaluate("""
            id: p
            age: 40
            sex: female
            conditions: [chronic_widespread_pain]
            markers: { crp: 2 }
            scales: { \(scales), pss10: 10, phq9: 3 }
            """)
        #expect(try Self.derived("fm_acr2016", in: e).value == value)
        #expect(e.gaps.first { $0.fact == "fm_acr2016" }?.needs ?? [] == needs)
    }

    // MARK: staleness (CRP valid for 90 days, an operational default)

    @Test func onlyTheAcutePhaseMarkersHaveAValidityWindow() {
        let windows = Dictionary(uniqueKeysWithValues: Self.engine.ruleSet.markers.compactMap { m in m.validFor.map { (m.id, $0.description) } })
        #expect(windows == ["crp": "90 days", "hs_crp": "90 days", "esr": "90 days"])
        #expect(!Self.engine.ruleSet.scales.contains { $0.validFor != nil })
    }

    @Test(arguments: [
        ("2026-11-24", true),
        ("2026-08-26", true),     // exactly 90 days before 2026-11-24: still current
        ("2026-08-25", false),    // 91 days: stale
        ("2026-01-03", false),
    ])
    func crpAtTheNinetyDayBoundary(date: String, current: Bool) throws {
        let profile = try Self.engine.profile(from: """
            id: p
            age: 52
            sex: male
            conditions: [rheumatoid_arthritis]
            markers: { crp: { value: 25, unit: mg/L, date: \(date) } }
            scales: { tjc28: 12, sjc28: 8, ptga: 70, pss10: 15, phq9: 4 }
            """, name: "p.yaml")
        let e = try Self.engine.evaluate(profile, asOf: "2026-11-24")
        let das = try Self.derived("das28_crp", in: e)
        #expect(e.firedRules.contains("xlink.inflammation-pain.exercise") == current)
        #expect(e.firedRules.contains("ra.dmard-naive.methotrexate") == current)
        if current {
            #expect(Self.rounded(das.value) == 5.84)
            #expect(e.gaps.isEmpty)
        } else {
            let reason = "C-reactive protein measured \(date), older than 90 days: re-measure"
            #expect(das.value == nil)
            #expect(das.reason == reason)
            let crpGap = try #require(e.gaps.first { $0.fact == "crp" })
            #expect(crpGap.reason == reason)
            #expect(Set(crpGap.options) == ["exercise", "tai_chi", "yoga", "cbt"])
            #expect(e.gaps.first { $0.fact == "das28_crp" }?.needs == ["crp"])
        }
    }

    @Test func theProfileDateAndTheOverrideBothCount() throws {
        let yaml = """
            id: p
            as_of: 2026-11-23
            age: 52
            sex: male
            conditions: [chronic_low_back_pain]
            markers: { crp: { value: 25, date: 2026-08-25 } }
            scales: { pss10: 12, phq9: 3 }
            """
        let byProfile = try Self.evaluate(yaml, asOf: nil)          // 90 days on the profile's as_of
        #expect(byProfile.asOf == "2026-11-23")
        #expect(byProfile.firedRules.contains("xlink.inflammation-pain.exercise"))
        let overridden = try Self.evaluate(yaml, asOf: "2026-11-24")  // 91 days
        #expect(!overridden.firedRules.contains("xlink.inflammation-pain.exercise"))
    }

    @Test func aStaleCRPLetsACurrentESRStandIn() throws {
        let e = try Self.evaluate("""
            id: p
            age: 58
            sex: male
            conditions: [chronic_low_back_pain]
            markers:
              crp: { value: 18, unit: mg/L, date: 2026-05-01 }
              esr: { value: 45, unit: mm/h, date: 2026-11-10 }
            scales: { pss10: 12, phq9: 3 }
            """)
        #expect(e.firedRules == ["xlink.esr-pain.exercise"])
        #expect(e.gaps.map(\.fact) == ["crp"])
    }

    @Test func aStaleESRIsNotUsed() throws {
        let e = try Self.evaluate("""
            id: p
            age: 58
            sex: male
            conditions: [chronic_low_back_pain]
            markers: { esr: { value: 45, date: 2026-08-25 } }
            scales: { pss10: 12, phq9: 3 }
            """)
        #expect(try Self.derived("esr_above_uln", in: e).reason == "Erythrocyte sedimentation rate measured 2026-08-25, older than 90 days: re-measure")
        #expect(!e.firedRules.contains("xlink.esr-pain.exercise"))
    }
}
