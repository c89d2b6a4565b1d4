/// Decodes the top-level sections of rule files and merges them into one `RuleSet`, reporting
/// every problem it finds: unknown keys with suggestions, wrong types, missing fields, and ids
/// defined twice (across files too, with a note pointing at the first definition).
///
/// Each file is decoded on its own (`add(file:)`, on any thread), recording the ids it defines
/// as claims; `merge(_:)` then takes the files in order into one decoder, settling each claim
/// against the files before it. The diagnostics and their order are those of decoding all the
/// files one after the other: an entry whose id turns out to be taken is dropped with its
/// diagnostics, as if it had never been decoded.
struct RuleSetDecoder {
    static let sections = ["ruleset", "conditions", "markers", "scales", "derived", "options", "evidence", "rules"]
    private static let sectionKeys = KeyWords(sections)

    var decoder = NodeDecoder()
    /// The loader's limits; formulas nest no deeper than `maxDepth` either.
    var limits: LoadLimits = .default
    private var name: String?
    private var version: String?
    private var description: String?
    private var disclaimer: String?
    private var metadataLocation: SourceLocation?
    private var conditions: [Condition] = []
    private var markers: [Marker] = []
    private var scales: [Scale] = []
    private var derived: [DerivedFact] = []
    private var options: [TherapyOption] = []
    private var evidence: [Evidence] = []
    private var rules: [Rule] = []
    /// Vocabulary ids share one namespace: a marker and a scale with one id would make a
    /// predicate key ambiguous.
    private var vocabularyIDs: [String: (kind: String, location: SourceLocation)] = [:]
    private var evidenceIDs: [String: SourceLocation] = [:]
    private var ruleIDs: [String: SourceLocation] = [:]

    /// An id a file defines. Whether it stands (the id is new across all files so far) is
    /// settled by `merge(_:)`.
    private struct Claim {
        enum Kind { case metadata, vocabulary(String), evidence, rule }
        var kind: Kind
        var id: String
        var location: SourceLocation
        /// The error given instead of the entry when the id is not taken (a reserved word).
        var refusal: Diagnostic?
        /// What decoding the entry reported; it stands only with the claim.
        var diagnostics: Range<Int>
        /// The entry's index in its section's array, when it decoded.
        var object: Int?
    }
    private var claims: [Claim] = []

    /// Decodes one file into this decoder, fresh for it; the ids it defines are claims that
    /// `merge(_:)` settles.
    mutating func add(file root: Node) {
        guard let sections = decoder.fields(root, of: "a rule file", keys: RuleSetDecoder.sectionKeys) else { return }
        for section in RuleSetDecoder.sections {
            guard let node = sections[section] else { continue }
            switch section {
            case "ruleset": decodeMetadata(node)
            case "conditions": eachEntry(node, of: "conditions", kind: "condition") { $0.decodeCondition($1, $2, $3) }
            case "markers": eachEntry(node, of: "markers", kind: "marker") { $0.decodeMarker($1, $2, $3) }
            case "scales": eachEntry(node, of: "scales", kind: "scale") { $0.decodeScale($1, $2, $3) }
            case "derived": eachEntry(node, of: "derived", kind: "derived fact") { $0.decodeDerived($1, $2, $3) }
            case "options": eachEntry(node, of: "options", kind: "option") { $0.decodeOption($1, $2, $3) }
            case "evidence": decodeEvidenceSection(node)
            default: decodeRules(node)
            }
        }
    }

    func finish(contentHash: String) -> RuleSet {
        RuleSet(
            name: name ?? "unnamed", version: version ?? "0", description: description, disclaimer: disclaimer,
            conditions: conditions, markers: markers, scales: scales, derived: derived, options: options,
            evidence: evidence, rules: rules, contentHash: contentHash, predicateCount: decoder.predicates)
    }

    var hasMetadata: Bool { name != nil }
    /// How many rules are merged so far.
    var ruleCount: Int { rules.count }

    // MARK: claims

    /// Decodes an entry that defines `id` (unless `refusal` already settles it), recording what
    /// it reported and produced so that `merge(_:)` can keep or drop it.
    private mutating func claim(_ kind: Claim.Kind, _ id: String, at location: SourceLocation, refusal: Diagnostic? = nil,
                                _ body: (inout RuleSetDecoder) -> Void) {
        let start = decoder.diagnostics.count
        let before = objectCount(kind)
        if refusal == nil { body(&self) }
        let object = objectCount(kind) > before ? before : nil
        claims.append(Claim(kind: kind, id: id, location: location, refusal: refusal, diagnostics: start..<decoder.diagnostics.count, object: object))
    }

    private func objectCount(_ kind: Claim.Kind) -> Int {
        switch kind {
        case .metadata: return 0
        case .vocabulary("condition"): return conditions.count
        case .vocabulary("marker"): return markers.count
        case .vocabulary("scale"): return scales.count
        case .vocabulary("derived fact"): return derived.count
        case .vocabulary: return options.count
        case .evidence: return evidence.count
        case .rule: return rules.count
        }
    }

    /// Takes in one file decoded by `add(file:)`, after the files before it: each id it defines
    /// stands if no earlier definition took it, and is otherwise reported as a duplicate.
    mutating func merge(_ file: RuleSetDecoder) {
        let reported = file.decoder.diagnostics
        decoder.predicates += file.decoder.predicates
        // Sized for the file's ids up front, doubling, rather than rehashed as they arrive.
        func grow<V>(_ ids: inout [String: V], by extra: Int) {
            if ids.count + extra > ids.capacity { ids.reserveCapacity(max(ids.count + extra, 2 * ids.capacity)) }
        }
        grow(&ruleIDs, by: file.rules.count)
        grow(&evidenceIDs, by: file.evidence.count)
        var next = 0
        // Appending an empty slice still cost about 230 instructions: twice per claim, for
        // files that nearly always report nothing.
        for claim in file.claims {
            if next < claim.diagnostics.lowerBound { decoder.diagnostics += reported[next..<claim.diagnostics.lowerBound] }
            next = claim.diagnostics.upperBound
            switch claim.kind {
            case .metadata:
                if let first = metadataLocation {
                    decoder.error("'ruleset' is defined twice", at: claim.location, notes: [.init("first defined here", at: first)], code: CheckID.duplicateId)
                    continue
                }
                metadataLocation = claim.location
                (name, version, description, disclaimer) = (file.name, file.version, file.description, file.disclaimer)
            case .vocabulary(let kind):
                if let first = vocabularyIDs[claim.id] {
                    decoder.error("\(kind) id '\(claim.id)' is already defined as a \(first.kind)", at: claim.location,
                                  notes: [.init("first defined here", at: first.location)], code: CheckID.duplicateId)
                    continue
                }
                if let refusal = claim.refusal {
                    decoder.diagnostics.append(refusal)
                    continue
                }
                vocabularyIDs[claim.id] = (kind, claim.location)
                if let i = claim.object {
                    switch kind {
                    case "condition": conditions.append(file.conditions[i])
                    case "marker": markers.append(file.markers[i])
                    case "scale": scales.append(file.scales[i])
                    case "derived fact": derived.append(file.derived[i])
                    default: options.append(file.options[i])
                    }
                }
            case .evidence:
                if let first = evidenceIDs[claim.id] {
                    decoder.error("evidence id '\(claim.id)' is already defined", at: claim.location, notes: [.init("first defined here", at: first)], code: CheckID.duplicateId)
                    continue
                }
                evidenceIDs[claim.id] = claim.location
                if let i = claim.object { evidence.append(file.evidence[i]) }
            case .rule:
                // One hash for the common case, a new id; a duplicate puts the first back.
                if let first = ruleIDs.updateValue(claim.location, forKey: claim.id) {
                    ruleIDs[claim.id] = first
                    decoder.error("rule id '\(claim.id)' is already defined", at: claim.location, notes: [.init("first defined here", at: first)], code: CheckID.duplicateId)
                    continue
                }
                if let i = claim.object { rules.append(file.rules[i]) }
            }
            if !claim.diagnostics.isEmpty { decoder.diagnostics += reported[claim.diagnostics] }
        }
        decoder.diagnostics += reported[next...]
    }

    // MARK: sections

    private mutating func decodeMetadata(_ node: Node) {
        guard let fields = decoder.fields(node, of: "'ruleset'", allowed: ["name", "version", "description", "disclaimer"], required: ["name", "version"]) else { return }
        claim(.metadata, "", at: node.location) { $0.decodeMetadata(fields) }
    }

    private mutating func decodeMetadata(_ fields: Fields) {
        name = fields["name"].flatMap { decoder.string($0, of: "the rule set name") }
        version = fields["version"].flatMap { versionText($0) }
        description = fields["description"].flatMap { decoder.string($0, of: "the rule set description") }
        disclaimer = fields["disclaimer"].flatMap { decoder.string($0, of: "the disclaimer") }
    }

    /// Versions are text; an unquoted `2026.11` would otherwise be read as a number.
    private mutating func versionText(_ node: Node) -> String? {
        guard case .scalar(let s) = node.kind, !node.isNull, !s.text.isEmpty else {
            return decoder.string(node, of: "the rule set version")
        }
        return s.text
    }

    private mutating func eachEntry(_ node: Node, of section: String, kind: String,
                                    _ body: (inout RuleSetDecoder, String, Node, SourceLocation) -> Void) {
        guard let entries = decoder.entries(node, of: "'\(section)'") else { return }
        for entry in entries {
            let id = entry.name
            guard decoder.checkIdentifier(id, of: "the \(kind) id", at: entry.key.location) else { continue }
            var refusal: Diagnostic?
            if NodeDecoder.predicateKeywords.contains(id) && kind != "condition" && kind != "option" || ["age", "sex"].contains(id)
                || (kind == "derived fact" && FormulaSyntax.Function(rawValue: id) != nil) {
                refusal = .error("'\(id)' is a reserved word of the rule language and cannot be a \(kind) id", at: entry.key.location, code: CheckID.schema)
            }
            claim(.vocabulary(kind), id, at: entry.key.location, refusal: refusal) { body(&$0, id, entry.value, entry.key.location) }
        }
    }

    private mutating func decodeCondition(_ id: String, _ node: Node, _ at: SourceLocation) {
        let what = "condition '\(id)'"
        guard let f = decoder.fields(node, of: what, allowed: ["name", "icd10", "icd11", "assume", "description"], required: ["name"]) else { return }
        guard let name = f["name"].flatMap({ decoder.string($0, of: "the name of \(what)") }) else { return }
        var assume = Condition.Assumption.absent
        if let node = f["assume"] {
            guard let word = decoder.word(node, of: "'assume' of \(what)", oneOf: ["absent", "unknown"]) else { return }
            assume = Condition.Assumption(rawValue: word)!
        }
        conditions.append(Condition(
            id: id, name: name, icd10: f["icd10"].flatMap { code($0, of: "the ICD-10 code of \(what)") },
            icd11: f["icd11"].flatMap { code($0, of: "the ICD-11 code of \(what)") }, assume: assume,
            description: f["description"].flatMap { decoder.string($0, of: "the description of \(what)") }, location: at))
    }

    /// Codes such as ICD-10 `M06.9` or LOINC `1988-5` are text even when they look numeric.
    private mutating func code(_ node: Node, of what: String) -> String? {
        guard case .scalar(let s) = node.kind, !node.isNull else { return decoder.string(node, of: what) }
        return decoder.string(node, of: what).map { _ in s.text }
    }

    private mutating func bands(_ node: Node?, of what: String, unit: String?, within range: ClosedRange<Double>?) -> [Band] {
        guard let node, let entries = decoder.entries(node, of: "the bands of \(what)") else { return [] }
        var result: [Band] = []
        for entry in entries {
            let name = entry.name
            guard decoder.checkIdentifier(name, of: "the band name", at: entry.key.location),
                  let test = decoder.testSyntax(entry.value, of: "band '\(name)' of \(what)", allowBand: false),
                  case .interval(let interval, let bandUnit) = test.kind else { continue }
            if let bandUnit, bandUnit != unit {
                decoder.error("band '\(name)' of \(what) is written in '\(bandUnit)': bands are in the canonical unit\(unit.map { " '\($0)'" } ?? " (scales have none)")", at: entry.value.location, code: CheckID.unit)
                continue
            }
            result.append(Band(name: name, interval: interval, text: test.text, location: entry.key.location))
        }
        return result
    }

    private mutating func numericRange(_ node: Node, of what: String) -> ClosedRange<Double>? {
        guard let items = decoder.list(node, of: what) else { return nil }
        guard items.count == 2 else {
            decoder.error("\(what) must be a list of two numbers [low, high], found \(items.count) entries", at: node.location)
            return nil
        }
        guard let low = decoder.number(items[0], of: "the low end of \(what)"),
              let high = decoder.number(items[1], of: "the high end of \(what)") else { return nil }
        guard low <= high else {
            decoder.error("\(what) is empty: \(low.shortDescription) is above \(high.shortDescription)", at: node.location)
            return nil
        }
        return low...high
    }

    private mutating func decodeMarker(_ id: String, _ node: Node, _ at: SourceLocation) {
        let what = "marker '\(id)'"
        guard let f = decoder.fields(node, of: what, allowed: ["name", "loinc", "unit", "units", "bands", "range", "valid_for", "description"], required: ["name", "unit"]) else { return }
        guard let name = f["name"].flatMap({ decoder.string($0, of: "the name of \(what)") }),
              let unit = f["unit"].flatMap({ decoder.string($0, of: "the unit of \(what)") }) else { return }
        var alternatives: [Marker.AlternativeUnit] = []
        if let unitsNode = f["units"], let entries = decoder.entries(unitsNode, of: "the alternative units of \(what)") {
            for entry in entries {
                let alt = entry.name
                guard let factor = decoder.number(entry.value, of: "the factor of unit '\(alt)' of \(what)") else { continue }
                if alt == unit {
                    decoder.error("'\(alt)' is the canonical unit of \(what); list only alternatives under 'units'", at: entry.key.location, code: CheckID.unit)
                } else if factor <= 0 {
                    decoder.error("the factor of unit '\(alt)' must be positive (1 \(alt) = factor \(unit)), found \(factor.shortDescription)", at: entry.value.location, code: CheckID.unit)
                } else {
                    alternatives.append(.init(unit: alt, factor: factor, location: entry.key.location))
                }
            }
        }
        let range = f["range"].flatMap { numericRange($0, of: "the range of \(what)") }
        let validFor = f["valid_for"].flatMap { validity($0, of: "'valid_for' of \(what)") }
        markers.append(Marker(
            id: id, name: name, loinc: f["loinc"].flatMap { code($0, of: "the LOINC code of \(what)") }, unit: unit,
            units: alternatives, bands: bands(f["bands"], of: what, unit: unit, within: range), range: range, validFor: validFor,
            description: f["description"].flatMap { decoder.string($0, of: "the description of \(what)") }, location: at))
    }

    private mutating func decodeScale(_ id: String, _ node: Node, _ at: SourceLocation) {
        let what = "scale '\(id)'"
        guard let f = decoder.fields(node, of: what, allowed: ["name", "range", "integer", "bands", "valid_for", "description"], required: ["name", "range"]) else { return }
        guard let name = f["name"].flatMap({ decoder.string($0, of: "the name of \(what)") }),
              let range = f["range"].flatMap({ numericRange($0, of: "the range of \(what)") }) else { return }
        var integer = false
        if let node = f["integer"] {
            guard let word = decoder.word(node, of: "'integer' of \(what)", oneOf: ["true", "false"]) else { return }
            integer = word == "true"
            if integer, range.lowerBound != range.lowerBound.rounded() || range.upperBound != range.upperBound.rounded() {
                decoder.error("\(what) is 'integer' but its range has fractional ends", at: node.location)
            }
        }
        scales.append(Scale(
            id: id, name: name, range: range, integer: integer,
            validFor: f["valid_for"].flatMap { validity($0, of: "'valid_for' of \(what)") }, bands: bands(f["bands"], of: what, unit: nil, within: range),
            description: f["description"].flatMap { decoder.string($0, of: "the description of \(what)") }, location: at))
    }

    /// Warning checks an author has reviewed and accepts for one entry (`allow: [conflict]`).
    private mutating func allowList(_ node: Node, of what: String) -> [String] {
        guard let items = decoder.list(node, of: "'allow' of \(what)") else { return [] }
        let warnings = Checks.all.filter { $0.severity == .warning }.map(\.id)
        var allow: [String] = []
        for item in items {
            guard let check = decoder.string(item, of: "a check id in 'allow'") else { continue }
            if warnings.contains(check) {
                allow.append(check)
            } else if Checks.all.contains(where: { $0.id == check }) {
                decoder.error("'\(check)' finds errors, which cannot be allowed; only warnings can (\(warnings.joined(separator: ", ")))", at: item.location)
            } else {
                decoder.error("unknown check '\(check)' in 'allow'\(Suggestion.hint(for: check, in: warnings))", at: item.location)
            }
        }
        return allow
    }

    private mutating func validity(_ node: Node, of what: String) -> Validity? {
        guard let text = decoder.string(node, of: what) else { return nil }
        guard let validity = Validity.parse(text) else {
            decoder.error("\(what) must be a whole number of days, weeks or months such as 90d, 12w or 6m, found '\(text.truncatedForMessage)'", at: node.location)
            return nil
        }
        return validity
    }

    private mutating func decodeDerived(_ id: String, _ node: Node, _ at: SourceLocation) {
        let what = "derived fact '\(id)'"
        guard let f = decoder.fields(node, of: what, allowed: ["name", "formula", "range", "bands", "unit", "description"], required: ["name", "formula"]),
              let name = f["name"].flatMap({ decoder.string($0, of: "the name of \(what)") }),
              let formulaNode = f["formula"], let text = decoder.string(formulaNode, of: "the formula of \(what)") else { return }
        let formula: FormulaSyntax
        switch FormulaParser.parse(text, maxDepth: limits.maxDepth) {
        case .success(let parsed): formula = parsed
        case .failure(let error):
            decoder.error("in the formula of \(what): \(error.message)", at: Self.location(in: formulaNode, offset: error.offset))
            return
        }
        let range = f["range"].flatMap { numericRange($0, of: "the range of \(what)") }
        derived.append(DerivedFact(
            id: id, name: name, formulaText: text, formula: formula, formulaLocation: formulaNode.location,
            formulaIsPlain: formulaNode.scalar?.isPlain ?? true, range: range,
            bands: bands(f["bands"], of: what, unit: nil, within: range),
            unit: f["unit"].flatMap { decoder.string($0, of: "the unit of \(what)") },
            description: f["description"].flatMap { decoder.string($0, of: "the description of \(what)") }, location: at))
    }

    /// The position of a character inside a one-line scalar (after its opening quote).
    static func location(in node: Node, offset: Int) -> SourceLocation {
        location(node.location, isPlain: node.scalar?.isPlain ?? true, offset: offset)
    }

    /// The same, for a scalar at `start` that is plain or not.
    static func location(_ start: SourceLocation, isPlain: Bool, offset: Int) -> SourceLocation {
        var location = start
        location.column += offset + (isPlain ? 0 : 1)
        return location
    }

    private mutating func decodeOption(_ id: String, _ node: Node, _ at: SourceLocation) {
        let what = "option '\(id)'"
        guard let f = decoder.fields(node, of: what, allowed: ["name", "kind", "contraindicated_if", "checks", "description", "allow"], required: ["name", "kind"]) else { return }
        guard let name = f["name"].flatMap({ decoder.string($0, of: "the name of \(what)") }),
              let kind = f["kind"].flatMap({ decoder.word($0, of: "the kind of \(what)", oneOf: TherapyOption.Kind.allCases.map(\.rawValue)) }) else { return }
        var contraindication: PredicateSyntax?
        if let node = f["contraindicated_if"] {
            guard let p = decoder.predicate(node, of: "'contraindicated_if' of \(what)") else { return }
            contraindication = p
        }
        var checks: [String] = []
        if let node = f["checks"], let items = decoder.list(node, of: "the checks of \(what)") {
            checks = items.compactMap { decoder.string($0, of: "a check of \(what)") }
        }
        let allow = f["allow"].map { allowList($0, of: what) } ?? []
        options.append(TherapyOption(
            id: id, name: name, kind: TherapyOption.Kind(rawValue: kind)!, contraindicatedIf: contraindication, checks: checks, allow: allow,
            description: f["description"].flatMap { decoder.string($0, of: "the description of \(what)") }, location: at))
    }

    private mutating func decodeEvidenceSection(_ node: Node) {
        guard let entries = decoder.entries(node, of: "'evidence'") else { return }
        for entry in entries {
            let id = entry.name
            guard decoder.checkDottedIdentifier(id, of: "the evidence id", at: entry.key.location) else { continue }
            claim(.evidence, id, at: entry.key.location) { $0.decodeEvidence(id, entry.value, at: entry.key.location) }
        }
    }

    private mutating func decodeEvidence(_ id: String, _ node: Node, at location: SourceLocation) {
        let what = "evidence '\(id)'"
        guard let f = decoder.fields(node, of: what, allowed: ["title", "source", "year", "url"], required: ["title", "source", "year"]),
              let title = f["title"].flatMap({ decoder.string($0, of: "the title of \(what)") }),
              let source = f["source"].flatMap({ decoder.string($0, of: "the source of \(what)") }),
              let year = f["year"].flatMap({ decoder.integer($0, of: "the year of \(what)", in: 1800...2100) }) else { return }
        evidence.append(Evidence(id: id, title: title, source: source, year: year,
                                 url: f["url"].flatMap { decoder.string($0, of: "the url of \(what)") }, location: location))
    }

    /// A rule's keys, read by index (`Fields[rule:]`).
    fileprivate enum RuleKey: Int, CaseIterable {
        case id, title, when, unless, recommend, avoid, strength, priority, because, evidence, allow

        /// The key as written. Spelled out: `String(describing:)` of a case reads the type's
        /// reflection metadata, about 100,000 instructions a case the first time (1.8% of a
        /// cold `regimen evaluate`).
        var name: String {
            switch self {
            case .id: "id"
            case .title: "title"
            case .when: "when"
            case .unless: "unless"
            case .recommend: "recommend"
            case .avoid: "avoid"
            case .strength: "strength"
            case .priority: "priority"
            case .because: "because"
            case .evidence: "evidence"
            case .allow: "allow"
            }
        }
    }
    private static let ruleKeys = KeyWords(RuleKey.allCases.map(\.name))
    private static let requiredRuleKeys = [RuleKey.id, .title, .when, .strength, .because, .evidence].map(\.rawValue)

    private mutating func decodeRules(_ node: Node) {
        guard let items = decoder.list(node, of: "'rules'") else { return }
        for item in items { decodeRule(item) }
    }

    private mutating func decodeRule(_ node: Node) {
        guard let f = decoder.fields(node, of: "a rule", keys: RuleSetDecoder.ruleKeys, required: RuleSetDecoder.requiredRuleKeys) else { return }
        guard let idNode = f[rule: .id], let id = decoder.string(idNode, of: "the rule id"),
              decoder.checkDottedIdentifier(id, of: "the rule id", at: idNode.location) else { return }
        claim(.rule, id, at: idNode.location) { $0.decodeRule(id, f, node: node, idNode: idNode) }
    }

    private static let strengths = ["strong", "conditional"]

    private mutating func decodeRule(_ id: String, _ f: Fields, node: Node, idNode: Node) {
        // Built only for a message: a string per rule otherwise.
        func what() -> String { "rule '\(id)'" }
        let title = f[rule: .title].flatMap { decoder.string($0, of: "the title of \(what())") }
        let when = f[rule: .when].flatMap { decoder.predicate($0, of: "'when' of \(what())") }
        let unless = f[rule: .unless].map { decoder.predicateList($0, of: "'unless' of \(what())") } ?? []
        var action: Rule.Action?
        switch (f[rule: .recommend], f[rule: .avoid]) {
        case (let r?, nil): action = decoder.identifier(r, of: "the option after 'recommend'").map(Rule.Action.recommend)
        case (nil, let a?): action = decoder.identifier(a, of: "the option after 'avoid'").map(Rule.Action.avoid)
        case (_?, let a?): decoder.error("\(what()) has both 'recommend' and 'avoid'; write two rules", at: a.location)
        case (nil, nil): decoder.error("\(what()) needs 'recommend: OPTION' or 'avoid: OPTION'", at: node.location)
        }
        // Made from the word without `init(rawValue:)`, which searched the cases as strings
        // (about 220 instructions per rule).
        let strength = f[rule: .strength].flatMap { decoder.word($0, of: "the strength of \(what())", oneOf: RuleSetDecoder.strengths) }
            .map { $0 == "strong" ? Rule.Strength.strong : .conditional }
        let priority = f[rule: .priority].map { decoder.integer($0, of: "the priority of \(what())", in: 0...100) } ?? 50
        let because = f[rule: .because].flatMap { decoder.string($0, of: "'because' of \(what())") }
        var evidenceIDs: [String] = []
        var evidenceLocations: [SourceLocation] = []
        if let node = f[rule: .evidence] {
            // One id or a list of them.
            let single = node.isScalar && !node.isNull
            let items = single ? nil : decoder.list(node, of: "the evidence of \(what())")
            let count = single ? 1 : items?.count ?? 0
            evidenceIDs.reserveCapacity(count)
            evidenceLocations.reserveCapacity(count)
            for i in 0..<count {
                let item = items?[i] ?? node
                if let ev = decoder.dottedIdentifier(item, of: "an evidence id of \(what())", kind: "the evidence id") {
                    evidenceIDs.append(ev)
                    evidenceLocations.append(item.location)
                }
            }
            if count == 0 { decoder.error("\(what()) must cite at least one evidence id", at: node.location, code: CheckID.missingEvidence) }
        }
        let allow = f[rule: .allow].map { allowList($0, of: what()) } ?? []
        guard let title, let when, let unless, let action, let strength, let priority, let because else { return }
        rules.append(Rule(
            id: id, title: title, when: when, unless: unless, action: action,
            strength: strength, priority: priority, because: because,
            evidence: evidenceIDs, allow: allow, location: idNode.location,
            actionLocation: (f[rule: .recommend] ?? f[rule: .avoid])?.location ?? idNode.location, evidenceLocations: evidenceLocations))
    }
}

private extension Fields {
    subscript(rule key: RuleSetDecoder.RuleKey) -> Node? { self[index: key.rawValue] }
}
