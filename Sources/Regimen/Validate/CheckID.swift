/// The ids of the checks `regimen validate` runs: stable, public, used in SARIF and in
/// `allow:` lists. Each is described (with a failing and a passing example) in `Checks.all`.
public enum CheckID {
    /// Invalid YAML or JSON, or a refused YAML feature (non-core tags, merge keys, several documents, an
    /// empty file). Error.
    public static let yamlSyntax = "yaml-syntax"
    /// A file beyond a ``LoadLimits`` limit (size, depth, scalar length, nodes, alias expansion). Error.
    public static let yamlLimit = "yaml-limit"
    /// A mapping with the same key twice. Error.
    public static let duplicateKey = "duplicate-key"
    /// An unknown key, a wrong type, a missing field or an invalid id. Error.
    public static let schema = "schema"
    /// An id defined twice, across files too. Error.
    public static let duplicateId = "duplicate-id"
    /// A reference to an unknown condition, marker, scale, option, band or evidence id. Error.
    public static let undefinedReference = "undefined-reference"
    /// A unit a marker does not declare, or a unit on a scale. Error.
    public static let unit = "unit"
    /// A test outside a scale's range (error) or a marker's plausible range (warning).
    public static let thresholdRange = "threshold-range"
    /// A band reaching outside the range of its scale, marker or derived fact. Error.
    public static let bandRange = "band-range"
    /// Bands that overlap. Warning.
    public static let bandOverlap = "band-overlap"
    /// Bands that leave values of the range uncovered. Warning.
    public static let bandGap = "band-gap"
    /// A `when` that can never be true (`crp > 10` with `crp < 5`). Error.
    public static let unsatisfiable = "unsatisfiable-when"
    /// A test true for every value, or `any` of a test and its negation. Warning.
    public static let tautology = "tautology"
    /// A rule whose own `when` makes its option's contraindication true. Warning.
    public static let alwaysWithheld = "always-withheld"
    /// A rule another rule always fires with, same output, at least as strong. Warning.
    public static let redundantRule = "redundant-rule"
    /// One rule recommends an option another advises against, for the same patient. Warning.
    public static let conflict = "conflict"
    /// A rule without a plain-language reason. Error.
    public static let missingBecause = "missing-because"
    /// A rule that cites no evidence. Error.
    public static let missingEvidence = "missing-evidence"
    /// An immunomodulatory option without `contraindicated_if`. Warning.
    public static let missingContraindication = "missing-contraindication"
    /// An option no rule uses. Warning.
    public static let unusedOption = "unused-option"
    /// An evidence entry no rule cites. Warning.
    public static let unusedEvidence = "unused-evidence"
}
