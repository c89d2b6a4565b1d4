/// The result of evaluating one profile: ranked recommendations with their reasons, options
/// advised against, options withheld by a contraindication, and measurements whose absence
/// kept a rule from deciding. Field names mirror the JSON contract.
public struct Evaluation: Sendable {
    public var profile: String?
    public var ruleset: RuleSetIdentity
    public var recommendations: [Recommendation]
    public var avoid: [Avoidance]
    public var withheld: [Withholding]
    public var gaps: [Gap]
    public var disclaimer: String
    /// Every rule that fired, in rule-set order, including those whose option was then
    /// withheld or overridden by advice against it (for coverage).
    public var firedRules: [String]
    /// Every derived fact of the rule set for this profile: value, band, where it came from.
    public var derived: [DerivedValue]
    /// The date the evaluation describes (staleness is judged against it).
    public var asOf: String
}

public struct DerivedValue: Sendable {
    public enum Source: String, Sendable { case given, computed, unknown }
    public struct Input: Sendable, Hashable {
        public var id: String
        public var value: String
    }
    public var id: String
    public var name: String
    public var value: Double?
    public var band: String?
    public var source: Source
    /// The value computed from the inputs, also when the profile's given value won.
    public var computed: Double?
    /// Why there is no value.
    public var reason: String?
    public var inputs: [Input]
}

public struct RuleSetIdentity: Sendable, Hashable {
    public var name: String
    public var version: String
    public var hash: String
}

/// One leaf test that decided a rule or a contraindication, with the value it saw.
public struct Match: Sendable, Hashable {
    public enum Role: String, Sendable { case when, unless, contraindication }
    /// The test as written: `crp > 10 mg/L`.
    public var test: String
    /// The value as the profile gave it (`1.8 mg/dL`), nil when unmeasured.
    public var value: String?
    /// The value in the canonical unit when that differs (`18 mg/L`).
    public var canonicalValue: String?
    public var result: Truth
    public var role: Role
    /// Stale measurement, how a derived value was obtained, or why it is unknown.
    public var note: String?
}

/// Why an option is recommended or avoided: one firing rule.
public struct Reason: Sendable {
    public var rule: String
    public var title: String
    public var text: String
    public var evidence: [String]
    public var strength: Rule.Strength
    public var priority: Int
    public var matched: [Match]
}

/// A fact that must be ruled out or measured before acting on a recommendation.
public struct Requirement: Sendable, Hashable {
    public var fact: String
    public var name: String
    /// `contraindication` (from the option) or `unless` (from a rule's exception).
    public var source: String
}

public struct Recommendation: Sendable {
    public var option: String
    public var name: String
    public var kind: TherapyOption.Kind
    public var strength: Rule.Strength
    public var priority: Int
    /// Ids of facts to rule out first (the JSON contract's `requires`).
    public var requires: [String]
    public var requirements: [Requirement]
    /// The option's own pre-start checks, from the rule set.
    public var checks: [String]
    public var because: [Reason]
}

public struct Avoidance: Sendable {
    public var option: String
    public var name: String
    public var because: [Reason]
    /// Rules that would have recommended the option; advice against it wins.
    public var overrides: [String]
}

public struct Withholding: Sendable {
    public var option: String
    public var name: String
    /// The first rule that recommended it (the JSON contract's `rule`); all are in `rules`.
    public var rule: String
    public var rules: [String]
    /// The fact whose presence withholds it (the JSON contract's `contraindication`).
    public var contraindication: String
    public var matched: [Match]
}

public struct Gap: Sendable {
    public var fact: String
    public var name: String
    public var rules: [String]
    public var options: [String]
    /// Why the fact is unknown when the profile does mention it ("measured 2026-01-03,
    /// older than 90 days: re-measure"), or why a derived fact cannot be computed.
    public var reason: String?
    /// For a derived fact: the inputs whose measurement would let it be computed.
    public var needs: [String]
}

/// Why an option was not recommended, for `--why-not`.
public struct WhyNot: Sendable {
    public enum Verdict: String, Sendable { case recommended, avoided, withheld, notRecommended = "not_recommended", noRule = "no_rule" }
    public struct RuleStatus: Sendable {
        public enum Outcome: String, Sendable { case fired, conditionsFalse = "conditions_false", conditionsUnknown = "conditions_unknown", suppressed }
        public var rule: String
        public var title: String
        public var isAvoid: Bool
        public var outcome: Outcome
        /// The leaves that decided the outcome (false ones, unknown ones, or the true `unless`).
        public var matched: [Match]
        /// Facts whose measurement could change the outcome.
        public var missing: [String]
    }
    public var option: String
    public var name: String
    public var verdict: Verdict
    public var rules: [RuleStatus]
    public var withheld: Withholding?
}
