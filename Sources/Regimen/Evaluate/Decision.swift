/// What one evaluation decided, as positions in the program and no strings: which rules
/// fired, which options they recommend, advise against or are withheld from, and which facts
/// left rules undecided. This is all an explanation needs; the words (ids, names, values,
/// reasons) are made from it only when a caller reads them or a renderer writes them.
struct Decision: Sendable {
    /// The truth of every node of every rule that was not skipped, of every `unless` of a rule
    /// whose `when` was not false, and of the contraindication of every option a rule
    /// recommends. Other nodes were never evaluated and hold `unknown`: nothing reads them.
    var truth: [Truth]
    /// Positions in `Program.rules` of the rules that fired, in rule-set order.
    var fired: [Int32]
    /// In output order: strongest first (strength, priority, option id).
    var recommended: [OptionGroup]
    /// In output order, like `recommended` by their strongest reason.
    var avoided: [OptionGroup]
    /// By option id.
    var withheld: [OptionGroup]
    /// By fact id.
    var gaps: [GapRecord]

    /// One option and the firing rules about it.
    struct OptionGroup: Sendable {
        var option: Int32
        /// Rules that recommend it (or, when avoided, advise against it), in rank order.
        var rules: [Int32]
        /// When avoided: the rules that would have recommended it, in rule-set order.
        var overrides: [Int32]
        /// The option's contraindication for this profile (false when it has none).
        var contraindication: Truth
    }

    /// A fact whose absence left rules undecided.
    struct GapRecord: Sendable {
        /// The first fact met with this id (ids are what gaps are keyed by).
        var fact: Program.Fact
        /// Positions of the undecided rules, by rule id.
        var rules: [Int32]
        /// Option slots of those rules, distinct, by option id.
        var options: [Int32]
    }
}

extension Program {
    /// Decides one profile. Rules whose guard condition is false are skipped unevaluated; the
    /// rest have their `when` evaluated, and their `unless` only when the `when` is not false.
    func decide(_ p: BoundProfile) -> Decision {
        var truth = [Truth](repeating: .unknown, count: ops.count)
        var fired: [Int32] = []
        var undecided: [Int32] = []
        truth.withUnsafeMutableBufferPointer { t in
            ruleHeads.withUnsafeBufferPointer { heads in
                guardOffsets.withUnsafeBufferPointer { offsets in
                    guardSlots.withUnsafeBufferPointer { slots in
                        p.withConditions { conditions in
                            next: for position in 0..<heads.count {
                                for g in Int(offsets[position])..<Int(offsets[position + 1])
                                where conditions[Int(slots[g])] == .false { continue next }
                                let head = heads[position]
                                let when = Int(head.when)
                                fill(t, from: Int(head.whenStart), through: when, p)
                                let w = t[when]
                                if w == .false { continue }
                                var unless = Truth.false
                                for k in Int(head.unlessLower)..<Int(head.unlessUpper) {
                                    let root = Int(unlessRoots[k])
                                    fill(t, from: Int(unlessStarts[k]), through: root, p)
                                    unless = unless || t[root]
                                }
                                if unless == .true { continue }
                                if w == .true { fired.append(Int32(position)) } else { undecided.append(Int32(position)) }
                            }
                        }
                    }
                }
            }
        }

        var recommended: [Decision.OptionGroup] = []
        var avoided: [Decision.OptionGroup] = []
        var withheld: [Decision.OptionGroup] = []
        var byOption = fired
        if fired.count > 1 {
            // A decision fires a few rules: sorted on the spot, without the scratch buffer and
            // metadata lookups of the standard sort. Ranks are distinct, so the order is the same.
            let heads = ruleHeads
            func key(_ position: Int32) -> (Int32, Int32) { (heads[Int(position)].option, heads[Int(position)].rank) }
            if fired.count <= 32 {
                for i in 1..<byOption.count {
                    let item = byOption[i], k = key(item)
                    var j = i
                    while j > 0, k < key(byOption[j - 1]) {
                        byOption[j] = byOption[j - 1]
                        j -= 1
                    }
                    byOption[j] = item
                }
            } else {
                byOption.sort { key($0) < key($1) }
            }
        }
        var i = 0
        while i < byOption.count {
            let option = ruleHeads[Int(byOption[i])].option
            var j = i
            var avoids = 0
            while j < byOption.count, ruleHeads[Int(byOption[j])].option == option {
                if ruleHeads[Int(byOption[j])].isAvoid { avoids += 1 }
                j += 1
            }
            let group = byOption[i..<j]
            i = j
            if avoids > 0 {
                let avoiding = group.filter { ruleHeads[Int($0)].isAvoid }
                let recommending = group.filter { !ruleHeads[Int($0)].isAvoid }
                avoided.append(.init(option: option, rules: avoiding, overrides: recommending.sorted(), contraindication: .false))
                continue
            }
            let recommending = Array(group)
            var c = Truth.false
            let root = Int(contraindications[Int(option)])
            if root >= 0 {
                truth.withUnsafeMutableBufferPointer { t in
                    fill(t, from: Int(contraindicationStarts[Int(option)]), through: root, p)
                }
                c = truth[root]
            }
            let entry = Decision.OptionGroup(option: option, rules: recommending, overrides: [], contraindication: c)
            if c == .true { withheld.append(entry) } else { recommended.append(entry) }
        }
        recommended = strongestFirst(recommended)
        avoided = strongestFirst(avoided)
        if withheld.count > 1 { withheld.sort { optionIDRank[Int($0.option)] < optionIDRank[Int($1.option)] } }

        var gaps: [Decision.GapRecord] = []
        if !undecided.isEmpty {
            // Rules about an option some rule already decided leave no gap; the undecided list
            // is filtered in place, with the decided options marked in scratch space.
            let heads = ruleHeads
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: ruleSet.options.count) { decided in
                decided.initialize(repeating: false)
                for position in fired { decided[Int(heads[Int(position)].option)] = true }
                undecided.removeAll { decided[Int(heads[Int($0)].option)] }
            }
            gaps = gapRecords(undecided, truth)
        }
        return Decision(truth: truth, fired: fired, recommended: recommended, avoided: avoided,
                        withheld: withheld, gaps: gaps)
    }

    /// Sorted by the strength, then the priority, of each option's strongest rules, then the
    /// option id; each key made once.
    private func strongestFirst(_ groups: [Decision.OptionGroup]) -> [Decision.OptionGroup] {
        guard groups.count > 1 else { return groups }
        guard groups.count <= 16 else {
            let keys = groups.map { (strongest($0.rules) == .strong ? 0 : 1, -highestPriority($0.rules), optionIDRank[Int($0.option)]) }
            return groups.indices.sorted { keys[$0] < keys[$1] }.map { groups[$0] }
        }
        // A decision has a few groups: an insertion sort on the spot, each key made once, into
        // stack space, instead of an index array, a key array and a generic sort, all
        // allocated per decision. Keys are distinct (option ids are), so the order is the same.
        struct Key: Comparable {
            var strength: Int, priority: Int, option: Int32
            static func < (a: Key, b: Key) -> Bool {
                (a.strength, a.priority, a.option) < (b.strength, b.priority, b.option)
            }
        }
        var sorted = groups
        withUnsafeTemporaryAllocation(of: Key.self, capacity: groups.count) { keys in
            for (i, group) in groups.enumerated() {
                keys[i] = Key(strength: strongest(group.rules) == .strong ? 0 : 1,
                              priority: -highestPriority(group.rules), option: optionIDRank[Int(group.option)])
            }
            for i in 1..<sorted.count {
                let item = sorted[i], k = keys[i]
                var j = i
                while j > 0, k < keys[j - 1] {
                    sorted[j] = sorted[j - 1]
                    keys[j] = keys[j - 1]
                    j -= 1
                }
                sorted[j] = item
                keys[j] = k
            }
        }
        return sorted
    }

    func strongest(_ positions: [Int32]) -> Rule.Strength {
        var best: Rule.Strength?
        for p in positions {
            let s = ruleStrengths[Int(p)]
            if best.map({ s < $0 }) ?? true { best = s }
        }
        return best ?? .conditional
    }

    func highestPriority(_ positions: [Int32]) -> Int {
        var best: Int?
        for p in positions {
            let v = rulePriorities[Int(p)]
            if best.map({ v > $0 }) ?? true { best = v }
        }
        return best ?? 0
    }

    /// Gaps of the undecided rules (positions in rule-set order): each fact whose being unknown
    /// keeps a rule's `when` unknown, with the rules and options it would decide. Sorted by
    /// integer ranks that follow the ids' string order.
    private func gapRecords(_ undecided: [Int32], _ truth: [Truth]) -> [Decision.GapRecord] {
        struct Entry { var key: Int32, ruleRank: Int32, position: Int32, fact: Fact, sequence: Int32 }
        var entries: [Entry] = []
        for position in undecided {
            let rule = ruleHeads[Int(position)]
            let first = entries.count
            // `unknownFacts(under:)` without its arrays: the same walk (decisive leaves, left
            // to right), each fact once per rule, straight into `entries`.
            forEachDecisiveLeaf(of: Int(rule.when), truth) { n in
                guard let fact = nodeFacts[n], !entries[first...].contains(where: { $0.fact == fact }) else { return }
                entries.append(Entry(key: factRank(fact), ruleRank: rule.idRank, position: position,
                                     fact: fact, sequence: Int32(entries.count)))
            }
        }
        func before(_ a: Entry, _ b: Entry) -> Bool { (a.key, a.ruleRank, a.sequence) < (b.key, b.ruleRank, b.sequence) }
        if entries.count <= 32 {
            // Few entries: an insertion sort, without the standard sort's scratch buffer. Keys
            // are distinct (`sequence` is), so the order is the same.
            for i in entries.indices.dropFirst() {
                let item = entries[i]
                var j = i
                while j > 0, before(item, entries[j - 1]) {
                    entries[j] = entries[j - 1]
                    j -= 1
                }
                entries[j] = item
            }
        } else {
            entries.sort(by: before)
        }
        var gaps: [Decision.GapRecord] = []
        var i = 0
        while i < entries.count {
            var j = i
            var first = entries[i]
            var positions: [Int32] = []
            var options: [Int32] = []
            while j < entries.count, entries[j].key == entries[i].key {
                let e = entries[j]
                if e.sequence < first.sequence { first = e }
                if positions.last.map({ ruleHeads[Int($0)].idRank != e.ruleRank }) ?? true { positions.append(e.position) }
                options.append(ruleHeads[Int(e.position)].option)
                j += 1
            }
            options.sort { optionIDRank[Int($0)] < optionIDRank[Int($1)] }
            // Duplicates removed in place (they are adjacent once sorted).
            var kept = 0
            for i in options.indices where kept == 0 || options[kept - 1] != options[i] {
                options[kept] = options[i]
                kept += 1
            }
            options.removeLast(options.count - kept)
            gaps.append(.init(fact: first.fact, rules: positions, options: options))
            i = j
        }
        return gaps
    }
}
