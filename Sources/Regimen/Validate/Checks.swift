/// A check `regimen validate` runs, describing itself the way SwiftLint's rules do: an id, a
/// severity, what it finds and how to fix it, and a failing and a passing example. The test
/// suite validates every example, so the descriptions cannot drift from the behaviour.
public struct CheckDescription: Sendable, Hashable {
    /// The check's id, one of ``CheckID``'s constants (`band-overlap`).
    public var id: String
    /// Severity of the check's findings; only warnings can be accepted with `allow:`.
    public var severity: Diagnostic.Severity
    /// What the check finds, in a sentence or two.
    public var summary: String
    /// How to fix a finding.
    public var help: String
    /// A rule file that triggers the check; `1️⃣` marks where the finding is reported.
    /// Examples are validated together with `Checks.exampleBase`.
    public var failingExample: String
    /// The same file fixed: it validates with no findings at all.
    public var passingExample: String
}

/// The checks `regimen validate` runs, as `regimen validate --list-checks` prints them.
public enum Checks {
    /// Vocabulary and rules every example is validated with (itself clean under `--strict`).
    public static let exampleBase = """
        ruleset: { name: example, version: "1" }
        conditions:
          fibromyalgia: { name: Fibromyalgia }
          rheumatoid_arthritis: { name: Rheumatoid arthritis }
          active_infection: { name: Active infection }
          latent_tb: { name: Latent tuberculosis, assume: unknown }
        markers:
          crp: { name: C-reactive protein, unit: mg/L, units: { mg/dL: 10 }, range: [0, 500], bands: { normal: "<= 10", elevated: "> 10" } }
        scales:
          pss10: { name: PSS-10, range: [0, 40], integer: true, bands: { low: "0..13", moderate: "14..26", high: "27..40" } }
        options:
          exercise: { name: Exercise, kind: holistic }
          mbsr: { name: MBSR, kind: holistic }
          tnf_inhibitor:
            name: TNF inhibitor
            kind: immunomodulatory
            contraindicated_if: { any: [ { condition: active_infection }, { condition: latent_tb } ] }
        evidence:
          ev: { title: Example guideline, source: Example Society, year: 2020 }
        rules:
          - { id: base.exercise, title: Exercise, when: { condition: fibromyalgia }, recommend: exercise, strength: strong, because: Helps., evidence: [ev] }
          - { id: base.mbsr, title: MBSR, when: { pss10: high }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
          - { id: base.tnf, title: TNF, when: { all: [ { condition: rheumatoid_arthritis }, { crp: "> 10" } ] }, recommend: tnf_inhibitor, strength: conditional, because: Helps., evidence: [ev] }

        """

    /// Every check, in the order `--list-checks` prints them.
    public static let all: [CheckDescription] = [
        CheckDescription(
            id: CheckID.yamlSyntax, severity: .error,
            summary: "The file is not valid YAML (or JSON), or uses YAML features Regimen refuses: non-core tags, merge keys, several documents, an empty file.",
            help: "Fix the syntax at the position shown; quote values containing ': ' or starting with special characters.",
            failingExample: """
                rules:
                  - id: example.one
                    title: [unclosed1️⃣
                """,
            passingExample: """
                rules: []
                """),
        CheckDescription(
            id: CheckID.yamlLimit, severity: .error,
            summary: "The file exceeds a loader limit (size, nesting depth, scalar length, node count, alias expansion).",
            help: "Simplify the file, or raise the limit with the option the message names (--max-depth, ...).",
            failingExample: "rules: " + String(repeating: "[", count: 63) + "1️⃣[" + String(repeating: "]", count: 64) + "\n",
            passingExample: "rules: " + String(repeating: "[", count: 1) + String(repeating: "]", count: 1) + "\n"),
        CheckDescription(
            id: CheckID.duplicateKey, severity: .error,
            summary: "A mapping has the same key twice; YAML readers differ on which one wins.",
            help: "Remove or rename one of the keys.",
            failingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev], 1️⃣because: Also. }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.schema, severity: .error,
            summary: "A key, value type or required field does not match the rule language (with 'did you mean' for misspellings).",
            help: "Use the keys the message lists; see README's rule language section.",
            failingExample: """
                rules:
                  - id: example.one
                    title: One
                    when: { condition: fibromyalgia }
                    1️⃣recomend: mbsr
                    recommend: mbsr
                    strength: conditional
                    because: Helps.
                    evidence: [ev]
                """,
            passingExample: """
                rules:
                  - id: example.one
                    title: One
                    when: { condition: fibromyalgia }
                    recommend: mbsr
                    strength: conditional
                    because: Helps.
                    evidence: [ev]
                """),
        CheckDescription(
            id: CheckID.duplicateId, severity: .error,
            summary: "An id (condition, marker, scale, option, evidence, rule) is defined twice, in one file or across files.",
            help: "Ids are unique across the whole rule set: rename one, or merge the two definitions.",
            failingExample: """
                rules:
                  - { id: 1️⃣base.exercise, title: Again, when: { pss10: high }, recommend: exercise, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: stress.exercise, title: Again, when: { pss10: high }, recommend: exercise, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.undefinedReference, severity: .error,
            summary: "A rule refers to a condition, marker, scale, option, band or evidence entry that is not defined.",
            help: "Define the id, or fix its spelling (the message suggests the closest one).",
            failingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: 1️⃣fibromyalgai }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.unit, severity: .error,
            summary: "A unit is not one the marker declares (no conversion factor is known), or a unit is given where none applies.",
            help: "Use the marker's canonical unit or one listed under its 'units' with a factor; scales take no unit.",
            failingExample: """
                rules:
                  - { id: example.one, title: One, when: { crp: 1️⃣"> 1 mmol/L" }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { crp: "> 1 mg/dL" }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.thresholdRange, severity: .error,
            summary: "A threshold lies outside a scale's range (the test can never be true) or, as a warning, outside a marker's plausible range.",
            help: "Check the number against the instrument's range and the marker's unit.",
            failingExample: """
                rules:
                  - { id: example.one, title: One, when: { pss10: 1️⃣"> 45" }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { pss10: "> 35" }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.bandRange, severity: .error,
            summary: "A band of a scale reaches outside the scale's range.",
            help: "Keep bands within the range; fix the range if the instrument's range is wider.",
            failingExample: """
                scales:
                  gad7: { name: GAD-7, range: [0, 21], integer: true, bands: { minimal: "0..4", mild: "5..9", moderate: "10..14", 1️⃣severe: "15..27" } }
                rules:
                  - { id: example.one, title: One, when: { gad7: severe }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                scales:
                  gad7: { name: GAD-7, range: [0, 21], integer: true, bands: { minimal: "0..4", mild: "5..9", moderate: "10..14", severe: "15..21" } }
                rules:
                  - { id: example.one, title: One, when: { gad7: severe }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.bandOverlap, severity: .warning,
            summary: "Two bands of one marker or scale overlap, so a value belongs to both.",
            help: "Make the boundaries meet without overlapping: '0..4' then '5..9' for whole-number scores, '<= 10' then '> 10' for measurements.",
            failingExample: """
                scales:
                  gad7: { name: GAD-7, range: [0, 21], integer: true, bands: { minimal: "0..5", 1️⃣mild: "5..9", moderate: "10..14", severe: "15..21" } }
                rules:
                  - { id: example.one, title: One, when: { gad7: severe }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                scales:
                  gad7: { name: GAD-7, range: [0, 21], integer: true, bands: { minimal: "0..4", mild: "5..9", moderate: "10..14", severe: "15..21" } }
                rules:
                  - { id: example.one, title: One, when: { gad7: severe }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.bandGap, severity: .warning,
            summary: "The bands of a marker or scale leave values in its range that fall in no band.",
            help: "Extend a band to cover the gap (for whole-number scores mark the scale 'integer: true').",
            failingExample: """
                scales:
                  gad7: { name: GAD-7, range: [0, 21], integer: true, bands: { 1️⃣minimal: "0..4", mild: "5..9", severe: "15..21" } }
                rules:
                  - { id: example.one, title: One, when: { gad7: severe }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                scales:
                  gad7: { name: GAD-7, range: [0, 21], integer: true, bands: { minimal: "0..4", mild: "5..9", moderate: "10..14", severe: "15..21" } }
                rules:
                  - { id: example.one, title: One, when: { gad7: severe }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.unsatisfiable, severity: .error,
            summary: "A rule's 'when' can never be true (for example 'crp > 10' together with 'crp < 5'), so the rule never fires.",
            help: "Fix the thresholds or the composition: 'all' needs every part true at once.",
            failingExample: """
                rules:
                  - id: example.one
                    title: One
                    when:
                      all:
                        - crp: "> 10"
                        - 1️⃣crp: "< 5"
                    recommend: mbsr
                    strength: conditional
                    because: Helps.
                    evidence: [ev]
                """,
            passingExample: """
                rules:
                  - id: example.one
                    title: One
                    when:
                      any:
                        - crp: "> 10"
                        - crp: "< 5"
                    recommend: mbsr
                    strength: conditional
                    because: Helps.
                    evidence: [ev]
                """),
        CheckDescription(
            id: CheckID.tautology, severity: .warning,
            summary: "A test is true for every value (it only checks that the value is known), or an 'any' holds a test and its negation.",
            help: "Write 'known: ID' if knowing the value is what matters; otherwise fix the threshold.",
            failingExample: """
                rules:
                  - { id: example.one, title: One, when: { all: [ { condition: fibromyalgia }, { 1️⃣pss10: ">= 0" } ] }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { all: [ { condition: fibromyalgia }, { pss10: ">= 14" } ] }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.alwaysWithheld, severity: .warning,
            summary: "Whenever the rule fires, its option's own contraindication is true: the recommendation is always withheld.",
            help: "Remove the contradiction from 'when', or recommend a different option.",
            failingExample: """
                rules:
                  - id: 1️⃣example.one
                    title: One
                    when: { all: [ { condition: rheumatoid_arthritis }, { condition: active_infection } ] }
                    recommend: tnf_inhibitor
                    strength: conditional
                    because: Helps.
                    evidence: [ev]
                """,
            passingExample: """
                rules:
                  - id: example.one
                    title: One
                    when: { all: [ { condition: rheumatoid_arthritis }, { pss10: high } ] }
                    recommend: tnf_inhibitor
                    strength: conditional
                    because: Helps.
                    evidence: [ev]
                """),
        CheckDescription(
            id: CheckID.redundantRule, severity: .warning,
            summary: "Whenever the rule fires, another rule fires with the same output at equal or greater strength and priority: it adds nothing.",
            help: "Delete it, or make it say something the other does not (a different strength, option or evidence), or 'allow: [redundant-rule]'.",
            failingExample: """
                rules:
                  - { id: 1️⃣example.one, title: One, when: { all: [ { condition: fibromyalgia }, { pss10: high } ] }, recommend: exercise, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { all: [ { condition: rheumatoid_arthritis }, { pss10: high } ] }, recommend: exercise, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.conflict, severity: .warning,
            summary: "One rule recommends an option and another advises against it, and both can fire for the same patient.",
            help: "Add an 'unless' so only one applies, or 'allow: [conflict]' on one of them when the advice against is meant to win.",
            failingExample: """
                rules:
                  - { id: 1️⃣example.one, title: One, when: { pss10: high }, avoid: exercise, strength: conditional, because: Not now., evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { pss10: high }, unless: { condition: fibromyalgia }, avoid: exercise, strength: conditional, because: Not now., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.missingBecause, severity: .error,
            summary: "A rule has no 'because': every recommendation must explain itself in plain language.",
            help: "Add 'because:' with one or two sentences a clinician can read.",
            failingExample: """
                rules:
                  - 1️⃣{ id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, evidence: [ev] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.missingEvidence, severity: .error,
            summary: "A rule cites no evidence: every rule names at least one evidence entry.",
            help: "Add 'evidence: [id]' naming an entry of the 'evidence' section.",
            failingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: 1️⃣[] }
                """,
            passingExample: """
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.missingContraindication, severity: .warning,
            summary: "An immunomodulatory option declares no contraindications.",
            help: "Add 'contraindicated_if' with the label's contraindications (at least active infection and required screening).",
            failingExample: """
                options:
                  1️⃣jak_inhibitor: { name: JAK inhibitor, kind: immunomodulatory }
                rules:
                  - { id: example.one, title: One, when: { condition: rheumatoid_arthritis }, recommend: jak_inhibitor, strength: conditional, because: Helps., evidence: [ev] }
                """,
            passingExample: """
                options:
                  jak_inhibitor: { name: JAK inhibitor, kind: immunomodulatory, contraindicated_if: { condition: active_infection } }
                rules:
                  - { id: example.one, title: One, when: { condition: rheumatoid_arthritis }, recommend: jak_inhibitor, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.unusedOption, severity: .warning,
            summary: "An option is defined but no rule recommends, avoids or mentions it.",
            help: "Write the rule that uses it, or remove it.",
            failingExample: """
                options:
                  1️⃣yoga: { name: Yoga, kind: holistic }
                """,
            passingExample: """
                options:
                  yoga: { name: Yoga, kind: holistic }
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: yoga, strength: conditional, because: Helps., evidence: [ev] }
                """),
        CheckDescription(
            id: CheckID.unusedEvidence, severity: .warning,
            summary: "An evidence entry is defined but no rule cites it.",
            help: "Cite it from the rules it supports, or remove it.",
            failingExample: """
                evidence:
                  1️⃣ev2: { title: Another guideline, source: Example Society, year: 2021 }
                """,
            passingExample: """
                evidence:
                  ev2: { title: Another guideline, source: Example Society, year: 2021 }
                rules:
                  - { id: example.one, title: One, when: { condition: fibromyalgia }, recommend: mbsr, strength: conditional, because: Helps., evidence: [ev2] }
                """),
    ]

    /// The description of the check with this id; nil for an unknown id.
    public static func description(of id: String) -> CheckDescription? {
        all.first { $0.id == id }
    }
}
