/// The one-line JSON of an evaluation nobody edited, written straight from its compact
/// decision into a byte buffer: byte for byte what `ReportRenderer.json(_:pretty: false)`
/// writes from the public values (the contract; EvaluationJSON.swift is its reference), but
/// without making those values first and with every key and bracket a constant. `--batch`
/// writes every line this way.
struct JSONLineWriter {
    var bytes: [UInt8]

    @inline(__always) mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func string(_ s: String) {
        JSONWriter.appendQuoted(s, to: &bytes)
    }

    mutating func string(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int(_ v: Int) {
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func number(_ v: Double) {
        if v.isFinite { bytes.append(contentsOf: v.shortDescription.utf8) } else { raw("null") }
    }

    mutating func strings<S: Sequence>(_ items: S) where S.Element == String {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    @inline(__always) mutating func copy(_ range: Range<Int>, of arena: [UInt8]) {
        bytes.append(contentsOf: arena[range])
    }

    @inline(__always) mutating func comma(_ needed: Bool) {
        if needed { bytes.append(UInt8(ascii: ",")) }
    }
}

extension EvaluationStorage {
    private static let engine = "regimen \(Engine.version)"

    func writeJSONLine(_ w: inout JSONLineWriter) {
        let rs = program.ruleSet
        let fragments = program.jsonFragments.fragments(for: program)
        // Worked out once for the whole line: gaps, matches and `derived` all read it.
        let explained = bound.derived.contains(where: \.isNaN) ? program.derivedExplanations(bound) : nil
        w.raw("{\"profile\":"); w.string(bound.id)
        w.raw(",\"ruleset\":{\"name\":"); w.string(rs.name)
        w.raw(",\"version\":"); w.string(rs.version)
        w.raw(",\"hash\":"); w.string(rs.contentHash)
        w.raw("},\"engine\":"); w.string(EvaluationStorage.engine)
        w.raw(",\"as_of\":"); w.string(bound.asOf.text)
        w.raw(",\"recommendations\":[")
        for (k, group) in decision.recommended.enumerated() {
            w.comma(k > 0)
            w.copy(fragments.optionHead(Int(group.option)), of: fragments.arena)
            w.raw(",\"strength\":"); w.string(program.strongest(group.rules).rawValue)
            w.raw(",\"priority\":"); w.int(program.highestPriority(group.rules))
            let requirements = self.requirements(group)
            w.raw(",\"requires\":"); w.strings(requirements.lazy.map(\.fact))
            w.raw(",\"requirements\":[")
            for (i, q) in requirements.enumerated() {
                w.comma(i > 0)
                w.raw("{\"fact\":"); w.string(q.fact)
                w.raw(",\"name\":"); w.string(q.name)
                w.raw(",\"source\":"); w.string(q.source)
                w.raw("}")
            }
            w.raw("]")
            w.copy(fragments.checks(Int(group.option)), of: fragments.arena)
            w.raw(",\"because\":"); writeReasons(group.rules, fragments, explained, &w)
            w.raw("}")
        }
        w.raw("],\"avoid\":[")
        for (k, group) in decision.avoided.enumerated() {
            w.comma(k > 0)
            let option = rs.options[Int(group.option)]
            w.raw("{\"option\":"); w.string(option.id)
            w.raw(",\"name\":"); w.string(option.name)
            w.raw(",\"because\":"); writeReasons(group.rules, fragments, explained, &w)
            w.raw(",\"overrides\":"); w.strings(group.overrides.lazy.map(ruleID))
            w.raw("}")
        }
        w.raw("],\"withheld\":[")
        for (k, group) in decision.withheld.enumerated() {
            w.comma(k > 0)
            let h = withholding(group)
            w.raw("{\"option\":"); w.string(h.option)
            w.raw(",\"name\":"); w.string(h.name)
            w.raw(",\"rule\":"); w.string(h.rule)
            w.raw(",\"rules\":"); w.strings(h.rules)
            w.raw(",\"contraindication\":"); w.string(h.contraindication)
            w.raw(",\"matched\":[")
            for (i, m) in h.matched.enumerated() {
                w.comma(i > 0)
                writeMatch(m, &w)
            }
            w.raw("]}")
        }
        w.raw("],\"gaps\":[")
        for (k, record) in decision.gaps.enumerated() {
            w.comma(k > 0)
            w.raw("{\"fact\":"); w.string(program.id(of: record.fact))
            w.raw(",\"name\":"); w.string(program.name(of: record.fact))
            w.raw(",\"rules\":"); w.strings(record.rules.lazy.map(ruleID))
            w.raw(",\"options\":"); w.strings(record.options.lazy.map { rs.options[Int($0)].id })
            if let reason = program.note(for: record.fact, bound, explained) { w.raw(",\"reason\":"); w.string(reason) }
            let needs = program.needs(record.fact, bound, explained)
            if !needs.isEmpty { w.raw(",\"needs\":"); w.strings(needs) }
            w.raw("}")
        }
        w.raw("],\"derived\":{")
        // As `Program.derivedValues`, written as it goes instead of made into values first.
        for (slot, fact) in rs.derived.enumerated() {
            w.comma(slot > 0)
            let state = bound.derivedStates[slot]
            let raw = bound.derived[slot]
            let value: Double? = raw.isNaN ? nil : raw
            w.string(fact.id)
            w.raw(":{\"name\":"); w.string(fact.name)
            w.raw(",\"value\":"); if let value { w.number(value) } else { w.raw("null") }
            w.raw(",\"band\":"); w.string(value.flatMap { v in fact.bands.first { $0.interval.contains(v) }?.name })
            if let unit = fact.unit { w.raw(",\"unit\":"); w.string(unit) }
            if state.given {
                w.raw(",\"source\":\"given\"")
                if let c = state.computed { w.raw(",\"computed\":"); w.number(c) }
            } else if value != nil {
                w.raw(",\"source\":\"computed\"")
            } else {
                w.raw(",\"source\":\"unknown\"")
            }
            if value == nil, let r = explained?[slot].reason { w.raw(",\"reason\":"); w.string(r) }
            w.raw(",\"inputs\":{")
            var first = true
            for (ref, input) in zip(program.derivedInputs[slot], program.derivedInputFacts[slot]) {
                w.comma(!first); first = false
                w.string(ref)
                w.bytes.append(UInt8(ascii: ":"))
                w.string(program.describeInput(input, bound) ?? "not known")
            }
            if program.derivedReadsSex[slot] {
                w.comma(!first)
                w.raw("\"sex\":"); w.string(bound.sex?.rawValue ?? "not known")
            }
            w.raw("}}")
        }
        w.raw("},\"fired_rules\":"); w.strings(decision.fired.lazy.map(ruleID))
        w.raw(",\"disclaimer\":"); w.string(program.disclaimer)
        w.raw("}")
    }

    /// `because`: one object per firing rule (positions in rank order), as `Program.reasons`.
    private func writeReasons(_ positions: [Int32], _ fragments: JSONFragments, _ explained: DerivedExplanations?,
                              _ w: inout JSONLineWriter) {
        let t = decision.truth
        w.raw("[")
        for (k, position) in positions.enumerated() {
            w.comma(k > 0)
            w.copy(fragments.ruleHead(Int(position)), of: fragments.arena)
            let compiled = program.rules[Int(position)]
            var first = true
            for leaf in program.decisiveLeaves(of: Int(compiled.when), t) {
                w.comma(!first); first = false
                w.copy(fragments.leafHead(leaf), of: fragments.arena)
                writeMatchTail(program.match(leaf, t, bound, role: .when, explained), &w)
            }
            for root in compiled.unless {
                for leaf in program.leaves(under: Int(root)) {
                    w.comma(!first); first = false
                    w.copy(fragments.leafHead(leaf), of: fragments.arena)
                    writeMatchTail(program.match(leaf, t, bound, role: .unless, explained), &w)
                }
            }
            w.raw("]}")
        }
        w.raw("]")
    }

    private func writeMatch(_ m: Match, _ w: inout JSONLineWriter) {
        w.raw("{\"test\":"); w.string(m.test)
        w.raw(",\"value\":")
        writeMatchTail(m, &w)
    }

    /// A match after its `"value":` key.
    private func writeMatchTail(_ m: Match, _ w: inout JSONLineWriter) {
        w.string(m.value)
        if let c = m.canonicalValue { w.raw(",\"canonical_value\":"); w.string(c) }
        switch m.result {
        case .true: w.raw(",\"result\":true")
        case .false: w.raw(",\"result\":false")
        case .unknown: w.raw(",\"result\":null")
        }
        switch m.role {
        case .when: w.raw(",\"role\":\"when\"")
        case .unless: w.raw(",\"role\":\"unless\"")
        case .contraindication: w.raw(",\"role\":\"contraindication\"")
        }
        if let note = m.note { w.raw(",\"note\":"); w.string(note) }
        w.raw("}")
    }
}
