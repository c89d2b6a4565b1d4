/// The one-line JSON of an evaluation nobody edited, written straight from its compact
/// decision into a byte buffer: byte for byte what `ReportRenderer.json(_:pretty: false)`
/// writes from the public values (the contract; EvaluationJSON.swift is its reference), but
/// without making those values first, with every key and bracket a constant and every string
/// the rule set supplies copied from `JSONFragments`. `--batch` writes every line this way.
extension EvaluationStorage {
    func writeJSONLine(_ w: inout JSONLineWriter) {
        let rs = program.ruleSet
        let fragments = program.jsonFragments.fragments(for: program)
        // Worked out once for the whole line: gaps, matches and `derived` all read it.
        let explained = bound.derived.contains(where: \.isNaN) ? program.derivedExplanations(bound) : nil
        w.raw("{\"profile\":"); w.string(bound.id)
        w.copy(fragments.lineHead); writeDate(bound.asOf, &w)
        w.raw(",\"recommendations\":[")
        for (k, group) in decision.recommended.enumerated() {
            w.comma(k > 0)
            w.copy(fragments.optionHead(Int(group.option)))
            w.raw(",\"strength\":"); w.string(program.strongest(group.rules).rawValue)
            w.raw(",\"priority\":"); w.int(program.highestPriority(group.rules))
            let requirements = self.requirements(group)
            if requirements.isEmpty {
                w.raw(",\"requires\":[],\"requirements\":[]")
            } else {
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
            }
            w.copy(fragments.checks(Int(group.option)))
            w.raw(",\"because\":"); writeReasons(group.rules, fragments, explained, &w)
            w.raw("}")
        }
        w.raw("],\"avoid\":[")
        for (k, group) in decision.avoided.enumerated() {
            w.comma(k > 0)
            w.copy(fragments.optionName(Int(group.option)))
            w.raw(",\"because\":"); writeReasons(group.rules, fragments, explained, &w)
            w.raw(",\"overrides\":"); writeRuleIDs(group.overrides, fragments, &w)
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
            w.raw(",\"rules\":"); writeRuleIDs(record.rules, fragments, &w)
            w.raw(",\"options\":"); w.strings(record.options.lazy.map { rs.options[Int($0)].id })
            if let reason = program.note(for: record.fact, bound, explained) { w.raw(",\"reason\":"); w.string(reason) }
            let needs = program.needs(record.fact, bound, explained)
            if !needs.isEmpty { w.raw(",\"needs\":"); w.strings(needs) }
            w.raw("}")
        }
        w.raw("],\"derived\":{")
        writeDerived(fragments, explained, &w)
        w.raw("},\"fired_rules\":"); writeRuleIDs(decision.fired, fragments, &w)
        w.copy(fragments.lineTail)
    }

    /// `YYYY-MM-DD`, as `CalendarDate.text` spells it.
    private func writeDate(_ date: CalendarDate, _ w: inout JSONLineWriter) {
        guard (0...9999).contains(date.year), (1...12).contains(date.month), (1...31).contains(date.day) else {
            w.string(date.text)
            return
        }
        func two(_ n: Int) {
            w.byte(UInt8(truncatingIfNeeded: n / 10) &+ 48)
            w.byte(UInt8(truncatingIfNeeded: n % 10) &+ 48)
        }
        w.byte(UInt8(ascii: "\""))
        two(date.year / 100); two(date.year % 100)
        w.byte(UInt8(ascii: "-")); two(date.month)
        w.byte(UInt8(ascii: "-")); two(date.day)
        w.byte(UInt8(ascii: "\""))
    }

    private func writeRuleIDs(_ positions: some Collection<Int32>, _ fragments: JSONFragments, _ w: inout JSONLineWriter) {
        w.byte(UInt8(ascii: "["))
        for (i, position) in positions.enumerated() {
            w.comma(i > 0)
            w.copy(fragments.ruleID(Int(position)))
        }
        w.byte(UInt8(ascii: "]"))
    }

    /// `derived`, as `Program.derivedValues` makes it, written as it goes instead of made into
    /// values first.
    private func writeDerived(_ fragments: JSONFragments, _ explained: DerivedExplanations?, _ w: inout JSONLineWriter) {
        for slot in fragments.derivedBands.indices {
            w.comma(slot > 0)
            let state = program.derivedState(slot, of: bound)
            let value = bound.derivedValue(slot)
            w.copy(fragments.derivedHead(slot))
            if value.isNaN { w.raw("null") } else { w.number(value) }
            w.raw(",\"band\":")
            if !value.isNaN, let band = fragments.derivedBands[slot].firstIndex(where: { $0.contains(value) }) {
                w.copy(fragments.derivedBand(slot, band))
            } else {
                w.raw("null")
            }
            w.copy(fragments.derivedUnit(slot))
            if state.given {
                w.raw(",\"source\":\"given\"")
                if let c = state.computed { w.raw(",\"computed\":"); w.number(c) }
            } else if !value.isNaN {
                w.raw(",\"source\":\"computed\"")
            } else {
                w.raw(",\"source\":\"unknown\"")
            }
            if value.isNaN, let r = explained?[slot].reason { w.raw(",\"reason\":"); w.string(r) }
            w.raw(",\"inputs\":{")
            let inputs = fragments.derivedInputFacts[slot]
            for i in inputs.indices {
                w.comma(i > 0)
                w.copy(fragments.derivedInputKey(slot, i))
                writeInput(inputs[i], fragments, &w)
            }
            if fragments.derivedReadsSex[slot] {
                w.comma(!inputs.isEmpty)
                w.raw("\"sex\":"); w.string(bound.sex?.rawValue ?? "not known")
            }
            w.raw("}}")
        }
    }

    /// `Program.describeInput(fact, bound) ?? "not known"`, quoted.
    private func writeInput(_ fact: Program.Fact?, _ fragments: JSONFragments, _ w: inout JSONLineWriter) {
        switch fact {
        case .age?:
            guard !bound.age.isNaN else { break }
            w.byte(UInt8(ascii: "\"")); w.shortNumber(bound.age); w.raw(" years\"")
            return
        case .marker(let s)?:
            let v = bound.marker(Int(s))
            if v.isNaN {
                guard let note = bound.markerNote(Int(s)) else { break }
                w.string(note)
            } else {
                w.byte(UInt8(ascii: "\"")); w.shortNumber(v); w.copy(fragments.markerUnit(Int(s))); w.byte(UInt8(ascii: "\""))
            }
            return
        case .scale(let s)?:
            let v = bound.scale(Int(s))
            if v.isNaN {
                guard let note = bound.scaleNote(Int(s)) else { break }
                w.string(note)
            } else {
                w.byte(UInt8(ascii: "\"")); w.shortNumber(v); w.byte(UInt8(ascii: "\""))
            }
            return
        case .derived(let s)?:
            let v = bound.derivedValue(Int(s))
            guard !v.isNaN else { break }
            w.byte(UInt8(ascii: "\"")); w.shortNumber(v); w.byte(UInt8(ascii: "\""))
            return
        case .condition?, .sex?, nil:
            break
        }
        w.raw("\"not known\"")
    }

    /// `because`: one object per firing rule (positions in rank order), as `Program.reasons`.
    private func writeReasons(_ positions: some Collection<Int32>, _ fragments: JSONFragments, _ explained: DerivedExplanations?,
                              _ w: inout JSONLineWriter) {
        let t = decision.truth
        w.raw("[")
        for (k, position) in positions.enumerated() {
            w.comma(k > 0)
            w.copy(fragments.ruleHead(Int(position)))
            let compiled = program.rules[Int(position)]
            var first = true
            writeDecisiveLeaves(of: Int(compiled.when), t, fragments, explained, &first, &w)
            for root in compiled.unless {
                writeLeaves(under: Int(root), t, fragments, explained, &first, &w)
            }
            w.raw("]}")
        }
        w.raw("]")
    }

    /// The matches of the leaves `Program.decisiveLeaves(of:)` lists, in its order, without
    /// making the list.
    private func writeDecisiveLeaves(of node: Int, _ t: [Truth], _ fragments: JSONFragments, _ explained: DerivedExplanations?,
                                     _ first: inout Bool, _ w: inout JSONLineWriter) {
        switch program.ops[node] {
        case .all(let start, let count), .any(let start, let count):
            for c in Int(start)..<Int(start + count) {
                let child = Int(program.children[c])
                if t[child] == t[node] { writeDecisiveLeaves(of: child, t, fragments, explained, &first, &w) }
            }
        case .not(let child):
            writeDecisiveLeaves(of: Int(child), t, fragments, explained, &first, &w)
        default:
            w.comma(!first); first = false
            w.copy(fragments.leafHead(node))
            writeMatchTail(node, t, .when, fragments, explained, &w)
        }
    }

    /// The matches of every leaf under an `unless` root, in `Program.leaves(under:)` order.
    private func writeLeaves(under node: Int, _ t: [Truth], _ fragments: JSONFragments, _ explained: DerivedExplanations?,
                             _ first: inout Bool, _ w: inout JSONLineWriter) {
        switch program.ops[node] {
        case .all(let start, let count), .any(let start, let count):
            for c in Int(start)..<Int(start + count) {
                writeLeaves(under: Int(program.children[c]), t, fragments, explained, &first, &w)
            }
        case .not(let child):
            writeLeaves(under: Int(child), t, fragments, explained, &first, &w)
        default:
            w.comma(!first); first = false
            w.copy(fragments.leafHead(node))
            writeMatchTail(node, t, .unless, fragments, explained, &w)
        }
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
        writeResultAndRole(m.result, m.role, &w)
        if let note = m.note { w.raw(",\"note\":"); w.string(note) }
        w.raw("}")
    }

    private func writeResultAndRole(_ result: Truth, _ role: Match.Role, _ w: inout JSONLineWriter) {
        switch result {
        case .true: w.raw(",\"result\":true")
        case .false: w.raw(",\"result\":false")
        case .unknown: w.raw(",\"result\":null")
        }
        switch role {
        case .when: w.raw(",\"role\":\"when\"")
        case .unless: w.raw(",\"role\":\"unless\"")
        case .contraindication: w.raw(",\"role\":\"contraindication\"")
        }
    }

    /// The match of a leaf after its `"value":` key, as `Program.match` makes it: the common
    /// leaves (conditions, treatments, age, sex, markers, scales) written from the bound profile as they
    /// are, the others through `Program.match`.
    private func writeMatchTail(_ leaf: Int, _ t: [Truth], _ role: Match.Role, _ fragments: JSONFragments,
                                _ explained: DerivedExplanations?, _ w: inout JSONLineWriter) {
        var note: String?
        switch program.ops[leaf] {
        case .condition(let slot):
            switch bound.sourceOfCondition(Int(slot)) {
            case .listed: w.raw("\"present\"")
            case .ruledOut: w.raw("\"ruled out\"")
            case .assumedAbsent: w.raw("\"not listed\"")
            case .unknown: w.raw("null")
            }
        case .taking(let slot), .failed(let slot), .tried(let slot):
            let flags = bound.treatment(Int(slot))
            if flags & BoundProfile.tried == 0 {
                w.raw("\"never tried\"")
            } else {
                w.raw(flags & BoundProfile.taking != 0 ? "\"current" : "\"past")
                if flags & BoundProfile.failed != 0 { w.raw(", inadequate response or intolerance") }
                w.byte(UInt8(ascii: "\""))
            }
        case .age:
            if bound.age.isNaN {
                w.raw("null")
            } else {
                w.byte(UInt8(ascii: "\"")); w.shortNumber(bound.age); w.raw(" years\"")
            }
        case .sex:
            w.string(bound.sex?.rawValue)
        case .marker(let slot, _):
            if let given = bound.givenMarker(Int(slot)) {
                w.byte(UInt8(ascii: "\"")); w.shortNumber(given.value)
                if let unit = given.unit {
                    w.byte(UInt8(ascii: " ")); w.escaped(unit)
                } else {
                    w.copy(fragments.markerUnit(Int(slot)))
                }
                if let date = given.date { w.raw(" on "); w.escaped(date) }
                w.byte(UInt8(ascii: "\""))
                let canonical = bound.marker(Int(slot))
                if let unit = given.unit, unit != fragments.markerUnits[Int(slot)], !canonical.isNaN {
                    w.raw(",\"canonical_value\":\""); w.shortNumber(canonical); w.copy(fragments.markerUnit(Int(slot)))
                    w.byte(UInt8(ascii: "\""))
                }
            } else {
                w.raw("null")
            }
            note = bound.markerNote(Int(slot))
        case .scale(let slot, _):
            let v = bound.scale(Int(slot))
            if v.isNaN {
                w.raw("null")
            } else {
                w.byte(UInt8(ascii: "\"")); w.shortNumber(v)
                if let band = fragments.scaleBands[Int(slot)].firstIndex(where: { $0.contains(v) }) {
                    w.copy(fragments.scaleBand(Int(slot), band))
                }
                if let date = bound.scaleDate(Int(slot)) { w.raw(" on "); w.escaped(date) }
                w.byte(UInt8(ascii: "\""))
            }
            note = bound.scaleNote(Int(slot))
        default:
            writeMatchTail(program.match(leaf, t, bound, role: role, explained), &w)
            return
        }
        writeResultAndRole(t[leaf], role, &w)
        if let note { w.raw(",\"note\":"); w.string(note) }
        w.raw("}")
    }
}
