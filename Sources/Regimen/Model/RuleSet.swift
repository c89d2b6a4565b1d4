/// The typed rule set: vocabulary (conditions, markers, scales, options, evidence) and rules,
/// merged from one or more files, every entry remembering where it was written.
public struct RuleSet: Sendable {
    /// Name of the rule set (`ruleset.name`, e.g. `pain-immune-core`), reported in every evaluation's
    /// ``Evaluation/ruleset``.
    public var name: String
    /// Version of the rule set as its authors wrote it (`ruleset.version`, e.g. `2026.11`).
    public var version: String
    /// Free-text description of the rule set (`ruleset.description`), nil when not given.
    public var description: String?
    /// The rule set's own disclaimer (`ruleset.disclaimer`), nil when not given; every output leads with
    /// ``defaultDisclaimer`` whatever this says.
    public var disclaimer: String?
    /// Conditions that profiles list or rule out and rules test (`conditions:`), in the order read.
    public var conditions: [Condition] = []
    /// Laboratory markers such as CRP (`markers:`), each with its canonical unit, accepted units and bands.
    public var markers: [Marker] = []
    /// Questionnaire and clinical scores such as PSS-10 (`scales:`), each with its range and bands.
    public var scales: [Scale] = []
    /// Facts computed by formula from other facts, such as DAS28-CRP (`derived:`).
    public var derived: [DerivedFact] = []
    /// Therapy options the rules recommend or advise against (`options:`).
    public var options: [TherapyOption] = []
    /// Sources the rules cite (`evidence:`); ``Reason/evidence`` holds their ids.
    public var evidence: [Evidence] = []
    /// The rules (`rules:`) in rule-set order: files in path order, rules in the order written.
    public var rules: [Rule] = []
    /// `sha256:` of the source files (names and bytes, in path order).
    public var contentHash: String
    /// How many predicates the files held (including any of entries that were then dropped):
    /// a size hint for compiling, never a count anything relies on.
    var predicateCount = 0

    /// The engine's own disclaimer; it leads the disclaimer of every evaluation, whatever the rule set says.
    public static let defaultDisclaimer = "Decision support only; not a substitute for clinical judgement."
}

/// A condition profiles list as present or rule out and rules test with `condition: ID` (an entry of
/// `conditions:`), such as `rheumatoid_arthritis`.
public struct Condition: Sendable {
    /// How a profile that neither lists nor rules out the condition is read: `absent` (the default) or
    /// `unknown` (`assume: unknown`, as for latent TB), which makes tests of it ``Truth/unknown`` until it is
    /// listed or ruled out.
    public enum Assumption: String, Sendable { case absent, unknown }
    /// Id profiles and rules use, e.g. `rheumatoid_arthritis`.
    public var id: String
    /// Display name of the condition, as clinicians read it (Rheumatoid arthritis).
    public var name: String
    /// ICD-10 code (`icd10:`, e.g. `M06.9`), nil when not given.
    public var icd10: String?
    /// ICD-11 code (`icd11:`), nil when not given.
    public var icd11: String?
    /// What a profile that neither lists nor rules out the condition means.
    public var assume: Assumption
    /// Free-text description from the rule file, nil when not given.
    public var description: String?
    /// Where the condition is defined in the rule files.
    public var location: SourceLocation
}

/// A named range of a marker, scale or derived fact (`elevated: "> 10"`), which rules test by name (`crp:
/// elevated`).
public struct Band: Sendable {
    /// Name of the band, e.g. `elevated` or `high`.
    public var name: String
    /// The values in the band, in the owner's canonical unit.
    public var interval: Interval
    /// The band's test as written in the rule file (`> 10`, `14..26`).
    public var text: String
    /// Where the band is defined in the rule files.
    public var location: SourceLocation
}

/// A laboratory marker (an entry of `markers:`), such as CRP: its canonical unit, the other units it accepts,
/// bands and plausible range.
public struct Marker: Sendable {
    /// A unit a profile or rule may use besides the canonical one, with its conversion factor (`units: {
    /// mg/dL: 10 }`).
    public struct AlternativeUnit: Sendable {
        /// The alternative unit as written, e.g. `mg/dL`.
        public var unit: String
        /// One `unit` is `factor` canonical units.
        public var factor: Double
        /// Where the unit is declared in the rule files.
        public var location: SourceLocation
    }
    /// Id rules and profiles use, e.g. `crp`.
    public var id: String
    /// Display name of the marker (C-reactive protein).
    public var name: String
    /// LOINC code (`loinc:`, e.g. `1988-5`), nil when not given.
    public var loinc: String?
    /// The canonical unit (e.g. `mg/L`): values in other units are converted to it, and bands are written in
    /// it.
    public var unit: String
    /// Other units a value may be given in, with their factors; any other unit is an error.
    public var units: [AlternativeUnit]
    /// Named ranges in the canonical unit (`normal`, `elevated`), in the order written.
    public var bands: [Band]
    /// Plausible values in the canonical unit; outside it a profile value is an error.
    public var range: ClosedRange<Double>?
    /// How long a measurement stays current; an older one counts as unknown.
    public var validFor: Validity?
    /// Free-text description from the rule file, nil when not given.
    public var description: String?
    /// Where the marker is defined in the rule files.
    public var location: SourceLocation
}

/// A period after which a measurement is stale: `90d`, `12w`, `6m`.
public struct Validity: Sendable, Hashable, CustomStringConvertible {
    /// Unit of a validity period: days (`d`), weeks (`w`) or calendar months (`m`).
    public enum Unit: String, Sendable { case days = "d", weeks = "w", months = "m" }
    /// Number of units (1 to 100,000).
    public var count: Int
    /// Whether ``count`` counts days, weeks or calendar months.
    public var unit: Unit

    /// The period in words: `90 days`, `1 week`, `6 months`.
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
    /// Id rules test and profiles may give a value for, e.g. `das28_crp`.
    public var id: String
    /// Display name of the derived fact (DAS28-CRP).
    public var name: String
    /// The formula as written.
    public var formulaText: String
    var formula: FormulaSyntax
    var formulaLocation: SourceLocation
    var formulaIsPlain: Bool
    /// Plausible results; a computed value outside it counts as not known and a given value outside it is an
    /// error. Nil: no limit.
    public var range: ClosedRange<Double>?
    /// Named result ranges (`moderate: "> 3.2 and <= 5.1"`), in the order written.
    public var bands: [Band]
    /// Unit of the result, for display only (derived values are computed in canonical units).
    public var unit: String?
    /// Free-text description from the rule file, nil when not given.
    public var description: String?
    /// Where the derived fact is defined in the rule files.
    public var location: SourceLocation
}

/// A questionnaire or clinical score (an entry of `scales:`), such as PSS-10; scores have no units.
public struct Scale: Sendable {
    /// Id rules and profiles use, e.g. `pss10`.
    public var id: String
    /// Display name of the scale (Perceived Stress Scale (10 items)).
    public var name: String
    /// Valid scores, both ends included; a profile score outside it is an error.
    public var range: ClosedRange<Double>
    /// Whole-number scores only (questionnaire totals); a profile value of 12.5 is an error.
    public var integer: Bool
    /// How long a score stays current; an older one counts as unknown. Nil: scores never go stale.
    public var validFor: Validity?
    /// Named score ranges (`low`, `moderate`, `high`), in the order written.
    public var bands: [Band]
    /// Free-text description from the rule file, nil when not given.
    public var description: String?
    /// Where the scale is defined in the rule files.
    public var location: SourceLocation
}

/// A therapy option rules recommend or advise against (an entry of `options:`), such as `tnf_inhibitor`.
public struct TherapyOption: Sendable {
    /// The family of an option (`kind:`): `holistic` (exercise, CBT, ...), `immunomodulatory` (TNF, IL-6, JAK
    /// inhibitors, ...), `pharmacological` or `procedural`.
    public enum Kind: String, Sendable, CaseIterable { case holistic, immunomodulatory, pharmacological, procedural }
    /// Id rules and treatment histories use, e.g. `tnf_inhibitor`.
    public var id: String
    /// Display name of the option (TNF-alpha inhibitor).
    public var name: String
    /// The option's family, holistic to procedural.
    public var kind: Kind
    var contraindicatedIf: PredicateSyntax?
    /// Checks a clinician must make before starting (screening, baseline tests).
    public var checks: [String]
    /// Warning checks reviewed and accepted for this option (`allow: [unused-option]`).
    public var allow: [String]
    /// Free-text description from the rule file, nil when not given.
    public var description: String?
    /// Where the option is defined in the rule files.
    public var location: SourceLocation
}

/// A source rules cite (an entry of `evidence:`), such as a guideline or meta-analysis.
public struct Evidence: Sendable {
    /// Id rules cite, e.g. `acr-2021-ra`.
    public var id: String
    /// Title of the publication (2021 ACR guideline for the treatment of rheumatoid arthritis).
    public var title: String
    /// Authors and journal or publisher as cited (Fraenkel L et al., Arthritis Care Res 2021;73:924-939).
    public var source: String
    /// Year of publication.
    public var year: Int
    /// Link to the source, nil when not given.
    public var url: String?
    /// Where the evidence entry is defined in the rule files.
    public var location: SourceLocation
}

/// A rule: when its `when` is true and none of its `unless` is, it recommends or advises against one option,
/// with a plain-language reason and evidence.
public struct Rule: Sendable {
    /// What a rule does with its option: recommend it (`recommend:`) or advise against it (`avoid:`).
    public enum Action: Sendable, Hashable {
        /// Recommend the option with this id.
        case recommend(String)
        /// Advise against the option with this id; this wins over every rule recommending it.
        case avoid(String)
        /// Id of the option the action is about.
        public var option: String {
            switch self { case .recommend(let o), .avoid(let o): return o }
        }
    }
    /// How strong a recommendation is (`strength:`): `strong` or `conditional`. Ordered strong < conditional,
    /// so sorting puts strong first.
    public enum Strength: String, Sendable, Comparable {
        case strong, conditional
        /// Whether `lhs` sorts before `rhs`: only `strong` before `conditional`.
        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs == .strong && rhs == .conditional }
    }
    /// Unique rule id, e.g. `ra.not-at-target.tnf`.
    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    /// Short title for lists and explanations.
    public var title: String {
        get { storage.title }
        set { unique().title = newValue }
    }
    var when: PredicateSyntax {
        get { storage.when }
        set { unique().when = newValue }
    }
    var unless: [PredicateSyntax] {
        get { storage.unless }
        set { unique().unless = newValue }
    }
    /// The option the rule is about, and whether it recommends it or advises against it.
    public var action: Action {
        get { storage.action }
        set { unique().action = newValue }
    }
    /// Strength of the recommendation or advice (`strength:`).
    public var strength: Strength {
        get { storage.strength }
        set { unique().strength = newValue }
    }
    /// Priority from 0 to 100 (`priority:`, default 50); among options of equal strength, higher comes first.
    public var priority: Int {
        get { storage.priority }
        set { unique().priority = newValue }
    }
    /// The plain-language reason shown with every result of the rule (`because:`).
    public var because: String {
        get { storage.because }
        set { unique().because = newValue }
    }
    /// Ids of the evidence entries the rule cites (``RuleSet/evidence``).
    public var evidence: [String] {
        get { storage.evidence }
        set { unique().evidence = newValue }
    }
    /// Warning checks the author has reviewed and accepted for this rule (`allow: [conflict]`).
    public var allow: [String] {
        get { storage.allow }
        set { unique().allow = newValue }
    }
    /// Where the rule is defined in the rule files (its `id:`).
    public var location: SourceLocation {
        get { storage.location }
        set { unique().location = newValue }
    }
    var actionLocation: SourceLocation {
        get { storage.actionLocation }
        set { unique().actionLocation = newValue }
    }
    var evidenceLocations: [SourceLocation] {
        get { storage.evidenceLocations }
        set { unique().evidenceLocations = newValue }
    }

    /// The fields live in one shared box, so copying a `Rule` (sorting, merging, building the
    /// program) costs one reference count instead of one per string and array; a write copies
    /// the box first when it is shared, so `Rule` keeps value semantics.
    private var storage: Storage

    init(id: String, title: String, when: PredicateSyntax, unless: [PredicateSyntax], action: Action, strength: Strength, priority: Int, because: String, evidence: [String], allow: [String], location: SourceLocation, actionLocation: SourceLocation, evidenceLocations: [SourceLocation]) {
        storage = Storage(id: id, title: title, when: when, unless: unless, action: action, strength: strength, priority: priority, because: because, evidence: evidence, allow: allow, location: location, actionLocation: actionLocation, evidenceLocations: evidenceLocations)
    }

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Mutated only through `unique()`, that is only while no other `Rule` shares it, which is
    /// what makes sharing it across threads safe.
    private final class Storage: @unchecked Sendable {
        var id: String
        var title: String
        var when: PredicateSyntax
        var unless: [PredicateSyntax]
        var action: Action
        var strength: Strength
        var priority: Int
        var because: String
        var evidence: [String]
        var allow: [String]
        var location: SourceLocation
        var actionLocation: SourceLocation
        var evidenceLocations: [SourceLocation]

        init(id: String, title: String, when: PredicateSyntax, unless: [PredicateSyntax], action: Action, strength: Strength, priority: Int, because: String, evidence: [String], allow: [String], location: SourceLocation, actionLocation: SourceLocation, evidenceLocations: [SourceLocation]) {
            self.id = id
            self.title = title
            self.when = when
            self.unless = unless
            self.action = action
            self.strength = strength
            self.priority = priority
            self.because = because
            self.evidence = evidence
            self.allow = allow
            self.location = location
            self.actionLocation = actionLocation
            self.evidenceLocations = evidenceLocations
        }

        func copy() -> Storage {
            Storage(id: id, title: title, when: when, unless: unless, action: action, strength: strength, priority: priority, because: because, evidence: evidence, allow: allow, location: location, actionLocation: actionLocation, evidenceLocations: evidenceLocations)
        }
    }
}

/// A predicate as written: a leaf test or a composition, each with its position in the file
/// of the rule or option it belongs to.
struct PredicateSyntax: Sendable {
    enum TreatmentRelation: String, Sendable, CaseIterable { case taking, failed, tried }
    /// Only the cases with a large payload are boxed: a box per leaf was an allocation per
    /// leaf of every rule, paid again when the rule set is freed, and `condition:` leaves are
    /// the commonest of all.
    enum Kind: Sendable {
        case all([PredicateSyntax])
        case any([PredicateSyntax])
        indirect case not(PredicateSyntax)
        case condition(String)
        indirect case fact(String, TestSyntax)
        case treatment(TreatmentRelation, String)
        indirect case age(TestSyntax)
        case sex(String)
        case known(String)
        case missing(String)
    }
    var kind: Kind
    /// Where the predicate's key is, in its rule's (or option's) file.
    var position: TextPosition
    /// Where the referenced id or test text is, for "unknown id" errors.
    var valuePosition: TextPosition
}
