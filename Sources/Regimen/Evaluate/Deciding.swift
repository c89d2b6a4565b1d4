/// Deciding one profile: which rules fire, which options they recommend, advise against or
/// are withheld from, and which facts left rules undecided, written into a `Decision`.
extension Program {
    /// Decides one profile. Rules whose guard condition is false are skipped unevaluated; the
    /// rest have their `when` evaluated, and their `unless` only when the `when` is not false.
    ///
    /// Everything but the result is worked out in scratch space, and the result's lists are
    /// written once into the buffer they end in.
    func decide(_ p: BoundProfile) -> Decision {
        var truth = unknownTruths
        var counts = (recommended: 0, avoided: 0, withheld: 0, gaps: 0)
        var firedCount = 0
        let runs = truth.withUnsafeMutableBufferPointer { t in
            p.withSlots { slots in
                withTrees { trees in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(ruleHeads.count, 1)) { scratch in
                        let (fired, undecided) = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(unguardedRules.count, 1)) { visit in
                            markVisited(slots, UnsafeMutableBufferPointer(rebasing: visit[..<unguardedRules.count]))
                            return decideRules(t, slots, trees, UnsafeBufferPointer(rebasing: visit[..<unguardedRules.count]), scratch)
                        }
                        firedCount = fired
                        return assemble(t, slots, trees, fired: UnsafeBufferPointer(rebasing: scratch[..<fired]),
                                        undecided: UnsafeBufferPointer(rebasing: scratch[(scratch.count - undecided)...]),
                                        counts: &counts)
                    }
                }
            }
        }
        return Decision(truth: truth, runs: runs, fired: firedCount, recommended: counts.recommended,
                        avoided: counts.avoided, withheld: counts.withheld, gaps: counts.gaps)
    }

    /// Marks, a bit per rule position, the rules to visit: the unguarded ones and those whose
    /// first guard condition is not known false.
    private func markVisited(_ p: BoundProfile.Slots, _ visit: UnsafeMutableBufferPointer<UInt64>) {
        unguardedRules.withUnsafeBufferPointer { unguarded in
            guardedOffsets.withUnsafeBufferPointer { offsets in
                guardedRules.withUnsafeBufferPointer { byGuard in
                    for w in 0..<visit.count { visit[w] = unguarded[w] }
                    func mark(_ c: Int) {
                        for k in Int(offsets[c])..<Int(offsets[c + 1]) {
                            let position = Int(byGuard[k])
                            visit[position >> 6] |= 1 << UInt64(position & 63)
                        }
                    }
                    // Conditions' truths are bytes, false is 0, and most conditions of most
                    // profiles are false: read eight at a time, and only the others one by one.
                    let conditions = offsets.count - 1
                    let truths = UnsafeRawPointer(p.flags)
                    var c = 0
                    while c + 8 <= conditions {
                        var word = UInt64(littleEndian: truths.loadUnaligned(fromByteOffset: c, as: UInt64.self))
                        while word != 0 {
                            let byte = word.trailingZeroBitCount >> 3
                            mark(c + byte)
                            word &= ~(0xFF << UInt64(byte << 3))
                        }
                        c += 8
                    }
                    while c < conditions {
                        if p.condition(c) != .false { mark(c) }
                        c += 1
                    }
                }
            }
        }
    }

    /// Evaluates the rules `visit` marks that no other guard condition skips. The fired
    /// rules' positions go to the front of `scratch` in rule-set order, the undecided ones to
    /// its back, the first last; returns how many of each.
    ///
    /// The marks are read in position order, so the rules are evaluated in the same order as
    /// testing every rule's first guard would, and a rule skipped either way is left as it was.
    private func decideRules(_ t: UnsafeMutableBufferPointer<Truth>, _ p: BoundProfile.Slots, _ trees: Trees,
                             _ visit: UnsafeBufferPointer<UInt64>,
                             _ scratch: UnsafeMutableBufferPointer<Int32>) -> (fired: Int, undecided: Int) {
        var fired = 0, undecided = 0
        ruleHeads.withUnsafeBufferPointer { heads in
            guardOffsets.withUnsafeBufferPointer { offsets in
                guardSlots.withUnsafeBufferPointer { guards in
                    unlessRoots.withUnsafeBufferPointer { roots in
                        unlessStarts.withUnsafeBufferPointer { starts in
                            for wordIndex in 0..<visit.count {
                                var word = visit[wordIndex]
                                next: while word != 0 {
                                    let position = (wordIndex << 6) | word.trailingZeroBitCount
                                    word &= word &- 1
                                    // The first guard is not false (or there is none); the others
                                    // may be. Plain counting loops, as in `fill`: positions, guard
                                    // and root indexes are the compiler's, far from overflowing.
                                    var g = Int(offsets[position]) &+ 1
                                    let upper = Int(offsets[position &+ 1])
                                    while g < upper {
                                        if p.condition(Int(guards[g])) == .false { continue next }
                                        g &+= 1
                                    }
                                    let head = heads[position]
                                    let when = Int(head.when)
                                    fill(t, from: Int(head.whenStart), through: when, p, trees)
                                    let w = t[when]
                                    if w == .false { continue }
                                    var unless = Truth.false
                                    var k = Int(head.unlessLower)
                                    while k < Int(head.unlessUpper) {
                                        let root = Int(roots[k])
                                        fill(t, from: Int(starts[k]), through: root, p, trees)
                                        unless = unless || t[root]
                                        k &+= 1
                                    }
                                    if unless == .true { continue }
                                    if w == .true {
                                        scratch[fired] = Int32(truncatingIfNeeded: position)
                                        fired &+= 1
                                    } else {
                                        undecided &+= 1
                                        scratch[scratch.count &- undecided] = Int32(truncatingIfNeeded: position)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (fired, undecided)
    }

    /// An option group while it is made: where its rules are in the scratch runs, and the key
    /// it is sorted by.
    private struct GroupDraft {
        /// 0 recommended, 1 avoided, 2 withheld: the order of the lists in `Decision`.
        var list: Int32
        var strength: Int32
        var priority: Int
        var optionRank: Int32
        var option: Int32
        var contraindication: Truth
        var rules: Int32, ruleCount: Int32, overrides: Int32, overrideCount: Int32

        /// Within a list keys are distinct (option ids are), so any sort gives one order.
        static func before(_ a: GroupDraft, _ b: GroupDraft) -> Bool {
            (a.list, a.strength, a.priority, a.optionRank) < (b.list, b.strength, b.priority, b.optionRank)
        }
    }

    /// `fired` sorted by option, then rank, into `byOption`. Past a few rules, each rule's two
    /// keys are packed into one integer first (both are non-negative): comparing them through
    /// the rule heads, four loads a comparison, was most of grouping when many rules fire (26
    /// on the shipped rules' benchmark profile, about 1,500 instructions); for a few, packing
    /// costs more than it saves.
    @inline(__always)
    private func sortByOption(_ fired: UnsafeBufferPointer<Int32>, _ heads: UnsafeBufferPointer<RuleHead>,
                              into byOption: UnsafeMutableBufferPointer<Int32>) {
        guard fired.count > 8 else {
            _ = byOption.initialize(from: fired)
            Program.sortSmall(byOption) { a, b in
                (heads[Int(a)].option, heads[Int(a)].rank) < (heads[Int(b)].option, heads[Int(b)].rank)
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Keyed.self, capacity: fired.count) { keyed in
            for i in fired.indices {
                let head = heads[Int(fired[i])]
                keyed[i] = Keyed(key: UInt64(UInt32(bitPattern: head.option)) << 32 | UInt64(UInt32(bitPattern: head.rank)), position: fired[i])
            }
            Program.sortSmall(keyed) { $0.key < $1.key }
            for i in keyed.indices { byOption[i] = keyed[i].position }
        }
    }

    /// A fired rule's position with its sort key.
    private struct Keyed {
        var key: UInt64
        var position: Int32
    }

    /// One fact of one undecided rule, for gaps.
    private struct GapEntry {
        var key: Int32, ruleRank: Int32, position: Int32, fact: Fact, sequence: Int32

        /// Keys are distinct (`sequence` is), so any sort gives one order.
        static func before(_ a: GapEntry, _ b: GapEntry) -> Bool {
            (a.key, a.ruleRank, a.sequence) < (b.key, b.ruleRank, b.sequence)
        }
    }

    /// Groups the fired rules by option, finds the gaps of the undecided ones, and writes it
    /// all into one buffer laid out as `Decision.runs`.
    private func assemble(_ t: UnsafeMutableBufferPointer<Truth>, _ p: BoundProfile.Slots, _ trees: Trees,
                          fired: UnsafeBufferPointer<Int32>, undecided: UnsafeBufferPointer<Int32>,
                          counts: inout (recommended: Int, avoided: Int, withheld: Int, gaps: Int)) -> [Int32] {
        ruleHeads.withUnsafeBufferPointer { heads in
            // Every fired rule is in exactly one group's rules or overrides, so the groups'
            // runs take `fired.count` numbers, and there are at most that many groups.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(2 * fired.count, 1)) { scratch in
                withUnsafeTemporaryAllocation(of: GroupDraft.self, capacity: max(fired.count, 1)) { drafts in
                    let byOption = UnsafeMutableBufferPointer(rebasing: scratch[..<fired.count])
                    let body = UnsafeMutableBufferPointer(rebasing: scratch[fired.count..<(2 * fired.count)])
                    let groups = group(fired, heads, byOption, body, drafts, t, p, trees)
                    for d in drafts[..<groups] {
                        switch d.list {
                        case 0: counts.recommended += 1
                        case 1: counts.avoided += 1
                        default: counts.withheld += 1
                        }
                    }
                    return gapsAndRuns(fired, undecided, heads, body, UnsafeBufferPointer(rebasing: drafts[..<groups]),
                                       t, trees, gapCount: &counts.gaps)
                }
            }
        }
    }

    /// Groups the fired rules by option into `drafts` (sorted into output order), their rules
    /// and overrides into `body`; returns how many groups.
    private func group(_ fired: UnsafeBufferPointer<Int32>, _ heads: UnsafeBufferPointer<RuleHead>,
                       _ byOption: UnsafeMutableBufferPointer<Int32>, _ body: UnsafeMutableBufferPointer<Int32>,
                       _ drafts: UnsafeMutableBufferPointer<GroupDraft>, _ t: UnsafeMutableBufferPointer<Truth>,
                       _ p: BoundProfile.Slots, _ trees: Trees) -> Int {
        guard !fired.isEmpty else { return 0 }
        sortByOption(fired, heads, into: byOption)
        var groups = 0, used = 0
        var i = 0
        while i < byOption.count {
            let option = heads[Int(byOption[i])].option
            var j = i
            var avoids = 0
            while j < byOption.count, heads[Int(byOption[j])].option == option {
                if heads[Int(byOption[j])].isAvoid { avoids += 1 }
                j += 1
            }
            let start = used
            var draft = GroupDraft(list: 0, strength: 0, priority: 0, optionRank: optionIDRank[Int(option)], option: option,
                                   contraindication: .false, rules: Int32(start), ruleCount: 0, overrides: 0, overrideCount: 0)
            if avoids > 0 {
                for k in i..<j where heads[Int(byOption[k])].isAvoid { body[used] = byOption[k]; used += 1 }
                let overrides = used
                for k in i..<j where !heads[Int(byOption[k])].isAvoid { body[used] = byOption[k]; used += 1 }
                Program.sortSmall(UnsafeMutableBufferPointer(rebasing: body[overrides..<used]), by: <)
                draft.list = 1
                draft.ruleCount = Int32(overrides - start)
                draft.overrides = Int32(overrides)
                draft.overrideCount = Int32(used - overrides)
            } else {
                for k in i..<j { body[used] = byOption[k]; used += 1 }
                draft.ruleCount = Int32(j - i)
                draft.overrides = Int32(used)
                let root = Int(contraindications[Int(option)])
                if root >= 0 {
                    fill(t, from: Int(contraindicationStarts[Int(option)]), through: root, p, trees)
                    draft.contraindication = t[root]
                }
                if draft.contraindication == .true { draft.list = 2 }
            }
            if draft.list != 2 {
                let rules = UnsafeBufferPointer(rebasing: body[start..<(start + Int(draft.ruleCount))])
                draft.strength = strongest(rules) == .strong ? 0 : 1
                draft.priority = -highestPriority(rules)
            }
            drafts[groups] = draft
            groups += 1
            i = j
        }
        Program.sortSmall(UnsafeMutableBufferPointer(rebasing: drafts[..<groups]), by: GroupDraft.before)
        return groups
    }

    /// Finds the gaps of the undecided rules (the first undecided one last in `undecided`) and
    /// writes the decision's buffer: the fired rules, the group headers, the gap headers, the
    /// groups' runs, the gaps' runs.
    private func gapsAndRuns(_ fired: UnsafeBufferPointer<Int32>, _ undecided: UnsafeBufferPointer<Int32>,
                             _ heads: UnsafeBufferPointer<RuleHead>, _ body: UnsafeMutableBufferPointer<Int32>,
                             _ drafts: UnsafeBufferPointer<GroupDraft>, _ t: UnsafeMutableBufferPointer<Truth>,
                             _ trees: Trees, gapCount: inout Int) -> [Int32] {
        // Rules about an option some rule already decided leave no gap. A rule's facts are
        // at most its `when` subtree's nodes, which also bounds the walk's stack.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(undecided.count, 1)) { kept in
            var keptCount = 0, entryBound = 0, deepest = 0
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(ruleSet.options.count, 1)) { decided in
                decided.initialize(repeating: false)
                for position in fired { decided[Int(heads[Int(position)].option)] = true }
                // `undecided` holds the first undecided rule last.
                for u in undecided.indices.reversed() where !decided[Int(heads[Int(undecided[u])].option)] {
                    let head = heads[Int(undecided[u])]
                    kept[keptCount] = undecided[u]
                    keptCount += 1
                    let size = Int(head.when - head.whenStart) + 1
                    entryBound += size
                    deepest = max(deepest, size)
                }
            }
            return withUnsafeTemporaryAllocation(of: GapEntry.self, capacity: max(entryBound, 1)) { entries in
                let count = keptCount == 0 ? 0 : withUnsafeTemporaryAllocation(of: Int32.self, capacity: deepest) { stack in
                    gapEntries(UnsafeBufferPointer(rebasing: kept[..<keptCount]), heads, t, trees, stack, into: entries)
                }
                return buffer(fired, heads, body, drafts, UnsafeMutableBufferPointer(rebasing: entries[..<count]),
                              gapCount: &gapCount)
            }
        }
    }

    /// The decision's buffer: the fired rules, the group headers, the gap headers, the
    /// groups' runs, the gaps' runs; `entries` are sorted here.
    private func buffer(_ fired: UnsafeBufferPointer<Int32>, _ heads: UnsafeBufferPointer<RuleHead>,
                        _ body: UnsafeMutableBufferPointer<Int32>, _ drafts: UnsafeBufferPointer<GroupDraft>,
                        _ entries: UnsafeMutableBufferPointer<GapEntry>, gapCount: inout Int) -> [Int32] {
        Program.sortSmall(entries, by: GapEntry.before)
        let sorted = UnsafeBufferPointer(entries)
        let count = sorted.count
        // Gap runs hold at most one rule and one option per entry.
        let headers = Decision.headerSize * drafts.count
        let capacity = fired.count + headers + body.count + Decision.headerSize * count + 2 * count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(capacity, 1)) { out in
            let written = writeRuns(fired, heads, body, drafts, sorted, into: out, gapCount: &gapCount)
            return Program.array(copying: UnsafeBufferPointer(rebasing: out[..<written]))
        }
    }

    /// Writes the buffer into `out`, which has room for it; returns how much it took.
    private func writeRuns(_ fired: UnsafeBufferPointer<Int32>, _ heads: UnsafeBufferPointer<RuleHead>,
                           _ body: UnsafeMutableBufferPointer<Int32>, _ drafts: UnsafeBufferPointer<GroupDraft>,
                           _ sorted: UnsafeBufferPointer<GapEntry>, into out: UnsafeMutableBufferPointer<Int32>,
                           gapCount: inout Int) -> Int {
        let headers = Decision.headerSize * drafts.count
        var at = 0
        for position in fired { out[at] = position; at += 1 }
        let groupHeaders = at
        at += headers
        let gapHeaders = at
        // Gap headers are written as gaps are found; their count is not known yet.
        var runs = gapHeaders + Decision.headerSize * gapHeaderCount(sorted)
        let bodyBase = runs
        for k in 0..<body.count { out[runs + k] = body[k] }
        runs += body.count
        for (g, d) in drafts.enumerated() {
            let h = groupHeaders + Decision.headerSize * g
            out[h] = d.option
            out[h + 1] = Int32(d.contraindication.rawValue)
            out[h + 2] = Int32(bodyBase) + d.rules
            out[h + 3] = d.ruleCount
            out[h + 4] = Int32(bodyBase) + d.overrides
            out[h + 5] = d.overrideCount
        }
        var gaps = 0
        var i = 0
        while i < sorted.count {
            var j = i
            var first = sorted[i]
            let rules = runs
            var lastRank: Int32 = -1
            while j < sorted.count, sorted[j].key == sorted[i].key {
                let e = sorted[j]
                if e.sequence < first.sequence { first = e }
                if runs == rules || lastRank != e.ruleRank {
                    out[runs] = e.position
                    runs += 1
                    lastRank = e.ruleRank
                }
                j += 1
            }
            let options = runs
            for k in i..<j { out[runs] = heads[Int(sorted[k].position)].option; runs += 1 }
            let optionRuns = UnsafeMutableBufferPointer(rebasing: out[options..<runs])
            Program.sortSmall(optionRuns) { optionIDRank[Int($0)] < optionIDRank[Int($1)] }
            // Duplicates removed in place (they are adjacent once sorted).
            var kept = 0
            for k in optionRuns.indices where kept == 0 || optionRuns[kept - 1] != optionRuns[k] {
                optionRuns[kept] = optionRuns[k]
                kept += 1
            }
            runs = options + kept
            let h = gapHeaders + Decision.headerSize * gaps
            out[h] = first.fact.kind
            out[h + 1] = first.fact.slot
            out[h + 2] = Int32(rules)
            out[h + 3] = Int32(options - rules)
            out[h + 4] = Int32(options)
            out[h + 5] = Int32(kept)
            gaps += 1
            i = j
        }
        gapCount = gaps
        return runs
    }

    /// `Array(values)`, made through `reserveCapacity`, which is specialised for the element
    /// type: the array initialisers that take a count allocate through an unspecialised entry
    /// point that looks up the storage's generic metadata in the runtime, for every array.
    @inline(__always)
    static func array<T>(copying values: UnsafeBufferPointer<T>) -> [T] {
        var array: [T] = []
        array.reserveCapacity(values.count)
        array.append(contentsOf: values)
        return array
    }

    /// How many gaps sorted entries make: one per distinct key.
    private func gapHeaderCount(_ sorted: UnsafeBufferPointer<GapEntry>) -> Int {
        var n = 0
        for i in sorted.indices where i == 0 || sorted[i].key != sorted[i - 1].key { n += 1 }
        return n
    }

    /// Each fact whose being unknown keeps an undecided rule's `when` unknown (its decisive
    /// leaves, left to right, each fact once per rule), rule by rule; returns how many. The
    /// walk is `forEachDecisiveLeaf` with a stack in scratch space instead of recursion
    /// through a closure.
    private func gapEntries(_ undecided: UnsafeBufferPointer<Int32>, _ heads: UnsafeBufferPointer<RuleHead>,
                            _ t: UnsafeMutableBufferPointer<Truth>, _ trees: Trees,
                            _ stack: UnsafeMutableBufferPointer<Int32>, into entries: UnsafeMutableBufferPointer<GapEntry>) -> Int {
        var count = 0
        nodeFacts.withUnsafeBufferPointer { facts in
            for position in undecided {
                let rule = heads[Int(position)]
                let first = count
                var top = 1
                stack[0] = rule.when
                while top > 0 {
                    top -= 1
                    let node = Int(stack[top])
                    switch trees.ops[node] {
                    case .all(let start, let n), .any(let start, let n):
                        // Pushed last child first, so they are visited left to right.
                        var k = Int(start + n) - 1
                        while k >= Int(start) {
                            let child = trees.children[k]
                            if t[Int(child)] == t[node] { stack[top] = child; top += 1 }
                            k -= 1
                        }
                    case .not(let child):
                        stack[top] = child
                        top += 1
                    default:
                        guard let fact = facts[node] else { continue }
                        var seen = false
                        for e in entries[first..<count] where e.fact == fact { seen = true; break }
                        if seen { continue }
                        entries[count] = GapEntry(key: factRank(fact), ruleRank: rule.idRank, position: position,
                                                  fact: fact, sequence: Int32(count))
                        count += 1
                    }
                }
            }
        }
        return count
    }

    /// Insertion sort for the few items a decision sorts, without the standard sort's
    /// scratch buffer; the standard sort beyond that. Callers' keys are distinct, or equal
    /// only for equal items, so the order is the same either way.
    @inline(__always)
    private static func sortSmall<T>(_ items: UnsafeMutableBufferPointer<T>, by before: (T, T) -> Bool) {
        guard items.count > 1 else { return }
        guard items.count <= 32 else {
            var items = items
            items.sort(by: before)
            return
        }
        let base = items.startIndex
        for i in (base + 1)..<items.endIndex {
            let item = items[i]
            var j = i
            while j > base, before(item, items[j - 1]) {
                items[j] = items[j - 1]
                j -= 1
            }
            items[j] = item
        }
    }

    func strongest(_ positions: some Sequence<Int32>) -> Rule.Strength {
        var best: Rule.Strength?
        for p in positions {
            let s = ruleStrengths[Int(p)]
            if best.map({ s < $0 }) ?? true { best = s }
        }
        return best ?? .conditional
    }

    func highestPriority(_ positions: some Sequence<Int32>) -> Int {
        var best: Int?
        for p in positions {
            let v = rulePriorities[Int(p)]
            if best.map({ v > $0 }) ?? true { best = v }
        }
        return best ?? 0
    }
}
