/// Evaluates a bound profile against the program: one forward pass over the post-order node
/// array fills a truth per node; recommendations, withholdings, requirements, gaps and
/// explanations are then read off those truths for the few rules that matter.
extension Program {
    /// Every node's truth: what `--why-not` and fixture coverage read.
    func truths(for p: BoundProfile) -> [Truth] {
        var truth = [Truth](repeating: .false, count: ops.count)
        truth.withUnsafeMutableBufferPointer { t in
            guard !ops.isEmpty else { return }
            p.withSlots { slots in withTrees { fill(t, from: 0, through: ops.count - 1, slots, $0) } }
        }
        return truth
    }

    /// The nodes and their children as raw memory, for loops that fill many subtrees: each
    /// fill opening the arrays itself cost more than a small subtree's tests.
    struct Trees {
        let ops: UnsafePointer<Op>
        let children: UnsafePointer<Int32>
        /// `ops` as `TestNode`s, which `fill` reads.
        let nodes: UnsafePointer<TestNode>
    }

    /// `body` with the program's trees; the pointers are valid only inside it.
    @inline(__always)
    func withTrees<R>(_ body: (Trees) -> R) -> R {
        ops.withUnsafeBufferPointer { o in
            children.withUnsafeBufferPointer { c in
                testNodes.withUnsafeBufferPointer { n in
                    // An empty array may have no storage: nothing is read through it then.
                    body(Trees(ops: o.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Op>.alignment)!,
                               children: c.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Int32>.alignment)!,
                               nodes: n.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<TestNode>.alignment)!))
                }
            }
        }
    }

    /// Evaluates the nodes `start...end` in order. Post-order layout puts a subtree's nodes
    /// in one such range, children before their parent, so filling a subtree's range leaves
    /// every node of it decided.
    @inline(__always)
    func fill(_ t: UnsafeMutableBufferPointer<Truth>, from start: Int, through end: Int, _ p: BoundProfile.Slots, _ trees: Trees) {
        let nodes = trees.nodes, kids = trees.children
        // Plain counting loops: the compiler's children and node indexes cannot overflow, and
        // the range loops checked that they did not at every node and child.
        var i = start
        while i <= end {
            let node = nodes[i]
            switch node.kind {
            case .all:
                var r = Truth.true
                var k = Int(node.a)
                let last = k &+ Int(node.b)
                while k < last { r = r && t[Int(kids[k])]; k &+= 1 }
                t[i] = r
            case .any:
                var r = Truth.false
                var k = Int(node.a)
                let last = k &+ Int(node.b)
                while k < last { r = r || t[Int(kids[k])]; k &+= 1 }
                t[i] = r
            case .not:
                t[i] = !t[Int(node.a)]
            case .condition:
                t[i] = p.condition(Int(node.a))
            case .number:
                t[i] = TestNode.truth(p.numbers[Int(node.a)], lower: node.lower, upper: node.upper)
            case .numberNotEqual:
                t[i] = TestNode.truth(p.numbers[Int(node.a)], notEqual: node.lower)
            case .age:
                t[i] = TestNode.truth(p.age, lower: node.lower, upper: node.upper)
            case .ageNotEqual:
                t[i] = TestNode.truth(p.age, notEqual: node.lower)
            case .treatment:
                t[i] = Truth(p.flags.load(fromByteOffset: Int(node.a), as: UInt8.self) & UInt8(truncatingIfNeeded: node.b) != 0)
            case .other:
                t[i] = truth(of: trees.ops[i], t, p)
            }
            i &+= 1
        }
    }

    /// A node's truth from its `Op`, its children's truths already in `t`: the definition
    /// `fill` follows through `TestNode`s, and how it evaluates the tests they do not fold.
    func truth(of op: Op, _ t: UnsafeMutableBufferPointer<Truth>, _ p: BoundProfile.Slots) -> Truth {
        switch op {
        case .all(let start, let count):
            var r = Truth.true
            for k in Int(start)..<Int(start + count) { r = r && t[Int(children[k])] }
            return r
        case .any(let start, let count):
            var r = Truth.false
            for k in Int(start)..<Int(start + count) { r = r || t[Int(children[k])] }
            return r
        case .not(let child):
            return !t[Int(child)]
        case .condition(let slot):
            return p.condition(Int(slot))
        case .marker(let slot, let interval):
            let v = p.marker(Int(slot))
            return v.isNaN ? .unknown : Truth(interval.contains(v))
        case .scale(let slot, let interval):
            let v = p.scale(Int(slot))
            return v.isNaN ? .unknown : Truth(interval.contains(v))
        case .derived(let slot, let interval):
            let v = p.derivedValue(Int(slot))
            return v.isNaN ? .unknown : Truth(interval.contains(v))
        case .taking(let slot):
            return Truth(p.treatment(Int(slot)) & BoundProfile.taking != 0)
        case .failed(let slot):
            return Truth(p.treatment(Int(slot)) & BoundProfile.failed != 0)
        case .tried(let slot):
            return Truth(p.treatment(Int(slot)) & BoundProfile.tried != 0)
        case .age(let interval):
            return p.age.isNaN ? .unknown : Truth(interval.contains(p.age))
        case .sex(let sex):
            return p.sex.map { Truth($0 == sex) } ?? .unknown
        case .known(let fact):
            return Truth(isKnown(fact, in: p))
        case .missing(let fact):
            return Truth(!isKnown(fact, in: p))
        }
    }

    private func isKnown(_ fact: Fact, in p: BoundProfile.Slots) -> Bool {
        switch fact {
        case .condition(let s): return p.condition(Int(s)) != .unknown
        case .marker(let s): return !p.marker(Int(s)).isNaN
        case .scale(let s): return !p.scale(Int(s)).isNaN
        case .derived(let s): return !p.derivedValue(Int(s)).isNaN
        case .age: return !p.age.isNaN
        case .sex: return p.sex != nil
        }
    }

    private func isKnown(_ fact: Fact, in p: BoundProfile) -> Bool {
        p.withSlots { isKnown(fact, in: $0) }
    }

    func evaluate(_ p: BoundProfile) -> Evaluation {
        Evaluation(EvaluationStorage(program: self, bound: p, decision: decide(p)))
    }

    var identity: RuleSetIdentity {
        RuleSetIdentity(name: ruleSet.name, version: ruleSet.version, hash: ruleSet.contentHash)
    }

    /// One reason per firing rule; `positions` index `rules` and are already in rank order.
    func reasons(_ positions: some Collection<Int32>, _ t: [Truth], _ p: BoundProfile) -> [Reason] {
        // A rule's leaves are gathered in scratch space on the stack, sized for the largest
        // rule here: its leaves are at most the nodes of its `when` and `unless` subtrees. A
        // scratch array was one more allocation per recommendation read.
        var most = 1
        for position in positions {
            let head = ruleHeads[Int(position)]
            var nodes = Int(head.when - head.whenStart) + 1
            for k in Int(head.unlessLower)..<Int(head.unlessUpper) { nodes += Int(unlessRoots[k] - unlessStarts[k]) + 1 }
            most = max(most, nodes)
        }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: most) { leaves in
            var reasons: [Reason] = []
            reasons.reserveCapacity(positions.count)
            for position in positions {
                let head = ruleHeads[Int(position)]
                var count = 0
                forEachDecisiveLeaf(of: Int(head.when), t) { leaves[count] = Int32($0); count += 1 }
                let whenCount = count
                for k in Int(head.unlessLower)..<Int(head.unlessUpper) {
                    forEachLeaf(under: Int(unlessRoots[k])) { leaves[count] = Int32($0); count += 1 }
                }
                // Sized once: appending to an empty array grew it, a copy each time, 1, 2, 4, ...
                var matched: [Match] = []
                matched.reserveCapacity(count)
                for k in 0..<count { matched.append(match(Int(leaves[k]), t, p, role: k < whenCount ? .when : .unless)) }
                // Field by field: binding the whole rule copied (and retained) its predicate trees.
                let i = Int(head.index)
                reasons.append(Reason(rule: ruleSet.rules[i].id, title: ruleSet.rules[i].title, text: ruleSet.rules[i].because,
                                      evidence: ruleSet.rules[i].evidence, strength: ruleSet.rules[i].strength,
                                      priority: ruleSet.rules[i].priority, matched: matched))
            }
            return reasons
        }
    }

    /// Leaves that decided a node's value: for all/any, the children that share the parent's
    /// value (the true ones of a true `any`, the false ones of a false `all`, ...); through `not`.
    func decisiveLeaves(of node: Int, _ t: [Truth]) -> [Int] {
        var result: [Int] = []
        forEachDecisiveLeaf(of: node, t) { result.append($0) }
        return result
    }

    /// `decisiveLeaves`, left to right, without the array. Recursive like the compiler that
    /// built the tree, so no deeper than it went.
    /// Walks `testNodes`, whose records are 32 bytes, not `ops`, whose are 56 and were copied
    /// out at every step.
    func forEachDecisiveLeaf(of node: Int, _ t: [Truth], _ body: (Int) -> Void) {
        let n = testNodes[node]
        switch n.kind {
        case .all, .any:
            let value = t[node]
            for k in Int(n.a)..<Int(n.a + n.b) {
                let child = Int(children[k])
                if t[child] == value { forEachDecisiveLeaf(of: child, t, body) }
            }
        case .not:
            forEachDecisiveLeaf(of: Int(n.a), t, body)
        default:
            body(node)
        }
    }

    /// Every leaf under a node, in order.
    func leaves(under node: Int) -> [Int] {
        var result: [Int] = []
        forEachLeaf(under: node) { result.append($0) }
        return result
    }

    /// `leaves(under:)` without the array; an empty `all` or `any` counts as a leaf.
    func forEachLeaf(under node: Int, _ body: (Int) -> Void) {
        let n = testNodes[node]
        switch n.kind {
        case .all, .any:
            if n.b == 0 { body(node) }
            for k in Int(n.a)..<Int(n.a + n.b) { forEachLeaf(under: Int(children[k]), body) }
        case .not:
            forEachLeaf(under: Int(n.a), body)
        default:
            body(node)
        }
    }

    /// Facts whose being unknown keeps a node unknown: measuring them could decide it.
    func unknownFacts(under node: Int, _ t: [Truth]) -> [Fact] {
        guard t[node] == .unknown else { return [] }
        var facts: [Fact] = []
        forEachDecisiveLeaf(of: node, t) { leaf in
            if let fact = nodeFacts[leaf], !facts.contains(fact) { facts.append(fact) }
        }
        return facts
    }

    /// Why a fact the profile mentions still counts as unknown (stale, or not computable).
    func note(for fact: Fact, _ p: BoundProfile, _ explained: DerivedExplanations? = nil) -> String? {
        switch fact {
        case .marker(let s): return p.markerNote(Int(s))
        case .scale(let s): return p.scaleNote(Int(s))
        case .derived(let s):
            guard p.derivedValue(Int(s)).isNaN, let reason = (explained ?? derivedExplanations(p))[Int(s)].reason else { return nil }
            return "\(ruleSet.derived[Int(s)].name) cannot be computed: \(reason)"
        default: return nil
        }
    }

    /// For a derived fact that cannot be computed: the inputs that would let it be.
    func needs(_ fact: Fact, _ p: BoundProfile, _ explained: DerivedExplanations? = nil) -> [String] {
        guard case .derived(let s) = fact, p.derivedValue(Int(s)).isNaN else { return [] }
        return (explained ?? derivedExplanations(p))[Int(s)].missing.map { id(of: $0) }
    }

    func derivedValues(_ p: BoundProfile, _ explained: DerivedExplanations? = nil) -> [DerivedValue] {
        let explained = explained ?? (p.derived.contains(where: \.isNaN) ? derivedExplanations(p) : [])
        return ruleSet.derived.enumerated().map { slot, fact in
            let state = derivedState(slot, of: p)
            let value = p.derivedValue(slot).isNaN ? nil : p.derivedValue(slot)
            var inputs: [(String, String)] = []
            for (ref, fact) in zip(derivedInputs[slot], derivedInputFacts[slot]) {
                inputs.append((ref, describeInput(fact, p) ?? "not known"))
            }
            if derivedReadsSex[slot] { inputs.append(("sex", p.sex?.rawValue ?? "not known")) }
            return DerivedValue(
                id: fact.id, name: fact.name, value: value,
                band: value.flatMap { v in fact.bands.first { $0.interval.contains(v) }?.name }, unit: fact.unit,
                source: state.given ? .given : value != nil ? .computed : .unknown,
                computed: state.computed, reason: value == nil ? explained[slot].reason : nil,
                inputs: inputs.map { DerivedValue.Input(id: $0.0, value: $0.1) })
        }
    }

    /// An input of a formula as the explanation shows it: `18 mg/L`, `4`, `58 years`.
    func describeInput(_ fact: Fact?, _ p: BoundProfile) -> String? {
        switch fact {
        case .age?: return p.age.isNaN ? nil : p.age.shortDescription(unit: "years")
        case .marker(let s)?:
            let v = p.marker(Int(s))
            return v.isNaN ? p.markerNote(Int(s)) : v.shortDescription(unit: ruleSet.markers[Int(s)].unit)
        case .scale(let s)?:
            let v = p.scale(Int(s))
            return v.isNaN ? p.scaleNote(Int(s)) : v.shortDescription
        case .derived(let s)?:
            let v = p.derivedValue(Int(s))
            return v.isNaN ? nil : v.shortDescription
        case .condition?, .sex?, nil: return nil
        }
    }

    func match(_ leaf: Int, _ t: [Truth], _ p: BoundProfile, role: Match.Role, _ explained: DerivedExplanations? = nil) -> Match {
        var value: String?
        var canonical: String?
        var note: String?
        switch ops[leaf] {
        case .marker(let slot, _):
            if let given = p.givenMarker(Int(slot)) {
                let canonicalUnit = ruleSet.markers[Int(slot)].unit
                let unit = given.unit ?? canonicalUnit
                value = given.value.shortDescription(unit: unit)
                if unit != canonicalUnit, !p.marker(Int(slot)).isNaN { canonical = p.marker(Int(slot)).shortDescription(unit: canonicalUnit) }
                if let date = given.date { value! += " on \(date)" }
            }
            note = p.markerNote(Int(slot))
        case .scale(let slot, _):
            let v = p.scale(Int(slot))
            if !v.isNaN {
                value = v.shortDescription(band: ruleSet.scales[Int(slot)].bands.first(where: { $0.interval.contains(v) })?.name)
                if let date = p.scaleDate(Int(slot)) { value! += " on \(date)" }
            }
            note = p.scaleNote(Int(slot))
        case .derived(let slot, _):
            let state = derivedState(Int(slot), of: p)
            let v = p.derivedValue(Int(slot))
            if !v.isNaN {
                let band = ruleSet.derived[Int(slot)].bands.first(where: { $0.interval.contains(v) })?.name
                if (v * 100).rounded() / 100 == v {
                    value = v.shortDescription(band: band)
                } else {
                    value = String((v * 100).rounded() / 100)
                    if let band { value! += " (\(band))" }
                }
                if state.given {
                    note = "given in the profile" + (state.computed.map { "; it wins over the value computed from the inputs (\(($0 * 100).rounded() / 100))" } ?? "")
                } else {
                    let inputs = zip(derivedInputs[Int(slot)], derivedInputFacts[Int(slot)])
                        .map { "\($0) = \(describeInput($1, p) ?? "not known")" }
                    note = "computed from " + inputs.joined(separator: ", ")
                }
            } else {
                note = self.note(for: .derived(slot), p, explained)
            }
        case .condition(let slot):
            switch p.sourceOfCondition(Int(slot)) {
            case .listed: value = "present"
            case .ruledOut: value = "ruled out"
            case .assumedAbsent: value = "not listed"
            case .unknown: value = nil
            }
        case .taking(let slot), .failed(let slot), .tried(let slot):
            let flags = p.treatment(Int(slot))
            // Whole literals: joining the words made a new string for every such match.
            if flags & BoundProfile.tried == 0 {
                value = "never tried"
            } else if flags & BoundProfile.failed != 0 {
                value = flags & BoundProfile.taking != 0 ? "current, inadequate response or intolerance" : "past, inadequate response or intolerance"
            } else {
                value = flags & BoundProfile.taking != 0 ? "current" : "past"
            }
        case .age:
            value = p.age.isNaN ? nil : p.age.shortDescription(unit: "years")
        case .sex:
            value = p.sex?.rawValue
        case .known(let fact), .missing(let fact):
            value = isKnown(fact, in: p) ? "known" : "not known"
        case .all, .any, .not:
            break
        }
        return Match(test: info.text(of: leaf), value: value, canonicalValue: canonical, result: t[leaf], role: role, note: note)
    }
}
