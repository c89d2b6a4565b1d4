/// The result of evaluating one profile: ranked recommendations with their reasons, options
/// advised against, options withheld by a contraindication, and measurements whose absence
/// kept a rule from deciding. Field names mirror the JSON contract.
///
/// An evaluation keeps what was decided in compact form (rule, option and fact positions, and
/// the bound profile) and makes each property's strings when it is read, so evaluating costs
/// no strings. Read a property once and keep it when reading it in a loop. Properties can
/// still be set; a set value replaces the computed one.
public struct Evaluation: Sendable {
    let storage: EvaluationStorage
    /// What a caller set, in an immutable box replaced at each set; nil until then. Most
    /// evaluations are never edited, and the eleven optionals held inline were made and then
    /// destroyed one by one with every evaluation.
    private var editsBox: EditsBox?

    init(_ storage: EvaluationStorage) { self.storage = storage }

    private final class EditsBox: Sendable {
        let edits: Edits
        init(_ edits: Edits) { self.edits = edits }
    }

    /// The getters read `editsBox?.edits.x` rather than `edits.x`, which made and then
    /// destroyed a whole `Edits` for every read of an unedited evaluation.
    private var edits: Edits {
        get { editsBox?.edits ?? Edits() }
        set { editsBox = EditsBox(newValue) }
    }

    /// Values set by a caller, which win over the computed ones.
    private struct Edits: Sendable {
        var any = false
        var profile: String??
        var ruleset: RuleSetIdentity?
        var recommendations: [Recommendation]?
        var avoid: [Avoidance]?
        var withheld: [Withholding]?
        var gaps: [Gap]?
        var disclaimer: String?
        var firedRules: [String]?
        var derived: [DerivedValue]?
        var asOf: String?
    }

    /// Whether no property was set since the evaluation was made: renderers may then write
    /// straight from the compact form.
    var isUnedited: Bool { !(editsBox?.edits.any ?? false) }

    /// Id of the evaluated profile (JSON `profile`); nil when the profile has none.
    public var profile: String? {
        get { editsBox?.edits.profile ?? storage.bound.id }
        set { edits.profile = .some(newValue); edits.any = true }
    }
    /// Name, version and content hash of the rule set that decided it (JSON `ruleset`).
    public var ruleset: RuleSetIdentity {
        get { editsBox?.edits.ruleset ?? storage.program.identity }
        set { edits.ruleset = newValue; edits.any = true }
    }
    /// Options to discuss (JSON `recommendations`), strongest first: strong before conditional, then higher
    /// priority, then option id. Never holds an option that is advised against or withheld.
    public var recommendations: [Recommendation] {
        get { editsBox?.edits.recommendations ?? storage.recommendations }
        set { edits.recommendations = newValue; edits.any = true }
    }
    /// Options advised against (JSON `avoid`), ordered like ``recommendations`` by their strongest reason.
    public var avoid: [Avoidance] {
        get { editsBox?.edits.avoid ?? storage.avoid }
        set { edits.avoid = newValue; edits.any = true }
    }
    /// Options a firing rule recommended but a present contraindication withholds (JSON `withheld`), by
    /// option id.
    public var withheld: [Withholding] {
        get { editsBox?.edits.withheld ?? storage.withheld }
        set { edits.withheld = newValue; edits.any = true }
    }
    /// Facts whose absence left a rule undecided (JSON `gaps`), by fact id; only for options not already
    /// recommended or advised against.
    public var gaps: [Gap] {
        get { editsBox?.edits.gaps ?? storage.gaps }
        set { edits.gaps = newValue; edits.any = true }
    }
    /// The decision-support notice every output carries, led by ``RuleSet/defaultDisclaimer`` (JSON
    /// `disclaimer`).
    public var disclaimer: String {
        get { editsBox?.edits.disclaimer ?? storage.program.disclaimer }
        set { edits.disclaimer = newValue; edits.any = true }
    }
    /// Every rule that fired, in rule-set order, including those whose option was then
    /// withheld or overridden by advice against it (for coverage).
    public var firedRules: [String] {
        get { editsBox?.edits.firedRules ?? storage.firedRules }
        set { edits.firedRules = newValue; edits.any = true }
    }
    /// Every derived fact of the rule set for this profile: value, band, where it came from.
    public var derived: [DerivedValue] {
        get { editsBox?.edits.derived ?? storage.program.derivedValues(storage.bound) }
        set { edits.derived = newValue; edits.any = true }
    }
    /// The date the evaluation describes (staleness is judged against it).
    public var asOf: String {
        get { editsBox?.edits.asOf ?? storage.bound.asOf.text }
        set { edits.asOf = newValue; edits.any = true }
    }
}

/// One derived fact's value for one profile: an entry of JSON `derived`, keyed by the fact's id.
public struct DerivedValue: Sendable {
    /// Where the value came from: `given` in the profile (it wins over the formula), `computed` from the
    /// inputs, or `unknown` (see ``DerivedValue/reason``).
    public enum Source: String, Sendable { case given, computed, unknown }
    /// One input of the formula, as the explanation shows it (an entry of JSON `inputs`).
    public struct Input: Sendable, Hashable {
        /// Id of the input: a marker, scale or derived fact, `age` or `sex`.
        public var id: String
        /// The input's value as shown (`18 mg/L`, `4`, `58 years`), or why it is not known.
        public var value: String
    }
    /// Id of the derived fact, e.g. `das28_crp`.
    public var id: String
    /// Display name of the derived fact (DAS28-CRP).
    public var name: String
    /// The value rules test (the given one when the profile gives it); nil when not known (JSON `null`).
    public var value: Double?
    /// Name of the first band that contains the value; nil when none does or the value is not known.
    public var band: String?
    /// The unit the rule set gives the result (display only), e.g. `mm/h` (JSON `unit`).
    public var unit: String?
    /// Whether the value was given, computed or is not known (JSON `source`).
    public var source: Source
    /// The value computed from the inputs, also when the profile's given value won.
    public var computed: Double?
    /// Why there is no value.
    public var reason: String?
    /// Every fact the formula reads, in the order it first appears in the formula (JSON `inputs`, an object).
    public var inputs: [Input]
}

/// Which rule set produced a result (JSON `ruleset`): name, version and content hash.
public struct RuleSetIdentity: Sendable, Hashable {
    /// Name of the rule set (`pain-immune-core`).
    public var name: String
    /// Version of the rule set (`2026.11`).
    public var version: String
    /// `sha256:` and the SHA-256 of the rule files (relative names and bytes, in path order): the same for
    /// the embedded set and for a copy of Rules/, different after any edit.
    public var hash: String
}

/// One leaf test that decided a rule or a contraindication, with the value it saw.
public struct Match: Sendable, Hashable {
    /// Where the test comes from: a rule's `when`, a rule's `unless`, or the option's `contraindicated_if`
    /// (`contraindication`).
    public enum Role: String, Sendable { case when, unless, contraindication }
    /// The test as written: `crp > 10 mg/L`.
    public var test: String
    /// The value as the profile gave it (`1.8 mg/dL`), nil when unmeasured.
    public var value: String?
    /// The value in the canonical unit when that differs (`18 mg/L`).
    public var canonicalValue: String?
    /// What the test gave for this profile; ``Truth/unknown`` when its fact is not known (JSON `true`,
    /// `false` or `null`).
    public var result: Truth
    /// Whether the test is part of a `when`, an `unless` or a contraindication (JSON `role`).
    public var role: Role
    /// Stale measurement, how a derived value was obtained, or why it is unknown.
    public var note: String?
}

/// Why an option is recommended or avoided: one firing rule.
public struct Reason: Sendable {
    /// Id of the firing rule, e.g. `ra.not-at-target.tnf`.
    public var rule: String
    /// The rule's title.
    public var title: String
    /// The rule's plain-language reason, its `because:` (JSON `text`).
    public var text: String
    /// Ids of the evidence the rule cites; ``RuleSet/evidence`` has their titles and sources.
    public var evidence: [String]
    /// The rule's strength.
    public var strength: Rule.Strength
    /// The rule's priority, 0 to 100.
    public var priority: Int
    /// The tests that decided the rule (role `when`), then every test of its `unless` (role `unless`), each
    /// with the patient's value.
    public var matched: [Match]
}

/// A fact that must be ruled out or measured before acting on a recommendation.
public struct Requirement: Sendable, Hashable {
    /// Id of the fact to rule out or record (a condition, marker, scale, derived fact, `age` or `sex`), e.g.
    /// `latent_tb`.
    public var fact: String
    /// Display name of the fact (Latent tuberculosis infection).
    public var name: String
    /// `contraindication` (from the option) or `unless` (from a rule's exception).
    public var source: String
}

/// An option to discuss, with every rule that recommends it: one entry of JSON `recommendations`.
public struct Recommendation: Sendable {
    /// Id of the therapy option, e.g. `tnf_inhibitor`.
    public var option: String
    /// Display name of the option (TNF-alpha inhibitor).
    public var name: String
    /// The option's family: holistic, immunomodulatory, pharmacological or procedural.
    public var kind: TherapyOption.Kind
    /// The strongest strength among the rules that recommend it.
    public var strength: Rule.Strength
    /// The highest priority among the rules that recommend it (0 to 100).
    public var priority: Int
    /// Ids of facts to rule out first (the JSON contract's `requires`).
    public var requires: [String]
    /// The facts of ``requires`` with their names and whether each comes from a contraindication or an
    /// `unless` (JSON `requirements`).
    public var requirements: [Requirement]
    /// The option's own pre-start checks, from the rule set.
    public var checks: [String]
    /// Every firing rule that recommends the option, strongest first (strength, priority, then rule id).
    public var because: [Reason]
}

/// An option advised against, with the rules that advise against it: one entry of JSON `avoid`.
public struct Avoidance: Sendable {
    /// Id of the option advised against, e.g. `opioid`.
    public var option: String
    /// Display name of the option.
    public var name: String
    /// Every firing rule that advises against the option, strongest first.
    public var because: [Reason]
    /// Rules that would have recommended the option; advice against it wins.
    public var overrides: [String]
}

/// An option a rule recommended but a present contraindication withholds: one entry of JSON `withheld`.
public struct Withholding: Sendable {
    /// Id of the withheld option, e.g. `jak_inhibitor`.
    public var option: String
    /// Display name of the option.
    public var name: String
    /// The first rule that recommended it (the JSON contract's `rule`); all are in `rules`.
    public var rule: String
    /// Ids of every firing rule that recommended the option, strongest first.
    public var rules: [String]
    /// The fact whose presence withholds it (the JSON contract's `contraindication`).
    public var contraindication: String
    /// The contraindication tests that decided it, with the patient's values (role `contraindication`).
    public var matched: [Match]
}

/// A fact whose absence kept a rule from deciding, and the options measuring it could enable: one entry of
/// JSON `gaps`.
public struct Gap: Sendable {
    /// Id of the fact that is not known (a marker, scale, derived fact, condition, `age` or `sex`), e.g.
    /// `crp`.
    public var fact: String
    /// Display name of the fact (C-reactive protein).
    public var name: String
    /// Ids of the undecided rules that need the fact, sorted.
    public var rules: [String]
    /// Ids of the options those rules are about, sorted.
    public var options: [String]
    /// Why the fact is unknown when the profile does mention it ("measured 2026-01-03,
    /// older than 90 days: re-measure"), or why a derived fact cannot be computed.
    public var reason: String?
    /// For a derived fact: the inputs whose measurement would let it be computed.
    public var needs: [String]
}

/// Why an option was not recommended, for `--why-not`.
public struct WhyNot: Sendable {
    /// The option's outcome: `recommended`, `avoided` (advised against), `withheld` (a contraindication is
    /// present), `notRecommended` (rules recommend it but none fired; JSON `not_recommended`) or `noRule` (no
    /// rule recommends it; JSON `no_rule`).
    public enum Verdict: String, Sendable { case recommended, avoided, withheld, notRecommended = "not_recommended", noRule = "no_rule" }
    /// What one rule about the option did for this profile.
    public struct RuleStatus: Sendable {
        /// `fired` (its `when` is true and no `unless` is), `conditionsFalse` (its `when` is false; JSON
        /// `conditions_false`), `conditionsUnknown` (its `when` is ``Truth/unknown``; JSON
        /// `conditions_unknown`) or `suppressed` (an `unless` is true).
        public enum Outcome: String, Sendable { case fired, conditionsFalse = "conditions_false", conditionsUnknown = "conditions_unknown", suppressed }
        /// Id of the rule.
        public var rule: String
        /// The rule's title.
        public var title: String
        /// Whether the rule advises against the option (`avoid:`) rather than recommending it (JSON
        /// `action`).
        public var isAvoid: Bool
        /// What the rule did for this profile.
        public var outcome: Outcome
        /// The leaves that decided the outcome (false ones, unknown ones, or the true `unless`).
        public var matched: [Match]
        /// Facts whose measurement could change the outcome.
        public var missing: [String]
    }
    /// Id of the option asked about.
    public var option: String
    /// Display name of the option.
    public var name: String
    /// The option's outcome in this evaluation.
    public var verdict: Verdict
    /// Every rule that recommends or advises against the option, in rule-set order.
    public var rules: [RuleStatus]
    /// The withholding when a contraindication withholds the option; nil otherwise.
    public var withheld: Withholding?
}
