import Testing
@testable import Regimen

/// From located nodes to a typed rule set and profile: every schema error, with its exact
/// message and position, through `Engine.load` and `Engine.profile`, plus the small parsers
/// (numbers, tests, dates) the decoders use.
@Suite struct DecodingTests {
    typealias K = LoaderKit
    typealias R = LoaderRules

    // MARK: - a valid rule set

    @Test func minimalRuleSetCompiles() throws {
        let text = """
            ruleset: { name: tiny, version: 2026.11 }
            conditions:
              fibromyalgia: { name: Fibromyalgia, icd10: M79.7 }
            markers:
              crp: { name: CRP, loinc: 1988-5, unit: mg/L, units: { mg/dL: 10 }, bands: { elevated: "> 10" } }
            options:
              exercise: { name: Exercise, kind: holistic }
            evidence:
              ev-1.a: { title: T, source: S, year: 2017 }
            rules:
              - id: fm.exercise
                title: Exercise for fibromyalgia
                when: { all: [ { condition: fibromyalgia }, { crp: "<= 1 mg/dL" } ] }
                recommend: exercise
                strength: strong
                because: It helps.
                evidence: ev-1.a

            """
        let engine = try Engine.load([.text(text, name: "tiny.yaml")])
        let set = engine.ruleSet
        #expect(set.name == "tiny")
        #expect(set.version == "2026.11")   // an unquoted version is kept as written
        #expect(set.conditions.map(\.id) == ["fibromyalgia"])
        #expect(set.conditions.first?.icd10 == "M79.7")
        #expect(set.conditions.first?.location == K.at(3, 3, file: "tiny.yaml"))
        let crp = try #require(set.markers.first)
        #expect(crp.loinc == "1988-5")
        #expect(crp.unit == "mg/L")
        #expect(crp.units.map(\.unit) == ["mg/dL"])
        #expect(crp.units.map(\.factor) == [10])
        #expect(crp.bands.map(\.name) == ["elevated"])
        #expect(crp.bands.first?.interval == Interval(lower: 10, lowerInclusive: false))
        let rule = try #require(set.rules.first)
        #expect(rule.id == "fm.exercise")
        #expect(rule.priority == 50)        // the default
        #expect(rule.strength == .strong)
        #expect(rule.evidence == ["ev-1.a"])   // a single id is a list of one
        #expect(rule.location == K.at(11, 9, file: "tiny.yaml"))
        #expect(rule.actionLocation == K.at(14, 16, file: "tiny.yaml"))
    }

    @Test func sectionsMergeAcrossFiles() throws {
        let engine = try #require(try? R.load([("vocabulary.yaml", R.vocabulary), ("rules.yaml", R.rule())]).get())
        #expect(engine.ruleSet.conditions.count == 3)
        #expect(engine.ruleSet.rules.map(\.id) == ["r1"])
        #expect(engine.ruleSet.rules.first?.location == K.at(2, 9, file: "rules.yaml"))
    }

    // MARK: - schema errors in rule files

    /// The section list grows with the language; the note must always list exactly it.
    static let allowedSections = "note -: allowed keys: " + RuleSetDecoder.sections.joined(separator: ", ")
    static let allowedProfileKeys = "note -: allowed keys: " + ProfileDecoder.keys.joined(separator: ", ")

    @Test func sectionAndProfileKeyListsHoldTheDocumentedKeys() {
        for key in ["ruleset", "conditions", "markers", "scales", "options", "evidence", "rules"] {
            #expect(RuleSetDecoder.sections.contains(key), "\(key)")
        }
        for key in ["id", "age", "sex", "conditions", "ruled_out", "markers", "scales", "treatments"] {
            #expect(ProfileDecoder.keys.contains(key), "\(key)")
        }
    }

    /// Each case is a second file, `rules.yaml`, loaded beside `LoaderRules.vocabulary`.
    static let ruleFileErrors: [LoaderCase] = [
        // unknown sections
        LoaderCase("unknown section 'rule'", "rule: []\n", [
            "rules.yaml:1:1: error: unknown key 'rule' in a rule file (did you mean 'rules'?)", allowedSections,
        ]),
        LoaderCase("unknown section 'condition'", "condition: {}\n", [
            "rules.yaml:1:1: error: unknown key 'condition' in a rule file (did you mean 'conditions'?)", allowedSections,
        ]),
        LoaderCase("unknown section without a close match", "patients: {}\n", [
            "rules.yaml:1:1: error: unknown key 'patients' in a rule file", allowedSections,
        ]),
        LoaderCase("a rule file that is a list", "- id: r1\n", [
            "rules.yaml:1:1: error: a rule file must be a mapping, found a list",
        ]),
        // missing keys and wrong types in rules
        LoaderCase("rule with only an id", "rules:\n  - id: r1\n", [
            "rules.yaml:2:5: error: a rule is missing the required key 'title'",
            "rules.yaml:2:5: error: a rule is missing the required key 'when'",
            "rules.yaml:2:5: error: a rule is missing the required key 'strength'",
            "rules.yaml:2:5: error: a rule is missing the required key 'because'",
            "rules.yaml:2:5: error: a rule is missing the required key 'evidence'",
            "rules.yaml:2:5: error: rule 'r1' needs 'recommend: OPTION' or 'avoid: OPTION'",
        ]),
        LoaderCase("empty rule", "rules:\n  - {}\n", [
            "rules.yaml:2:5: error: a rule is missing the required key 'id'",
            "rules.yaml:2:5: error: a rule is missing the required key 'title'",
            "rules.yaml:2:5: error: a rule is missing the required key 'when'",
            "rules.yaml:2:5: error: a rule is missing the required key 'strength'",
            "rules.yaml:2:5: error: a rule is missing the required key 'because'",
            "rules.yaml:2:5: error: a rule is missing the required key 'evidence'",
        ]),
        LoaderCase("rules as a mapping", "rules: {a: 1}\n", ["rules.yaml:1:8: error: 'rules' must be a list, found a mapping"]),
        LoaderCase("rule as a string", "rules:\n  - r1\n", ["rules.yaml:2:5: error: a rule must be a mapping, found string 'r1'"]),
        LoaderCase("wrong types", "rules:\n  - id: r1\n    title: [T]\n    when: { condition: fibromyalgia }\n    recommend: exercise\n    strength: maybe\n    priority: 101\n    because: B\n    evidence: ev1\n", [
            "rules.yaml:3:12: error: the title of rule 'r1' must be text, found a list",
            "rules.yaml:6:15: error: the strength of rule 'r1' must be one of strong, conditional, found 'maybe'",
            "rules.yaml:7:15: error: the priority of rule 'r1' must be a whole number from 0 to 100, found 101",
        ]),
        LoaderCase("fractional priority", R.rule(action: "recommend: exercise\n    priority: 7.5"), [
            "rules.yaml:6:15: error: the priority of rule 'r1' must be a whole number from 0 to 100, found 7.5",
        ]),
        LoaderCase("strength misspelt", R.rule().replacingOccurrences(of: "strength: strong", with: "strength: strnog"), [
            "rules.yaml:6:15: error: the strength of rule 'r1' must be one of strong, conditional, found 'strnog' (did you mean 'strong'?)",
        ]),
        // ids
        LoaderCase("invalid rule id", R.rule().replacingOccurrences(of: "id: r1", with: "id: R 1"), [
            "rules.yaml:2:9: error: the rule id 'R 1' is not a valid id: use lower-case ASCII letters, digits, '_', '-' and '.', starting with a letter or digit, at most 128 characters",
        ]),
        LoaderCase("invalid and duplicate condition ids", "conditions:\n  Fibro: { name: F }\n  fibromyalgia: { name: F2 }\n  x1: { name: X, assume: maybe }\n  x2: {}\n  x3: [a]\n", [
            "rules.yaml:2:3: error: the condition id 'Fibro' is not a valid id (U+0046 LATIN CAPITAL LETTER F at character 1): use lower-case ASCII letters, digits and '_', starting with a letter, at most 128 characters",
            "rules.yaml:3:3: error: condition id 'fibromyalgia' is already defined as a condition",
            "note vocabulary.yaml:4:3: first defined here",
            "rules.yaml:4:26: error: 'assume' of condition 'x1' must be one of absent, unknown, found 'maybe'",
            "rules.yaml:5:7: error: condition 'x2' is missing the required key 'name'",
            "rules.yaml:6:7: error: condition 'x3' must be a mapping, found a list",
        ]),
        LoaderCase("marker id already used by a scale", "markers:\n  pss10: { name: P, unit: u }\n", [
            "rules.yaml:2:3: error: marker id 'pss10' is already defined as a scale",
            "note vocabulary.yaml:15:3: first defined here",
        ]),
        LoaderCase("reserved words as marker ids", "markers:\n  all: { name: A, unit: x }\n  age: { name: A, unit: y }\n", [
            "rules.yaml:2:3: error: 'all' is a reserved word of the rule language and cannot be a marker id",
            "rules.yaml:3:3: error: 'age' is a reserved word of the rule language and cannot be a marker id",
        ]),
        LoaderCase("evidence errors", "evidence:\n  ev1: { title: T, source: S, year: 2020 }\n  ev2: { title: T, source: S, year: 20.5 }\n  ev3: { title: T, source: S }\n  Ev 4: { title: T, source: S, year: 2000 }\n", [
            "rules.yaml:2:3: error: evidence id 'ev1' is already defined",
            "note vocabulary.yaml:21:3: first defined here",
            "rules.yaml:3:37: error: the year of evidence 'ev2' must be a whole number from 1800 to 2100, found 20.5",
            "rules.yaml:4:8: error: evidence 'ev3' is missing the required key 'year'",
            "rules.yaml:5:3: error: the evidence id 'Ev 4' is not a valid id: use lower-case ASCII letters, digits, '_', '-' and '.', starting with a letter or digit, at most 128 characters",
        ]),
        LoaderCase("second ruleset section", "ruleset: { name: x, version: \"2\" }\n", [
            "rules.yaml:1:10: error: 'ruleset' is defined twice",
            "note vocabulary.yaml:1:10: first defined here",
        ]),
        LoaderCase("option kind misspelt", "options:\n  yoga: { name: Yoga, kind: holistc }\n", [
            "rules.yaml:2:29: error: the kind of option 'yoga' must be one of holistic, immunomodulatory, pharmacological, procedural, found 'holistc' (did you mean 'holistic'?)",
        ]),
        // markers and scales
        LoaderCase("unit factor zero", "markers:\n  esr: { name: ESR, unit: mm/h, units: { cm/h: 0 } }\n", [
            "rules.yaml:2:48: error: the factor of unit 'cm/h' must be positive (1 cm/h = factor mm/h), found 0",
        ]),
        LoaderCase("unit factors negative, canonical and not a number", "markers:\n  esr: { name: ESR, unit: mm/h, units: { cm/h: -2, mm/h: 1, in/h: x } }\n", [
            "rules.yaml:2:48: error: the factor of unit 'cm/h' must be positive (1 cm/h = factor mm/h), found -2",
            "rules.yaml:2:52: error: 'mm/h' is the canonical unit of marker 'esr'; list only alternatives under 'units'",
            "rules.yaml:2:67: error: the factor of unit 'in/h' of marker 'esr' must be a number, found string 'x'",
        ]),
        LoaderCase("marker without a unit", "markers:\n  esr: { name: ESR }\n", [
            "rules.yaml:2:8: error: marker 'esr' is missing the required key 'unit'",
        ]),
        LoaderCase("band written in another unit", "markers:\n  esr: { name: ESR, unit: mm/h, units: { cm/h: 10 }, bands: { high: \"> 2 cm/h\" } }\n", [
            "rules.yaml:2:69: error: band 'high' of marker 'esr' is written in 'cm/h': bands are in the canonical unit 'mm/h'",
        ]),
        LoaderCase("band that is a band name", "scales:\n  gad7: { name: G, range: [0, 21], bands: { high: severe } }\n", [
            "rules.yaml:2:51: error: band 'high' of scale 'gad7': 'severe' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name",
        ]),
        LoaderCase("band outside the scale's range", "scales:\n  gad7: { name: GAD-7, range: [0, 21], bands: { high: \"15..30\" } }\n", [
            "rules.yaml:2:49: error: band 'high' (15..30) of scale 'gad7' reaches outside its range 0..21",
        ]),
        LoaderCase("bands partly and wholly outside", "scales:\n  gad7: { name: GAD-7, range: [0, 21], bands: { high: \"> 25\", mid: \"-5..3\" } }\n", [
            "rules.yaml:2:49: error: band 'high' (> 25) of scale 'gad7' reaches outside its range 0..21",
            "rules.yaml:2:63: error: band 'mid' (-5..3) of scale 'gad7' reaches outside its range 0..21",
        ]),
        LoaderCase("empty range", "scales:\n  gad7: { name: GAD-7, range: [21, 0] }\n", [
            "rules.yaml:2:31: error: the range of scale 'gad7' is empty: 21 is above 0",
        ]),
        LoaderCase("range of one number", "scales:\n  gad7: { name: GAD-7, range: [0] }\n", [
            "rules.yaml:2:31: error: the range of scale 'gad7' must be a list of two numbers [low, high], found 1 entries",
        ]),
        LoaderCase("range with .inf", "scales:\n  gad7: { name: GAD-7, range: [0, .inf] }\n", [
            "rules.yaml:2:35: error: the high end of the range of scale 'gad7' must be a finite decimal number: '.inf' is not a finite number",
        ]),
        // predicates
        LoaderCase("predicate with two keys", R.rule(when: "{ condition: rheumatoid_arthritis, crp: elevated }"), [
            "rules.yaml:4:11: error: a predicate has exactly one key, found 2 (condition, crp); wrap several in 'all:' or 'any:'",
        ]),
        LoaderCase("when given a list", R.rule(when: "[ { condition: rheumatoid_arthritis } ]"), [
            "rules.yaml:4:11: error: 'when' of rule 'r1' takes one predicate; wrap several in 'all:' or 'any:'",
        ]),
        LoaderCase("when given a string", R.rule(when: "fibromyalgia"), [
            "rules.yaml:4:11: error: 'when' of rule 'r1' must be a predicate such as 'condition: fibromyalgia' or 'crp: \"> 10 mg/L\"', found string 'fibromyalgia'",
        ]),
        LoaderCase("when empty", R.rule(when: "{}"), [
            "rules.yaml:4:11: error: 'when' of rule 'r1' is an empty mapping: write one predicate",
        ]),
        LoaderCase("all with no entries", R.rule(when: "{ all: [] }"), [
            "rules.yaml:4:18: error: 'all' needs at least one predicate",
        ]),
        LoaderCase("any given a mapping", R.rule(when: "{ any: { condition: fibromyalgia } }"), [
            "rules.yaml:4:18: error: 'any' must be a list, found a mapping",
        ]),
        LoaderCase("predicate keyword with capital letter", R.rule(when: "{ Condition: rheumatoid_arthritis }"), [
            "rules.yaml:4:13: error: 'Condition' is not a predicate: use one of all, any, not, condition, taking, failed, tried, age, sex, known, missing or a marker or scale id (did you mean 'condition'?)",
        ]),
        LoaderCase("predicate keyword misspelt", R.rule(when: "{ conditon: rheumatoid_arthritis }"), [
            "rules.yaml:4:13: error: unknown marker or scale 'conditon' (did you mean 'condition'?)",
        ]),
        LoaderCase("bare number test", R.rule(when: "{ crp: 10 }"), [
            "rules.yaml:4:18: error: the test on 'crp': '10' is a bare number: write a comparison such as '>= 10' or '== 10', or a range such as '10..10'",
        ]),
        LoaderCase("word after a comparison", R.rule(when: "{ crp: \"> ten\" }"), [
            "rules.yaml:4:18: error: the test on 'crp': expected a number after '>' in '> ten'",
        ]),
        LoaderCase("empty range test", R.rule(when: "{ crp: \"10..4\" }"), [
            "rules.yaml:4:18: error: the test on 'crp': the range '10..4' is empty: 10 is above 4",
        ]),
        LoaderCase("free text test", R.rule(when: "{ crp: \"about 10\" }"), [
            "rules.yaml:4:18: error: the test on 'crp': 'about 10' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name",
        ]),
        LoaderCase("test given a list", R.rule(when: "{ crp: [1, 2] }"), [
            "rules.yaml:4:18: error: the test on 'crp' must be a quoted test such as \"> 10\" or \"4..10\" or a band name, found a list",
        ]),
        LoaderCase("age with a unit", R.rule(when: "{ age: \"> 60 years\" }"), [
            "rules.yaml:4:18: error: age is in years and takes no unit, found 'years'",
        ]),
        LoaderCase("age given a band name", R.rule(when: "{ age: old }"), [
            "rules.yaml:4:18: error: 'age': 'old' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name",
        ]),
        LoaderCase("sex misspelt", R.rule(when: "{ sex: femal }"), [
            "rules.yaml:4:18: error: 'sex' must be one of female, male, other, found 'femal' (did you mean 'female'?)",
        ]),
        LoaderCase("unknown band", R.rule(when: "{ crp: high }"), [
            "rules.yaml:4:18: error: unknown band 'high' of marker 'crp'; its bands are normal, elevated",
        ]),
        LoaderCase("misspelt band", R.rule(when: "{ pss10: hihg }"), [
            "rules.yaml:4:20: error: unknown band 'hihg' of scale 'pss10' (did you mean 'high'?); its bands are low, moderate, high",
        ]),
        LoaderCase("band of a marker without bands", R.rule(when: "{ il6: high }"), [
            "rules.yaml:4:18: error: unknown band 'high' of marker 'il6'; it defines no bands",
        ]),
        LoaderCase("unknown unit in a threshold", R.rule(when: "{ crp: \"> 10 g/L\" }"), [
            "rules.yaml:4:18: error: 'g/L' is not a unit of marker 'crp': use one of mg/L, mg/dL, or declare its factor under 'units' (did you mean 'mg/L'?)",
        ]),
        LoaderCase("unit on a scale", R.rule(when: "{ pss10: \"> 10 mg/L\" }"), [
            "rules.yaml:4:20: error: scale 'pss10' has no unit, but the test '> 10 mg/L' gives 'mg/L'",
        ]),
        LoaderCase("threshold outside a scale's range", R.rule(when: "{ pss10: \"> 50\" }"), [
            "rules.yaml:4:20: error: the test '> 50' on scale 'pss10' lies outside its range 0..40: it can never be true",
        ]),
        LoaderCase("unknown condition", R.rule(when: "{ condition: rheumatoid_arthritiss }"), [
            "rules.yaml:4:24: error: unknown condition 'rheumatoid_arthritiss' (did you mean 'rheumatoid_arthritis'?)",
        ]),
        LoaderCase("unknown option in a treatment test", R.rule(when: "{ failed: exercize }"), [
            "rules.yaml:4:21: error: unknown option 'exercize' (did you mean 'exercise'?)",
        ]),
        LoaderCase("unknown marker", R.rule(when: "{ crpp: \"> 1\" }"), [
            "rules.yaml:4:13: error: unknown marker or scale 'crpp' (did you mean 'crp'?)",
        ]),
        LoaderCase("condition used as a marker", R.rule(when: "{ fibromyalgia: \"> 1\" }"), [
            "rules.yaml:4:13: error: 'fibromyalgia' is a condition: write 'condition: fibromyalgia'",
        ]),
        LoaderCase("unknown fact after known", R.rule(when: "{ known: il7 }"), [
            "rules.yaml:4:20: error: unknown fact 'il7' (did you mean 'il6'?)",
        ]),
        LoaderCase("not with a list", R.rule(when: "{ not: [ { condition: fibromyalgia } ] }"), [
            "rules.yaml:4:18: error: 'not' takes one predicate; wrap several in 'all:' or 'any:'",
        ]),
        LoaderCase("bad entry inside unless list", R.rule(action: "recommend: exercise\n    unless: [ { condition: fibromyalgia }, { pregnant: yes } ]"), [
            "rules.yaml:6:46: error: unknown marker or scale 'pregnant'",
        ]),
        // actions and evidence
        LoaderCase("unknown option after recommend", R.rule(action: "recommend: exercize"), [
            "rules.yaml:5:16: error: rule 'r1' refers to the unknown option 'exercize' (did you mean 'exercise'?)",
        ]),
        LoaderCase("recommend and avoid together", R.rule(action: "recommend: exercise\n    avoid: tnf_inhibitor"), [
            "rules.yaml:6:12: error: rule 'r1' has both 'recommend' and 'avoid'; write two rules",
        ]),
        LoaderCase("neither recommend nor avoid", R.rule(action: ""), [
            "rules.yaml:2:5: error: rule 'r1' needs 'recommend: OPTION' or 'avoid: OPTION'",
        ]),
        LoaderCase("unknown evidence id", R.rule(evidence: "[ev2]"), [
            "rules.yaml:8:16: error: rule 'r1' cites the unknown evidence id 'ev2' (did you mean 'ev1'?)",
        ]),
        LoaderCase("no evidence", R.rule(evidence: "[]"), [
            "rules.yaml:8:15: error: rule 'r1' must cite at least one evidence id",
        ]),
        LoaderCase("duplicate rule id in one file", R.rule() + "  - id: r1\n    title: T\n", [
            "rules.yaml:9:5: error: a rule is missing the required key 'when'",
            "rules.yaml:9:5: error: a rule is missing the required key 'strength'",
            "rules.yaml:9:5: error: a rule is missing the required key 'because'",
            "rules.yaml:9:5: error: a rule is missing the required key 'evidence'",
            "rules.yaml:9:9: error: rule id 'r1' is already defined",
            "note rules.yaml:2:9: first defined here",
        ]),
    ]

    @Test(arguments: ruleFileErrors)
    func ruleFileError(_ c: LoaderCase) {
        #expect(K.lines(R.diagnostics(c.input)) == c.expected)
    }

    @Test func misspeltRuleKeySuggestsTheRightOne() throws {
        let diagnostics = R.diagnostics(R.rule(action: "recomend: exercise"))
        #expect(diagnostics.map(\.headline) == [
            "rules.yaml:2:5: error: rule 'r1' needs 'recommend: OPTION' or 'avoid: OPTION'",
            "rules.yaml:5:5: error: unknown key 'recomend' in a rule (did you mean 'recommend'?)",
        ])
        let note = try #require(diagnostics.last?.notes.first)
        #expect(note.location == nil)
        #expect(note.message.hasPrefix("allowed keys: id, title, when, unless, recommend, avoid, strength, priority, because, evidence"))
    }

    @Test func duplicateIdsAcrossFilesPointAtTheFirstDefinition() {
        let a = R.rule()
        let b = "conditions:\n  fibromyalgia: { name: F }\n" + R.rule().replacingOccurrences(of: "rules:\n", with: "rules:\n  - { id: r2, title: T, when: { condition: fibromyalgia }, avoid: exercise, strength: strong, because: B, evidence: [ev1] }\n")
        let diagnostics = R.diagnostics(files: [("vocabulary.yaml", R.vocabulary), ("a.yaml", a), ("b.yaml", b)])
        #expect(K.lines(diagnostics) == [
            "b.yaml:2:3: error: condition id 'fibromyalgia' is already defined as a condition",
            "note vocabulary.yaml:4:3: first defined here",
            "b.yaml:5:9: error: rule id 'r1' is already defined",
            "note a.yaml:2:9: first defined here",
        ])
    }

    @Test func everyDecodingErrorOfAFileIsReportedAtOnce() {
        let text = """
            conditons:
              x: { name: X }
            markers:
              esr: { name: ESR, unit: mm/h, units: { cm/h: 0 } }
            options:
              yoga: { name: Yoga, kind: holistc }
            rules:
              - id: r1
                title: [T]
                when: [ { condition: fibromyalgia } ]
                recomend: exercise
                strength: maybe
                because: B
                evidence: []

            """
        let diagnostics = R.diagnostics(text)
        #expect(diagnostics.count == 9)
        #expect(diagnostics.map(\.headline) == [
            "rules.yaml:1:1: error: unknown key 'conditons' in a rule file (did you mean 'conditions'?)",
            "rules.yaml:4:48: error: the factor of unit 'cm/h' must be positive (1 cm/h = factor mm/h), found 0",
            "rules.yaml:6:29: error: the kind of option 'yoga' must be one of holistic, immunomodulatory, pharmacological, procedural, found 'holistc' (did you mean 'holistic'?)",
            "rules.yaml:8:5: error: rule 'r1' needs 'recommend: OPTION' or 'avoid: OPTION'",
            "rules.yaml:9:12: error: the title of rule 'r1' must be text, found a list",
            "rules.yaml:10:11: error: 'when' of rule 'r1' takes one predicate; wrap several in 'all:' or 'any:'",
            "rules.yaml:11:5: error: unknown key 'recomend' in a rule (did you mean 'recommend'?)",
            "rules.yaml:12:15: error: the strength of rule 'r1' must be one of strong, conditional, found 'maybe'",
            "rules.yaml:14:15: error: rule 'r1' must cite at least one evidence id",
        ])
    }

    @Test func everyReferenceErrorOfAFileIsReportedAtOnce() {
        let text = """
            rules:
              - id: r1
                title: T
                when:
                  all:
                    - condition: rheumatoid_arthritiss
                    - crp: high
                    - crp: "> 10 g/L"
                    - failed: exercize
                    - pss10: "> 50"
                recommend: exercize
                strength: strong
                because: B
                evidence: [ev2]

            """
        let diagnostics = R.diagnostics(text)
        #expect(diagnostics.count == 7)
        #expect(diagnostics.map(\.headline) == [
            "rules.yaml:6:22: error: unknown condition 'rheumatoid_arthritiss' (did you mean 'rheumatoid_arthritis'?)",
            "rules.yaml:7:16: error: unknown band 'high' of marker 'crp'; its bands are normal, elevated",
            "rules.yaml:8:16: error: 'g/L' is not a unit of marker 'crp': use one of mg/L, mg/dL, or declare its factor under 'units' (did you mean 'mg/L'?)",
            "rules.yaml:9:19: error: unknown option 'exercize' (did you mean 'exercise'?)",
            "rules.yaml:10:18: error: the test '> 50' on scale 'pss10' lies outside its range 0..40: it can never be true",
            "rules.yaml:11:16: error: rule 'r1' refers to the unknown option 'exercize' (did you mean 'exercise'?)",
            "rules.yaml:14:16: error: rule 'r1' cites the unknown evidence id 'ev2' (did you mean 'ev1'?)",
        ])
    }

    @Test func errorsAreRenderedWithTheirSourceLine() {
        let error = #expect(throws: DiagnosticsError.self) {
            try Engine.load([.text(R.vocabulary, name: "vocabulary.yaml"), .text(R.rule(when: "{ crp: 10 }"), name: "rules.yaml")])
        }
        #expect(error?.description == """
            rules.yaml:4:18: error: the test on 'crp': '10' is a bare number: write a comparison such as '>= 10' or '== 10', or a range such as '10..10'
                when: { crp: 10 }
                             ^
            """)
    }

    @Test func ruleSetWithoutMetadata() {
        #expect(K.lines(R.diagnostics(files: [("only-rules.yaml", "conditions:\n  x: { name: X }\n")])) == [
            "only-rules.yaml:1:1: error: the rule set has no 'ruleset: { name, version }' section in any of its files",
        ])
    }

    @Test
    func exclusiveThresholdAtTheEndOfAScaleCanNeverBeTrue() {
        #expect(K.lines(R.diagnostics(R.rule(when: "{ pss10: \"> 40\" }"))) == [
            "rules.yaml:4:20: error: the test '> 40' on scale 'pss10' lies outside its range 0..40: it can never be true",
        ])
        #expect(K.lines(R.diagnostics(R.rule(when: "{ pss10: \"< 0\" }"))) == [
            "rules.yaml:4:20: error: the test '< 0' on scale 'pss10' lies outside its range 0..40: it can never be true",
        ])
        #expect(K.lines(R.diagnostics("scales:\n  gad7: { name: G, range: [0, 21], bands: { a: \"> 21\" } }\n")) == [
            "rules.yaml:2:45: error: band 'a' (> 21) of scale 'gad7' reaches outside its range 0..21",
        ])
    }

    // MARK: - profiles

    static let profileErrors: [LoaderCase] = [
        LoaderCase("unknown key", "id: p1\nmarker: {}\n", [
            "p.yaml:2:1: error: unknown key 'marker' in a profile (did you mean 'markers'?)",
            allowedProfileKeys,
        ]),
        LoaderCase("profile is a list", "[]", ["p.yaml:1:1: error: a profile must be a mapping, found a list"]),
        LoaderCase("empty profile", "", ["p.yaml:1:1: error: the profile is empty: expected a mapping with id, conditions, markers, ..."]),
        LoaderCase("comment-only profile", "# nothing\n", ["p.yaml:1:1: error: the profile is empty: expected a mapping with id, conditions, markers, ..."]),
        LoaderCase("unknown conditions", "conditions: [fibromyalga, crp]\nruled_out: [latent_tbb]\n", [
            "p.yaml:1:14: error: unknown condition 'fibromyalga' in 'conditions' (did you mean 'fibromyalgia'?)",
            "p.yaml:1:27: error: unknown condition 'crp' in 'conditions' ('crp' is a measurement: put it under 'markers' or 'scales')",
            "p.yaml:2:13: error: unknown condition 'latent_tbb' in 'ruled_out' (did you mean 'latent_tb'?)",
        ]),
        LoaderCase("condition listed twice", "conditions: [fibromyalgia, fibromyalgia]\n", [
            "p.yaml:1:28: error: 'fibromyalgia' is listed twice in 'conditions'",
            "note p.yaml:1:14: first listed here",
        ]),
        LoaderCase("unknown markers and scales", "markers:\n  crpp: 1\n  pss10: 3\nscales:\n  pss11: 3\n  crp: 4\n", [
            "p.yaml:2:3: error: unknown marker 'crpp' (did you mean 'crp'?)",
            "p.yaml:3:3: error: unknown marker 'pss10' ('pss10' is a scale: put it under 'scales')",
            "p.yaml:5:3: error: unknown scale 'pss11' (did you mean 'pss10'?)",
            "p.yaml:6:3: error: unknown scale 'crp' ('crp' is a marker: put it under 'markers')",
        ]),
        LoaderCase("invalid marker id", "markers:\n  CRP: 1\n", [
            "p.yaml:2:3: error: the marker id 'CRP' is not a valid id (U+0043 LATIN CAPITAL LETTER C at character 1): use lower-case ASCII letters, digits and '_', starting with a letter, at most 128 characters",
        ]),
        LoaderCase("negative marker", "markers:\n  crp: -1\n", ["p.yaml:2:8: error: marker 'crp' cannot be negative, found -1"]),
        LoaderCase("negative marker with a unit", "markers:\n  crp: \"-1 mg/dL\"\n", ["p.yaml:2:8: error: marker 'crp' cannot be negative, found -1"]),
        LoaderCase("marker above its plausible range", "markers:\n  crp: 600\n", [
            "p.yaml:2:8: error: marker 'crp' of 600 mg/L is outside its plausible range 0..500 mg/L",
        ]),
        LoaderCase("marker above its range after conversion", "markers:\n  crp: 60 mg/dL\n", [
            "p.yaml:2:8: error: marker 'crp' of 600 mg/L is outside its plausible range 0..500 mg/L",
        ]),
        LoaderCase("scales out of range", "scales:\n  pss10: 55\n  phq9: -1\n", [
            "p.yaml:2:10: error: scale 'pss10' (PSS-10) runs from 0 to 40, found 55",
            "p.yaml:3:9: error: scale 'phq9' (PHQ-9) runs from 0 to 27, found -1",
        ]),
        LoaderCase("unknown unit", "markers:\n  crp: 10 g/L\n", [
            "p.yaml:2:8: error: 'g/L' is not a unit of marker 'crp' (C-reactive protein): use one of mg/L, mg/dL (did you mean 'mg/L'?)",
        ]),
        LoaderCase("unknown unit in a mapping", "markers:\n  il6: { value: 1, unit: ng/L }\n", [
            "p.yaml:2:26: error: 'ng/L' is not a unit of marker 'il6' (Interleukin-6): use one of pg/mL",
        ]),
        LoaderCase(".nan and .inf markers", "markers:\n  crp: .nan\n  il6: .inf\n", [
            "p.yaml:2:8: error: marker 'crp' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string '.nan': '.nan' is not a finite number",
            "p.yaml:3:8: error: marker 'il6' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string '.inf': '.inf' is not a finite number",
        ]),
        LoaderCase("hex and overflowing markers", "markers:\n  crp: 0x1A\n  il6: 1e400\n", [
            "p.yaml:2:8: error: marker 'crp' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string '0x1A': '0x1A' is a hexadecimal, octal or binary literal; write the value in decimal",
            "p.yaml:3:8: error: marker 'il6' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string '1e400': '1e400' is out of range for a number",
        ]),
        LoaderCase("yes and ~ as markers", "markers:\n  crp: yes\n  il6: ~\n", [
            "p.yaml:2:8: error: marker 'crp' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string 'yes'",
            "p.yaml:3:8: error: marker 'il6' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found null",
        ]),
        LoaderCase("marker value not a number", "markers:\n  crp: { value: yes }\n", [
            "p.yaml:2:17: error: the value of marker 'crp' must be a number, found string 'yes'",
        ]),
        LoaderCase("marker given a list", "markers:\n  crp: [1]\n", [
            "p.yaml:2:8: error: marker 'crp' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found a list",
        ]),
        LoaderCase("marker mapping with a misspelt key", "markers:\n  crp: { value: 18, units: mg/L }\n", [
            "p.yaml:2:21: error: unknown key 'units' in marker 'crp' (did you mean 'unit'?)",
            "note -: allowed keys: value, unit, date",
        ]),
        LoaderCase("marker mapping without a value", "markers:\n  crp: { unit: mg/L }\n", [
            "p.yaml:2:8: error: marker 'crp' is missing the required key 'value'",
        ]),
        LoaderCase(".nan age", "age: .nan\n", ["p.yaml:1:6: error: 'age' must be a finite decimal number: '.nan' is not a finite number"]),
        LoaderCase("hex age", "age: 0x1A\n", ["p.yaml:1:6: error: 'age' must be a finite decimal number: '0x1A' is a hexadecimal, octal or binary literal; write the value in decimal"]),
        LoaderCase("octal age", "age: 0o17\n", ["p.yaml:1:6: error: 'age' must be a finite decimal number: '0o17' is a hexadecimal, octal or binary literal; write the value in decimal"]),
        LoaderCase("overflowing age", "age: 1e400\n", ["p.yaml:1:6: error: 'age' must be a finite decimal number: '1e400' is out of range for a number"]),
        LoaderCase("yes as age", "age: yes\n", ["p.yaml:1:6: error: 'age' must be a number, found string 'yes'"]),
        LoaderCase("~ as age", "age: ~\n", ["p.yaml:1:6: error: 'age' must be a number, found null"]),
        LoaderCase("quoted age", "age: \"58\"\n", ["p.yaml:1:6: error: 'age' must be a number, found string '58'"]),
        LoaderCase("age above 130", "age: 131\n", ["p.yaml:1:6: error: 'age' must be from 0 to 130 years, found 131"]),
        LoaderCase("yes and ~ as scales", "scales:\n  pss10: yes\n  phq9: ~\n", [
            "p.yaml:2:10: error: scale 'pss10' must be a number, found string 'yes'",
            "p.yaml:3:9: error: scale 'phq9' must be a number, found null",
        ]),
        LoaderCase(".inf scale", "scales:\n  pss10: .inf\n", ["p.yaml:2:10: error: scale 'pss10' must be a finite decimal number: '.inf' is not a finite number"]),
        LoaderCase("bad marker date", "markers:\n  crp: { value: 1, date: 2026-02-30 }\n", [
            "p.yaml:2:26: error: the date of marker 'crp' must be a date written YYYY-MM-DD, found '2026-02-30'",
        ]),
        LoaderCase("bad as_of date", "as_of: 2026-02-30\n", ["p.yaml:1:8: error: 'as_of' must be a date written YYYY-MM-DD, found '2026-02-30'"]),
        LoaderCase("29 February of a common year", "as_of: 2023-02-29\n", ["p.yaml:1:8: error: 'as_of' must be a date written YYYY-MM-DD, found '2023-02-29'"]),
        LoaderCase("two-digit year", "as_of: 26-02-01\n", ["p.yaml:1:8: error: 'as_of' must be a date written YYYY-MM-DD, found '26-02-01'"]),
        LoaderCase("month 13 in a treatment", "treatments:\n  - { option: exercise, status: current, since: 2026-13-01 }\n", [
            "p.yaml:2:49: error: 'since' of a treatment must be a date written YYYY-MM-DD, found '2026-13-01'",
        ]),
        LoaderCase("treatment status misspelt", "treatments:\n  - { option: exercize, status: curent }\n", [
            "p.yaml:2:33: error: the treatment status must be one of current, past, found 'curent' (did you mean 'current'?)",
        ]),
        LoaderCase("unknown treatment option", "treatments:\n  - { option: exercize, status: current }\n", [
            "p.yaml:2:15: error: unknown option 'exercize' in 'treatments' (did you mean 'exercise'?)",
        ]),
        LoaderCase("treatment without a status", "treatments:\n  - { option: exercise }\n", [
            "p.yaml:2:5: error: a treatment is missing the required key 'status'",
        ]),
        LoaderCase("sex misspelt", "sex: femal\n", ["p.yaml:1:6: error: 'sex' must be one of female, male, other, found 'femal' (did you mean 'female'?)"]),
        LoaderCase("id as a list", "id: [1]\n", ["p.yaml:1:5: error: the profile id must be text, found a list"]),
        LoaderCase("duplicate key from the loader", "age: 50\nage: 51\n", [
            "p.yaml:2:1: error: duplicate key 'age'",
            "note p.yaml:1:1: first defined here",
        ]),
    ]

    @Test(arguments: profileErrors)
    func profileError(_ c: LoaderCase) {
        #expect(K.lines(R.profileDiagnostics(c.input)) == c.expected)
    }

    @Test func everyProfileErrorIsReportedAtOnce() {
        let text = """
            id: p1
            age: yes
            sex: femal
            conditions: [fibromyalga]
            markers:
              crp: -1
              il6: .nan
            scales:
              pss10: 55
            as_of: 2026-02-30
            treatments:
              - { option: exercize, status: current }

            """
        let diagnostics = R.profileDiagnostics(text)
        #expect(diagnostics.count == 8)
        #expect(diagnostics.map(\.headline) == [
            "p.yaml:2:6: error: 'age' must be a number, found string 'yes'",
            "p.yaml:3:6: error: 'sex' must be one of female, male, other, found 'femal' (did you mean 'female'?)",
            "p.yaml:4:14: error: unknown condition 'fibromyalga' in 'conditions' (did you mean 'fibromyalgia'?)",
            "p.yaml:6:8: error: marker 'crp' cannot be negative, found -1",
            "p.yaml:7:8: error: marker 'il6' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string '.nan': '.nan' is not a finite number",
            "p.yaml:9:10: error: scale 'pss10' (PSS-10) runs from 0 to 40, found 55",
            "p.yaml:10:8: error: 'as_of' must be a date written YYYY-MM-DD, found '2026-02-30'",
            "p.yaml:12:15: error: unknown option 'exercize' in 'treatments' (did you mean 'exercise'?)",
        ])
    }

    @Test func conditionBothListedAndRuledOutIsAnError() throws {
        let diagnostics = R.profileDiagnostics("conditions: [rheumatoid_arthritis]\nruled_out: [rheumatoid_arthritis]\n")
        let first = try #require(diagnostics.first)
        #expect(first.headline == "p.yaml:2:13: error: 'rheumatoid_arthritis' is both listed in 'conditions' and in 'ruled_out'")
        #expect(first.notes == [.init("listed as present here", at: K.at(1, 14, file: "p.yaml"))])
    }

    @Test
    func conditionBothListedAndRuledOutIsReportedOnce() {
        #expect(K.lines(R.profileDiagnostics("conditions: [rheumatoid_arthritis]\nruled_out: [rheumatoid_arthritis]\n")) == [
            "p.yaml:2:13: error: 'rheumatoid_arthritis' is both listed in 'conditions' and in 'ruled_out'",
            "note p.yaml:1:14: listed as present here",
        ])
    }

    @Test(arguments: [
        ("crp: \"1.8 mg/dL\"", 1.8, "mg/dL" as String?, nil as String?, 8),
        ("crp: 1.8 mg/dL", 1.8, "mg/dL", nil, 8),
        ("crp: 18", 18, nil, nil, 8),
        ("crp: { value: 1.8, unit: mg/dL, date: 2026-10-02 }", 1.8, "mg/dL", "2026-10-02", 17),
        ("crp: { value: 18 }", 18, nil, nil, 17),
    ])
    func markerForms(_ c: (line: String, value: Double, unit: String?, date: String?, column: Int)) throws {
        let engine = R.engine
        let profile = try engine.profile(from: "id: p\nmarkers:\n  \(c.line)\n", name: "p.yaml")
        let (ref, m) = try #require(profile.markers.first)
        #expect(ref.id == "crp")
        #expect(ref.location == K.at(3, 3, file: "p.yaml"))
        #expect(m.value == c.value)
        #expect(m.unit == c.unit)
        #expect(m.date == c.date)
        #expect(m.location == K.at(3, c.column, file: "p.yaml"))
        // Every form binds to 18 mg/L, the canonical unit.
        let bound = try engine.program.bind(profile).get()
        let slot = try #require(engine.program.markerSlots["crp"])
        #expect(bound.markers[Int(slot)] == 18)
    }

    @Test func yamlAndJSONProfilesAgree() throws {
        let yaml = """
            id: patient-0042
            age: 58
            sex: female
            conditions: [rheumatoid_arthritis]
            ruled_out: [latent_tb]
            markers:
              crp: 1.8 mg/dL
              il6: { value: 9.1, unit: pg/mL, date: 2026-10-02 }
            scales:
              pss10: 29
              phq9: { value: 12, date: 2026-10-01 }
            treatments:
              - { option: exercise, status: current, response: good }
              - { option: tnf_inhibitor, status: past, response: intolerant }
            notes: "free text"
            expect:
              recommend: [exercise]

            """
        let json = """
            {
              "id": "patient-0042",
              "age": 58,
              "sex": "female",
              "conditions": ["rheumatoid_arthritis"],
              "ruled_out": ["latent_tb"],
              "markers": {
                "crp": "1.8 mg/dL",
                "il6": {"value": 9.1, "unit": "pg/mL", "date": "2026-10-02"}
              },
              "scales": {"pss10": 29, "phq9": {"value": 12, "date": "2026-10-01"}},
              "treatments": [
                {"option": "exercise", "status": "current", "response": "good"},
                {"option": "tnf_inhibitor", "status": "past", "response": "intolerant"}
              ],
              "notes": "free text",
              "expect": {"recommend": ["exercise"]}
            }
            """
        let engine = R.engine
        let fromYAML = try engine.profile(from: yaml, name: "p.yaml", format: .yaml)
        let fromJSON = try engine.profile(from: json, name: "p.json", format: .json)
        #expect(LoaderProfileSummary(fromYAML) == LoaderProfileSummary(fromJSON))
        #expect(LoaderProfileSummary(fromYAML).markers.count == 2)
        #expect(fromYAML.file == "p.yaml")
        #expect(fromJSON.file == "p.json")
        // Locations come from each file.
        #expect(fromJSON.markers.first?.id.location == K.at(8, 5, file: "p.json"))
        #expect(fromYAML.markers.first?.id.location == K.at(7, 3, file: "p.yaml"))
    }

    static let jsonProfileErrors: [LoaderCase] = [
        LoaderCase("NaN literal", #"{"markers": {"crp": NaN}}"#, ["p.json:1:21: error: unexpected 'N': expected a value"]),
        LoaderCase("overflowing number", #"{"markers": {"crp": 1e400}}"#, [
            "p.json:1:21: error: marker 'crp' must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found string '1e400': '1e400' is out of range for a number",
        ]),
        LoaderCase("quoted age", #"{"age": "58"}"#, ["p.json:1:9: error: 'age' must be a number, found string '58'"]),
        LoaderCase("null age", #"{"age": null}"#, ["p.json:1:9: error: 'age' must be a number, found null"]),
        LoaderCase("unknown key", #"{"markerz": {}}"#, [
            "p.json:1:2: error: unknown key 'markerz' in a profile (did you mean 'markers'?)",
            allowedProfileKeys,
        ]),
        LoaderCase("duplicate key", "{\"age\": 50,\n \"age\": 51}", [
            "p.json:2:2: error: duplicate key 'age'",
            "note p.json:1:2: first defined here",
        ]),
        LoaderCase("trailing comma", "{\"age\": 50,\n}", ["p.json:1:11: error: trailing comma before '}' (JSON does not allow it)"]),
        LoaderCase("empty", "", ["p.json:1:1: error: the profile is empty: expected a mapping with id, conditions, markers, ..."]),
    ]

    @Test(arguments: jsonProfileErrors)
    func jsonProfileError(_ c: LoaderCase) {
        #expect(K.lines(R.profileDiagnostics(c.input, format: .json, name: "p.json")) == c.expected)
    }

    @Test func jsonSyntaxErrorIsRenderedWithCaret() {
        let error = #expect(throws: DiagnosticsError.self) {
            try R.engine.profile(from: "{\"age\": 5,\n  \"sex\": 'female'}", name: "p.json", format: .json)
        }
        #expect(error?.description == """
            p.json:2:10: error: unexpected ''': expected a value
              "sex": 'female'}
                     ^
            """)
    }

    @Test func numericProfileIdIsKept() throws {
        #expect(try R.engine.profile(from: "id: 42\n", name: "p.yaml").id == "42")
        #expect(try R.engine.profile(from: "{\"id\": 42}", name: "p.json", format: .json).id == "42")
    }

    // MARK: - NumberSyntax

    @Test(arguments: [
        ("0", 0.0), ("-0", 0), ("12", 12), ("-12", -12), ("+2", 2), ("3.5", 3.5), (".5", 0.5), ("5.", 5),
        ("1e3", 1000), ("+2.0E-3", 0.002), ("1.8", 1.8), ("0.07", 0.07),
    ])
    func numberSyntaxAccepts(_ c: (text: String, value: Double)) {
        #expect(NumberSyntax.parse(c.text) == c.value)
    }

    @Test(arguments: ["", "-", ".", "e3", "1e", "1e+", "1.2.3", "0x1A", "1_000", " 1", "1 ", "1,5", ".nan", ".inf", "inf", "nan", "1e400", "-1e400", "١٢", "ten", "--1", "1e3.5"])
    func numberSyntaxRejects(_ text: String) {
        #expect(NumberSyntax.parse(text) == nil)
    }

    @Test(arguments: [
        (".nan", "'.nan' is not a finite number"),
        (".NaN", "'.NaN' is not a finite number"),
        ("-.inf", "'-.inf' is not a finite number"),
        ("Infinity", "'Infinity' is not a finite number"),
        ("0x1A", "'0x1A' is a hexadecimal, octal or binary literal; write the value in decimal"),
        ("-0x1", "'-0x1' is a hexadecimal, octal or binary literal; write the value in decimal"),
        ("0o17", "'0o17' is a hexadecimal, octal or binary literal; write the value in decimal"),
        ("0B101", "'0B101' is a hexadecimal, octal or binary literal; write the value in decimal"),
        ("1e400", "'1e400' is out of range for a number"),
        ("-1e400", "'-1e400' is out of range for a number"),
    ])
    func numberRejectionReasons(_ c: (text: String, reason: String)) {
        #expect(NumberSyntax.rejectionReason(c.text) == c.reason)
    }

    @Test(arguments: ["abc", "12", "1,5", "yes", ""])
    func noRejectionReasonForOrdinaryText(_ text: String) {
        #expect(NumberSyntax.rejectionReason(text) == nil)
    }

    // MARK: - TestSyntax

    @Test(arguments: [
        ("> 10 mg/L", Interval(lower: 10, lowerInclusive: false), "mg/L" as String?),
        (">= 27", Interval(lower: 27), nil),
        ("<=2.6", Interval(upper: 2.6), nil),
        ("< -1", Interval(upper: -1, upperInclusive: false), nil),
        ("== 0", Interval(lower: 0, upper: 0), nil),
        ("!= 0", Interval(excluded: 0), nil),
        ("4..10", Interval(lower: 4, upper: 10), nil),
        (" 4 .. 10 mg/dL ", Interval(lower: 4, upper: 10), "mg/dL"),
        ("> 1e3 10*3/uL", Interval(lower: 1000, lowerInclusive: false), "10*3/uL"),
        ("3..3", Interval(lower: 3, upper: 3), nil),
    ])
    func testSyntaxParsesIntervals(_ c: (text: String, interval: Interval, unit: String?)) throws {
        let test = try TestSyntax.parse(c.text).get()
        #expect(test.kind == .interval(c.interval, unit: c.unit))
        #expect(test.text == c.text.trimmingWhitespace())
    }

    @Test func testSyntaxBandNames() throws {
        #expect(try TestSyntax.parse("elevated").get().kind == .band("elevated"))
        #expect(try TestSyntax.parse("  high ").get().kind == .band("high"))
        // Bands themselves (allowBand: false) cannot name bands.
        #expect(throws: TestSyntaxError.self) { try TestSyntax.parse("elevated", allowBand: false).get() }
    }

    @Test(arguments: [
        ("10", "'10' is a bare number: write a comparison such as '>= 10' or '== 10', or a range such as '10..10'"),
        ("> ten", "expected a number after '>' in '> ten'"),
        ("> 10mg/L", "expected a number after '>' in '> 10mg/L'"),
        (">", "expected a number after '>' in '>'"),
        ("> nan", "expected a number after '>' in '> nan': NaN is not a number a test can compare against"),
        ("> 017", "expected a number after '>' in '> 017': '017' has a leading zero, which YAML 1.1 readers take as octal; write the number without it"),
        (".inf..10", "expected a number before '..' in '.inf..10': '.inf' is not a finite number"),
        ("4...nan", "'4...nan' has three dots: a range is written with two ('0..5')"),
        ("4..0x10", "expected a number after '..' in '4..0x10': '0x10' is a hexadecimal, octal or binary literal; write the value in decimal"),
        ("..10", "expected a number before '..' in '..10'"),
        ("4..", "expected a number after '..' in '4..'"),
        ("10..4", "the range '10..4' is empty: 10 is above 4"),
        ("= 10", "'= 10' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name"),
        ("High", "'High' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name"),
        ("", "'' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name"),
    ])
    func testSyntaxErrors(_ c: (text: String, message: String)) {
        switch TestSyntax.parse(c.text) {
        case .success(let test): Issue.record("parsed \(test)")
        case .failure(let error): #expect(error.message == c.message)
        }
    }

    /// "0...5" is a typo of "0..5", not the range 0..0.5.
    @Test
    func threeDotsAreNotARange() {
        switch TestSyntax.parse("0...5") {
        case .success(let test): Issue.record("'0...5' was read as \(test.kind)")
        case .failure: break
        }
    }

    @Test func intervalContains() {
        let open = Interval(lower: 10, lowerInclusive: false)
        #expect(!open.contains(10))
        #expect(open.contains(10.0001))
        let closed = Interval(lower: 4, upper: 10)
        #expect(closed.contains(4) && closed.contains(10) && !closed.contains(10.5) && !closed.contains(3.9))
        let excluded = Interval(excluded: 0)
        #expect(!excluded.contains(0) && excluded.contains(-1))
        #expect(!Interval(upper: 2, upperInclusive: false).contains(2))
        #expect(closed.description == "4..10")
        #expect(open.description == "> 10")
        #expect(Interval(lower: 0, upper: 0).description == "== 0")
        #expect(excluded.description == "!= 0")
    }

    // MARK: - dates

    @Test(arguments: ["2024-02-29", "2000-02-29", "2026-12-31", "2026-01-01", "1999-04-30", "0000-01-01", "9999-12-31",
                      "2026-11-30", "2026-09-30", "2026-06-30", "2026-02-28", "2400-02-29"])
    func validDates(_ text: String) {
        #expect(CalendarDate(text) != nil)
    }

    @Test(arguments: ["2026-02-30", "2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2026-1-01", "02026-01-01", "26-02-01", "+026-01-01", "2026/01/01", "2026-01-01T00:00", "",
                      "2026-01-1\u{0661}", "\u{FF12}026-01-01", "2026-01-01\u{301}", "2026\u{301}-01-01", "2026--01-01",
                      "2026-1-011", "20260-1-01", "2026-01-0a", " 2026-01-01", "2026-01-01 ", "2026-02-29", "2100-02-29"])
    func invalidDates(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }
}
