import Foundation
import Testing
@testable import Regimen

/// Policy checks over the shipped rule set (Rules/) and its fixtures (Fixtures/): every rule
/// is fired by some fixture, every option is referenced and every evidence entry cited,
/// every immunomodulatory option declares its contraindications and checks, and the core
/// vocabulary of DESIGN.md is defined with its public spellings.
@Suite struct RuleSetCoverageTests {
    /// Core-vocabulary options that no rule references on purpose, each with its reason. An
    /// entry here must stay unreferenced: the test fails once a rule uses it, so the list
    /// cannot go stale.
    static let documentedUnreferencedOptions: [String: String] = [
        "sleep_hygiene": "a DESIGN.md core id, but no source in CLINICAL.md (EULAR fibromyalgia, NICE NG193, ACR/AF OA, ACR RA, NeuPSIG) recommends sleep hygiene",
    ]

    /// DESIGN.md "Core vocabulary (stable public ids)".
    static let coreConditions = [
        "fibromyalgia", "rheumatoid_arthritis", "osteoarthritis", "neuropathic_pain", "chronic_primary_pain",
        "chronic_low_back_pain", "crohns_disease", "ulcerative_colitis", "depression", "anxiety", "active_infection",
        "latent_tb", "hepatitis_b", "heart_failure_nyha_3_4", "demyelinating_disease", "malignancy", "diverticulitis",
        "pregnancy", "cardiovascular_disease",
    ]
    static let coreMarkers = ["crp", "hs_crp", "esr", "il6", "tnf_alpha", "il1b", "il10", "calprotectin", "cortisol"]
    static let coreScales = ["pss10", "phq9", "gad7", "nrs", "dn4", "paindetect", "das28_crp", "wpi", "sss"]
    static let coreOptions: [TherapyOption.Kind: [String]] = [
        .holistic: ["exercise", "cbt", "act", "mbsr", "tai_chi", "yoga", "acupuncture", "sleep_hygiene", "weight_management", "pain_education"],
        .immunomodulatory: ["tnf_inhibitor", "il6_inhibitor", "jak_inhibitor", "anti_integrin", "il12_23_inhibitor", "methotrexate"],
        .pharmacological: ["duloxetine", "amitriptyline", "pregabalin", "gabapentin", "nsaid", "opioid", "paracetamol"],
    ]

    var ruleSet: RuleSet { Package.shippedEngine.ruleSet }

    @Test func everyRuleIsFiredByAFixture() throws {
        let engine = Package.shippedEngine
        var fired = Set<String>()
        for path in Package.fixtures {
            let evaluation = try engine.evaluate(engine.profile(contentsOf: path))
            fired.formUnion(evaluation.firedRules)
        }
        let unfired = ruleSet.rules.map(\.id).filter { !fired.contains($0) }
        #expect(unfired.isEmpty, "rules that no fixture fires: \(unfired.joined(separator: ", "))")
    }

    @Test func fixturesAreEnoughAndIncludeJSON() {
        #expect(Package.fixtures.count >= 40, "only \(Package.fixtures.count) fixtures")
        #expect(Package.fixtures.filter { $0.hasSuffix(".json") }.count >= 2, "fewer than 2 JSON fixtures")
    }

    @Test func everyOptionIsReferencedAndEveryEvidenceEntryCited() {
        var referenced = Set(ruleSet.rules.map(\.action.option))
        for rule in ruleSet.rules {
            for predicate in [rule.when] + rule.unless { Self.collectTreatmentOptions(predicate, into: &referenced) }
        }
        let unreferenced = ruleSet.options.map(\.id).filter { !referenced.contains($0) }
        let undocumented = unreferenced.filter { Self.documentedUnreferencedOptions[$0] == nil }
        #expect(undocumented.isEmpty, "options that no rule references: \(undocumented.joined(separator: ", "))")
        for (id, reason) in Self.documentedUnreferencedOptions.sorted(by: { $0.key < $1.key }) {
            #expect(ruleSet.options.contains { $0.id == id }, "documented exception '\(id)' is not an option")
            #expect(!referenced.contains(id), "'\(id)' is now referenced by a rule: remove it from documentedUnreferencedOptions (\(reason))")
        }

        let cited = Set(ruleSet.rules.flatMap(\.evidence))
        let uncited = ruleSet.evidence.map(\.id).filter { !cited.contains($0) }
        #expect(uncited.isEmpty, "evidence entries that no rule cites: \(uncited.joined(separator: ", "))")
    }

    @Test func everyRuleExplainsItselfAndEveryEvidenceEntryNamesItsSource() {
        let known = Set(ruleSet.evidence.map(\.id))
        for rule in ruleSet.rules {
            #expect(!rule.because.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "rule '\(rule.id)' has no 'because'")
            #expect(!rule.evidence.isEmpty, "rule '\(rule.id)' cites no evidence")
            let unknown = rule.evidence.filter { !known.contains($0) }
            #expect(unknown.isEmpty, "rule '\(rule.id)' cites unknown evidence \(unknown)")
        }
        for evidence in ruleSet.evidence {
            #expect(!evidence.title.isEmpty && !evidence.source.isEmpty, "evidence '\(evidence.id)' lacks a title or source")
            #expect((1900...2100).contains(evidence.year), "evidence '\(evidence.id)' has an implausible year \(evidence.year)")
        }
        let disclaimer = ruleSet.disclaimer ?? ""
        #expect(disclaimer.hasPrefix(RuleSet.defaultDisclaimer), "the rule set's disclaimer should lead with the engine's")
    }

    @Test func everyImmunomodulatoryOptionDeclaresContraindicationsAndChecks() {
        let immunomodulatory = ruleSet.options.filter { $0.kind == .immunomodulatory }
        #expect(!immunomodulatory.isEmpty)
        for option in immunomodulatory {
            #expect(option.contraindicatedIf != nil, "immunomodulatory option '\(option.id)' declares no contraindicated_if")
            #expect(!option.checks.isEmpty, "immunomodulatory option '\(option.id)' declares no checks")
        }
    }

    @Test func coreVocabularyIsDefined() {
        let conditions = Set(ruleSet.conditions.map(\.id))
        let missingConditions = Self.coreConditions.filter { !conditions.contains($0) }
        #expect(missingConditions.isEmpty, "core conditions missing: \(missingConditions.joined(separator: ", "))")

        let markers = Set(ruleSet.markers.map(\.id))
        let missingMarkers = Self.coreMarkers.filter { !markers.contains($0) }
        #expect(missingMarkers.isEmpty, "core markers missing: \(missingMarkers.joined(separator: ", "))")

        // A core scale may be a derived score (das28_crp): profiles still give it under `scales:`.
        let scales = Set(ruleSet.scales.map(\.id) + ruleSet.derived.map(\.id))
        let missingScales = Self.coreScales.filter { !scales.contains($0) }
        #expect(missingScales.isEmpty, "core scales missing: \(missingScales.joined(separator: ", "))")

        let kinds = Dictionary(ruleSet.options.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        for (kind, ids) in Self.coreOptions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for id in ids {
                #expect(kinds[id] != nil, "core option '\(id)' missing")
                if let actual = kinds[id] { #expect(actual == kind, "core option '\(id)' is \(actual.rawValue), DESIGN.md says \(kind.rawValue)") }
            }
        }
    }

    /// Options named by `taking:`, `failed:` or `tried:` anywhere in a predicate.
    static func collectTreatmentOptions(_ predicate: PredicateSyntax, into set: inout Set<String>) {
        switch predicate.kind {
        case .all(let parts), .any(let parts):
            for part in parts { collectTreatmentOptions(part, into: &set) }
        case .not(let inner):
            collectTreatmentOptions(inner, into: &set)
        case .treatment(_, let option):
            set.insert(option)
        case .condition, .fact, .age, .sex, .known, .missing:
            break
        }
    }
}
