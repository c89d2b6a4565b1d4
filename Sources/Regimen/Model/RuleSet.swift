/// The typed rule set: vocabulary (conditions, markers, scales, options, evidence) and rules,
/// merged from one or more files, every entry remembering where it was written.
public struct RuleSet: Sendable {
    public var name: String
    public var version: String
    public var description: String?
    public var disclaimer: String?
    public var conditions: [Condition] = []
    public var markers: [Marker] = []
    public var scales: [Scale] = []
    public var derived: [DerivedFact] = []
    public var options: [TherapyOption] = []
    public var evidence: [Evidence] = []
    public var rules: [Rule] = []
    /// `sha256:` of the source files (names and bytes, in path order).
    public var contentHash: String

    public static let defaultDisclaimer = "Decision support only; not a substitute for clinical judgement."
}

public struct Condition: Sendable {
    public enum Assumption: String, Sendable { case absent, unknown }
    public var id: String
    public var name: String
    public var icd10: String?
    public var icd11: String?
    /// What a profile that neither lists nor rules out the condition means.
    public var assume: Assumption
    public var description: String?
    public var location: SourceLocation
}

public struct Band: Sendable {
    public var name: String
    public var interval: Interval
    public var text: String
    public var location: SourceLocation
}

public struct Marker: Sendable {
    public struct AlternativeUnit: Sendable {
        public var unit: String
        /// One `unit` is `factor` canonical units.
        public var factor: Double
        public var location: SourceLocation
    }
    public var id: String
    public var name: String
    public var loinc: String?
    public var unit: String
    public var units: [AlternativeUnit]
    public var bands: [Band]
    /// Plausible values in the canonical unit; outside it a profile value is an error.
    public var range: ClosedRange<Double>?
    /// How long a measurement stays current; an older one counts as unknown.
    public var validFor: Validity?
    public var description: String?
    public var location: SourceLocation
}

/// A period after which a measurement is stale: `90d`, `12w`, `6m`.
public struct Validity: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable { case days = "d", weeks = "w", months = "m" }
    public var count: Int
    public var unit: Unit

    public var description: String {
        let word = unit == .days ? "day" : unit == .weeks ? "week" : "month"
        return "\(count) \(word)\(count == 1 ? "" : "s")"
    }

    static func parse(_ text: String) -> Validity? {
        guard let last = text.last, let unit = Unit(rawValue: String(last)),
              let count = Int(text.dropLast()), count > 0, count <= 100_000 else { return nil }
        return Validity(count: count, unit: unit)
    }
}

/// A fact computed from others by a formula (DAS28-CRP, the age-adjusted ESR limit, ...).
/// Rules test it like a scale; a profile may also give its value, which then wins.
public struct DerivedFact: Sendable {
    public var id: String
    public var name: String
    /// The formula as written.
    public var formulaText: String
    var formula: FormulaSyntax
    var formulaLocation: SourceLocation
    var formulaIsPlain: Bool
    public var range: ClosedRange<Double>?
    public var bands: [Band]
    /// Unit of the result, for display only (derived values are computed in canonical units).
    public var unit: String?
    public var description: String?
    public var location: SourceLocation
}

public struct Scale: Sendable {
    public var id: String
    public var name: String
    public var range: ClosedRange<Double>
    /// Whole-number scores only (questionnaire totals); a profile value of 12.5 is an error.
    public var integer: Bool
    public var validFor: Validity?
    public var bands: [Band]
    public var description: String?
    public var location: SourceLocation
}

public struct TherapyOption: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case holistic, immunomodulatory, pharmacological, procedural }
    public var id: String
    public var name: String
    public var kind: Kind
    var contraindicatedIf: PredicateSyntax?
    /// Checks a clinician must make before starting (screening, baseline tests).
    public var checks: [String]
    /// Warning checks reviewed and accepted for this option (`allow: [unused-option]`).
    public var allow: [String]
    public var description: String?
    public var location: SourceLocation
}

public struct Evidence: Sendable {
    public var id: String
    public var title: String
    public var source: String
    public var year: Int
    public var url: String?
    public var location: SourceLocation
}

public struct Rule: Sendable {
    public enum Action: Sendable, Hashable {
        case recommend(String)
        case avoid(String)
        public var option: String {
            switch self { case .recommend(let o), .avoid(let o): return o }
        }
    }
    public enum Strength: String, Sendable, Comparable {
        case strong, conditional
        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs == .strong && rhs == .conditional }
    }
    public var id: String
    public var title: String
    var when: PredicateSyntax
    var unless: [PredicateSyntax]
    public var action: Action
    public var strength: Strength
    public var priority: Int
    public var because: String
    public var evidence: [String]
    /// Warning checks the author has reviewed and accepted for this rule (`allow: [conflict]`).
    public var allow: [String]
    public var location: SourceLocation
    var actionLocation: SourceLocation
    var evidenceLocations: [SourceLocation]
}

/// A predicate as written: a leaf test or a composition, each with its location.
struct PredicateSyntax: Sendable {
    enum TreatmentRelation: String, Sendable, CaseIterable { case taking, failed, tried }
    indirect enum Kind: Sendable {
        case all([PredicateSyntax])
        case any([PredicateSyntax])
        case not(PredicateSyntax)
        case condition(String)
        case fact(String, TestSyntax)
        case treatment(TreatmentRelation, String)
        case age(TestSyntax)
        case sex(String)
        case known(String)
        case missing(String)
    }
    var kind: Kind
    var location: SourceLocation
    /// Where the referenced id or test text is, for "unknown id" errors.
    var valueLocation: SourceLocation
}
