/// The compiled rule set: every name resolved to a slot, every unit converted to canonical,
/// every test parsed; predicates flattened into one array in post-order so evaluation is a
/// single forward pass with no allocation per rule. Immutable and safe to share: a class, so
/// that passing it around (to closures, to worker threads) costs one reference, not a copy of
/// every table.
final class Program: Sendable {
    enum Op: Sendable {
        case all(start: Int32, count: Int32)
        case any(start: Int32, count: Int32)
        case not(Int32)
        case condition(Int32)
        case marker(Int32, Interval)
        case scale(Int32, Interval)
        case derived(Int32, Interval)
        case taking(Int32)
        case failed(Int32)
        case tried(Int32)
        case age(Interval)
        case sex(Sex)
        case known(Fact)
        case missing(Fact)
    }

    /// A fact a leaf reads: what a gap or a `requires` entry names.
    enum Fact: Sendable, Hashable {
        case condition(Int32)
        case marker(Int32)
        case scale(Int32)
        case derived(Int32)
        case age
        case sex
    }

    struct NodeInfo: Sendable {
        /// The test as an explanation shows it: `crp > 10 mg/L`, `condition latent_tb`.
        var text: String
        var fact: Fact?
        /// The id a leaf is about (condition, marker, scale, option, `age`, `sex`).
        var subject: String?
        var location: SourceLocation?
    }

    /// Every node's `NodeInfo`, by node index: the nodes the compiler emitted on this thread,
    /// then those the second thread emitted (when the rules were emitted on two threads),
    /// each half kept in the array it was made in instead of copied into one.
    struct NodeInfos: RandomAccessCollection, Sendable {
        let head: [NodeInfo]
        let tail: [NodeInfo]

        init(head: [NodeInfo], tail: [NodeInfo] = []) {
            self.head = head
            self.tail = tail
        }

        var startIndex: Int { 0 }
        var endIndex: Int { head.count + tail.count }

        subscript(node: Int) -> NodeInfo {
            node < head.count ? head[node] : tail[node - head.count]
        }

        /// A node's `text`, read where it is stored: the subscript copies the whole record
        /// (three retains), which explanations, reading one field per leaf, do not need.
        func text(of node: Int) -> String {
            node < head.count ? head[node].text : tail[node - head.count].text
        }

        /// Each node's `fact`, read from both halves in place.
        var facts: [Fact?] {
            var facts: [Fact?] = []
            facts.reserveCapacity(count)
            for half in [head, tail] { facts += half.lazy.map(\.fact) }
            return facts
        }
    }

    struct CompiledRule: Sendable {
        var index: Int
        /// First node of the `when` subtree; the subtree is `whenStart...when`.
        var whenStart: Int32
        var when: Int32
        /// First node of each `unless` subtree, beside its root in `unless`.
        var unlessStarts: [Int32]
        var unless: [Int32]
        var option: Int32
        var isAvoid: Bool
        /// Position in the deterministic order (strength, then priority, then id), so sorting
        /// fired rules compares integers instead of rule records.
        var rank: Int = 0
        /// Rank of the rule id among all rule ids, so gaps sort rule ids as integers.
        var idRank: Int32 = 0
    }

    /// What deciding reads of a rule, with no array inside: reading a `CompiledRule` retains
    /// its two arrays, which for every rule of every decision cost more than the test itself.
    struct RuleHead: Sendable {
        var whenStart: Int32
        var when: Int32
        /// The rule's `unless` roots and starts are `unlessRoots[unlessLower..<unlessUpper]`.
        var unlessLower: Int32
        var unlessUpper: Int32
        var option: Int32
        var idRank: Int32
        var rank: Int32
        /// The rule's index in `ruleSet.rules`.
        var index: Int32
        var isAvoid: Bool
    }

    let ruleSet: RuleSet
    let ops: [Op]
    /// `ops` as deciding reads them (see `TestNode`).
    let testNodes: [TestNode]
    let info: NodeInfos
    /// Each node's `info.fact`, apart: reading it through `info` retained the node's strings.
    let nodeFacts: [Fact?]
    let children: [Int32]
    let rules: [CompiledRule]
    /// `rules` without arrays, by position, and every rule's `unless` roots and their
    /// subtree starts, flat (see `RuleHead`).
    let ruleHeads: [RuleHead]
    let unlessRoots: [Int32]
    let unlessStarts: [Int32]
    /// Root of each option's `contraindicated_if`, or -1.
    let contraindications: [Int32]
    /// Conditions each rule's `when` needs directly (itself, or a child of its top `all`):
    /// rule i's are `guardSlots[guardOffsets[i]..<guardOffsets[i + 1]]`. When one is known to
    /// be false the `when` is false (Kleene `and`), so the rule is skipped without evaluating
    /// its tree; an unknown condition never skips. Flat, so the hot loop touches no array
    /// per rule.
    let guardOffsets: [Int32]
    let guardSlots: [Int32]
    /// The rules whose first guard is each condition: condition c's positions are
    /// `guardedRules[guardedOffsets[c]..<guardedOffsets[c + 1]]`, ascending. Deciding visits
    /// only the rules of conditions not known false, with the rules that have no guard
    /// (`unguardedRules`, one bit per position), instead of testing every rule's guard.
    let guardedOffsets: [Int32]
    let guardedRules: [Int32]
    let unguardedRules: [UInt64]
    /// First node of each option's `contraindicated_if` subtree.
    let contraindicationStarts: [Int32]
    /// Rank of each option id among all option ids (string order), by slot.
    let optionIDRank: [Int32]
    /// Every fact's id rank among the distinct fact ids (string order): facts with the same id
    /// share a rank, as they share a gap. Conditions, markers, scales, derived by slot.
    let conditionFactRank: [Int32], markerFactRank: [Int32], scaleFactRank: [Int32], derivedFactRank: [Int32]
    let ageFactRank: Int32, sexFactRank: Int32, factRankCount: Int
    /// The disclaimer every evaluation carries, made once.
    let disclaimer: String
    /// Each rule's strength and priority by position in `rules`: read while ranking options,
    /// without copying the rule to read one field.
    let ruleStrengths: [Rule.Strength]
    let rulePriorities: [Int]
    /// Constant JSON, serialised on first use.
    let jsonFragments = JSONFragmentsCache()
    let conditionSlots: [String: Int32]
    let markerSlots: [String: Int32]
    let scaleSlots: [String: Int32]
    let optionSlots: [String: Int32]
    let derivedSlots: [String: Int32]
    /// The same ids, each with its slot in every namespace, for binding: one probe per id.
    let vocabulary: VocabularyTable
    /// The ranges binding checks each marker, scale and derived-fact value against, by slot.
    let bindingChecks: BindingChecks
    /// Each derived fact's formula, by slot, and the slots in an order where every formula's
    /// inputs come before it.
    let formulas: [CompiledFormula]
    /// The same formulas as flat code, for binding, and the deepest any of them stacks.
    let formulaCode: [FormulaCode]
    let formulaDepth: Int
    let derivedOrder: [Int32]
    /// Each derived fact's distinct input ids in formula order, and whether it reads `sex`:
    /// computed once here, since every evaluation reports them.
    let derivedInputs: [[String]]
    /// The fact each of those ids names (the id is looked up as `age`, then a marker, a scale,
    /// a derived fact), resolved once.
    let derivedInputFacts: [[Fact?]]
    let derivedReadsSex: [Bool]

    /// `idRanks`, when given, are the ranks of the compiled rules' ids (`Program.ranks`).
    init(idRanks ranked: [Int32]? = nil, ruleSet: RuleSet, ops: [Op], info: NodeInfos, children: [Int32], rules: [CompiledRule],
         contraindications: [Int32], contraindicationStarts: [Int32], conditionSlots: [String: Int32], markerSlots: [String: Int32],
         scaleSlots: [String: Int32], optionSlots: [String: Int32], derivedSlots: [String: Int32],
         vocabulary: VocabularyTable, formulas: [CompiledFormula], derivedOrder: [Int32]) {
        self.ruleSet = ruleSet
        // Sort keys are extracted once: comparing through the rule records copied a whole Rule
        // per comparison, which dominated loading 100,000 rules.
        // One pass over the rules' boxes, which are scattered over the heap, not four.
        var idList: [String] = [], strengths: [Int] = [], priorities: [Int] = [], ruleStrengths: [Rule.Strength] = []
        if ranked == nil { idList.reserveCapacity(rules.count) }
        strengths.reserveCapacity(rules.count)
        priorities.reserveCapacity(rules.count)
        ruleStrengths.reserveCapacity(rules.count)
        for compiled in rules {
            let rule = ruleSet.rules[compiled.index]
            let strength = rule.strength
            if ranked == nil { idList.append(rule.id) }
            strengths.append(strength == .strong ? 0 : 1)
            priorities.append(rule.priority)
            ruleStrengths.append(strength)
        }
        self.ruleStrengths = ruleStrengths
        self.rulePriorities = priorities
        let ids = idList
        let conditionDefaults: [Truth] = ruleSet.conditions.map { $0.assume == .unknown ? .unknown : .false }
        let unboundProfile = BoundProfile(emptyFor: ruleSet, conditionDefaults: conditionDefaults)
        let layout = unboundProfile.withSlots { TestNode.Layout(scaleBase: $0.scaleBase, derivedBase: $0.derivedBase, treatmentBase: $0.treatmentBase) }
        // Ids are compared as strings once, for their ranks. The deterministic order then
        // breaks ties on the id's rank, an integer, which orders exactly as the id does (ids
        // are distinct); the compiler ranks a large rule set's ids while it emits the rules.
        // On a large rule set the two per-node tables made from the ops and their records
        // alone are made on a second thread while this one builds everything else: the other
        // core is idle here.
        let made: () -> (idRanks: [Int32], testNodes: [TestNode], nodeFacts: [Fact?])
        let madeHere = { @Sendable in (ranked ?? Program.ranks(ids), ops.map { TestNode($0, layout) }, info.facts) }
        if rules.count >= Compiler.parallelRules {
            made = SecondThread.start(madeHere)
        } else {
            let result = madeHere()
            made = { result }
        }
        self.ops = ops
        self.info = info
        self.children = children
        self.contraindications = contraindications
        self.contraindicationStarts = contraindicationStarts
        self.conditionSlots = conditionSlots
        self.markerSlots = markerSlots
        self.scaleSlots = scaleSlots
        self.optionSlots = optionSlots
        self.derivedSlots = derivedSlots
        self.vocabulary = vocabulary
        self.bindingChecks = BindingChecks(ruleSet)
        self.formulas = formulas
        self.formulaCode = formulas.map(FormulaCode.init)
        self.formulaDepth = formulaCode.map(\.depth).max() ?? 0
        self.derivedOrder = derivedOrder
        var guardOffsets: [Int32] = [0], guardSlots: [Int32] = []
        guardOffsets.reserveCapacity(rules.count + 1)
        for rule in rules {
            Program.appendGuards(of: Int(rule.when), ops: ops, children: children, to: &guardSlots)
            guardOffsets.append(Int32(guardSlots.count))
        }
        self.guardOffsets = guardOffsets
        self.guardSlots = guardSlots
        // Each rule's first guard slot, or -1.
        let firstGuards = (0..<rules.count).map { guardOffsets[$0] < guardOffsets[$0 + 1] ? guardSlots[Int(guardOffsets[$0])] : -1 }
        (self.guardedOffsets, self.guardedRules, self.unguardedRules) =
            Program.guardIndex(firstGuards, conditions: ruleSet.conditions.count)
        self.optionIDRank = Program.ranks(ruleSet.options.map(\.id))
        var factIDs = ruleSet.conditions.map(\.id) + ruleSet.markers.map(\.id) + ruleSet.scales.map(\.id)
        factIDs += ruleSet.derived.map(\.id) + ["age", "sex"]
        let distinct = Array(Set(factIDs)).sorted()
        let rankOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
        func factRanks(_ ids: [String]) -> [Int32] { ids.map { rankOf[$0] ?? 0 } }
        self.conditionFactRank = factRanks(ruleSet.conditions.map(\.id))
        self.markerFactRank = factRanks(ruleSet.markers.map(\.id))
        self.scaleFactRank = factRanks(ruleSet.scales.map(\.id))
        self.derivedFactRank = factRanks(ruleSet.derived.map(\.id))
        self.ageFactRank = rankOf["age"] ?? 0
        self.sexFactRank = rankOf["sex"] ?? 0
        self.factRankCount = distinct.count
        if let own = ruleSet.disclaimer, own != RuleSet.defaultDisclaimer {
            self.disclaimer = own.hasPrefix(RuleSet.defaultDisclaimer) ? own : RuleSet.defaultDisclaimer + " " + own
        } else {
            self.disclaimer = RuleSet.defaultDisclaimer
        }
        self.derivedInputs = ruleSet.derived.map { fact in
            fact.formula.references.map(\.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        }
        self.derivedReadsSex = ruleSet.derived.map(\.formula.readsSex)
        self.derivedInputFacts = derivedInputs.map { ids in
            ids.map { id -> Fact? in
                if id == "age" { return .age }
                if let s = markerSlots[id] { return .marker(s) }
                if let s = scaleSlots[id] { return .scale(s) }
                if let s = derivedSlots[id] { return .derived(s) }
                return nil
            }
        }
        self.conditionDefaults = conditionDefaults
        self.unboundProfile = unboundProfile
        self.unboundLayout = unboundProfile.layout
        self.unboundSlots = unboundProfile.numbers
        self.unknownTruths = [Truth](repeating: .unknown, count: ops.count)
        // Last, so the second thread's work overlaps all of the above.
        let (idRanks, testNodes, nodeFacts) = made()
        self.testNodes = testNodes
        self.nodeFacts = nodeFacts
        let order = Program.rankOrder(strengths: strengths, priorities: priorities, idRanks: idRanks)
        var ranked = rules
        for (rank, position) in order.enumerated() { ranked[position].rank = rank }
        var heads: [RuleHead] = [], unlessRoots: [Int32] = [], unlessStarts: [Int32] = []
        heads.reserveCapacity(ranked.count)
        // Fields are read and written where the rules are stored: a copy of each rule retained
        // and released its two arrays.
        for position in ranked.indices {
            ranked[position].idRank = idRanks[position]
            let lower = Int32(unlessRoots.count)
            if !ranked[position].unless.isEmpty {
                unlessRoots += ranked[position].unless
                unlessStarts += ranked[position].unlessStarts
            }
            heads.append(RuleHead(whenStart: ranked[position].whenStart, when: ranked[position].when, unlessLower: lower,
                                  unlessUpper: Int32(unlessRoots.count), option: ranked[position].option,
                                  idRank: ranked[position].idRank, rank: Int32(ranked[position].rank),
                                  index: Int32(ranked[position].index), isAvoid: ranked[position].isAvoid))
        }
        self.rules = ranked
        self.ruleHeads = heads
        self.unlessRoots = unlessRoots
        self.unlessStarts = unlessStarts
    }

    /// A truth per node, all unknown: where deciding starts. Copying it and writing the copy
    /// is one specialised copy of the bytes; making the array afresh went through the
    /// runtime's generic allocation, or filled it a byte at a time.
    let unknownTruths: [Truth]

    /// What each condition is when a profile neither lists nor rules it out.
    let conditionDefaults: [Truth]
    /// A profile that gives nothing, laid out for this program.
    let unboundProfile: BoundProfile
    /// Its layout and slots apart: where binding starts. Reading the whole profile out of the
    /// program copied it through the runtime's generic copy.
    let unboundLayout: BoundProfile.Layout
    let unboundSlots: [Double]

    /// Rule positions in the deterministic order: strength (0 strong, 1 conditional), then
    /// higher priority, then id rank. The three keys of a rule are packed into one integer that
    /// orders as their tuple does, so the sort compares integers instead of tuples read through
    /// three arrays per comparison; `idRanks` is a permutation of the positions (distinct ids).
    static func rankOrder(strengths: [Int], priorities: [Int], idRanks: [Int32]) -> [Int] {
        let count = idRanks.count
        let packable = strengths.count == count && priorities.count == count
            && strengths.allSatisfy { $0 == 0 || $0 == 1 }
            && priorities.allSatisfy { $0 > Int(Int32.min) && $0 <= Int(Int32.max) }
            && idRanks.allSatisfy { $0 >= 0 && Int($0) < count }
        guard packable else {
            return strengths.indices.sorted {
                (strengths[$0], -priorities[$0], idRanks[$0]) < (strengths[$1], -priorities[$1], idRanks[$1])
            }
        }
        // Bit 63 the strength, bits 31-62 the negated priority (sign bit flipped, so unsigned
        // order is signed order), bits 0-30 the id rank.
        var keys: [UInt64] = []
        keys.reserveCapacity(count)
        var positionOfRank = [Int](repeating: 0, count: count)
        for position in 0..<count {
            let priority = UInt64(UInt32(bitPattern: Int32(-priorities[position])) ^ 0x8000_0000)
            keys.append(UInt64(strengths[position]) << 63 | priority << 31 | UInt64(idRanks[position]))
            positionOfRank[Int(idRanks[position])] = position
        }
        keys.sort()
        return keys.map { positionOfRank[Int($0 & 0x7FFF_FFFF)] }
    }

    /// Rank of each string among them in string order (ids are distinct).
    static func ranks(_ ids: [String]) -> [Int32] {
        var rank = [Int32](repeating: 0, count: ids.count)
        for (r, i) in IDOrder.sorted(ids).enumerated() { rank[i] = Int32(r) }
        return rank
    }

    /// Rule positions grouped by first guard condition (ascending within each), and a bit
    /// per position for the rules without one.
    private static func guardIndex(_ firstGuards: [Int32], conditions: Int) -> (offsets: [Int32], rules: [Int32], unguarded: [UInt64]) {
        var counts = [Int32](repeating: 0, count: conditions + 1)
        var unguarded = [UInt64](repeating: 0, count: (firstGuards.count + 63) / 64)
        for (position, first) in firstGuards.enumerated() {
            if first >= 0 { counts[Int(first) + 1] += 1 } else { unguarded[position >> 6] |= 1 << UInt64(position & 63) }
        }
        for c in 0..<conditions { counts[c + 1] += counts[c] }
        var next = counts
        var rules = [Int32](repeating: 0, count: Int(counts[conditions]))
        for (position, first) in firstGuards.enumerated() where first >= 0 {
            rules[Int(next[Int(first)])] = Int32(position)
            next[Int(first)] += 1
        }
        return (counts, rules, unguarded)
    }

    /// Appends the condition slots a `when` rooted at `node` cannot be true without (into the
    /// one array of all rules' guards: an array per rule was an allocation per rule).
    private static func appendGuards(of node: Int, ops: [Op], children: [Int32], to slots: inout [Int32]) {
        switch ops[node] {
        case .condition(let slot): slots.append(slot)
        case .all(let start, let count):
            for child in children[Int(start)..<Int(start + count)] {
                if case .condition(let slot) = ops[Int(child)] { slots.append(slot) }
            }
        default: break
        }
    }

    func factRank(_ fact: Fact) -> Int32 {
        switch fact {
        case .condition(let s): return conditionFactRank[Int(s)]
        case .marker(let s): return markerFactRank[Int(s)]
        case .scale(let s): return scaleFactRank[Int(s)]
        case .derived(let s): return derivedFactRank[Int(s)]
        case .age: return ageFactRank
        case .sex: return sexFactRank
        }
    }

    func name(of fact: Fact) -> String {
        switch fact {
        case .condition(let s): return ruleSet.conditions[Int(s)].name
        case .marker(let s): return ruleSet.markers[Int(s)].name
        case .scale(let s): return ruleSet.scales[Int(s)].name
        case .derived(let s): return ruleSet.derived[Int(s)].name
        case .age: return "Age"
        case .sex: return "Sex"
        }
    }

    func id(of fact: Fact) -> String {
        Program.id(of: fact, in: ruleSet)
    }

    /// The id a fact goes by in rules and output; also used while compiling, before a
    /// program exists.
    static func id(of fact: Fact, in ruleSet: RuleSet) -> String {
        switch fact {
        case .condition(let s): return ruleSet.conditions[Int(s)].id
        case .marker(let s): return ruleSet.markers[Int(s)].id
        case .scale(let s): return ruleSet.scales[Int(s)].id
        case .derived(let s): return ruleSet.derived[Int(s)].id
        case .age: return "age"
        case .sex: return "sex"
        }
    }

    /// Children of a composite node.
    func childIndices(of node: Int) -> ArraySlice<Int32> {
        switch ops[node] {
        case .all(let start, let count), .any(let start, let count):
            return children[Int(start)..<Int(start + count)]
        case .not(let child):
            return [child][...]
        default:
            return []
        }
    }

    /// Frees the rules of a large program on two threads (see `ProgramTeardown`). Declared
    /// last: stored properties are destroyed in declaration order after `deinit`, so this goes
    /// after `ruleSet` and `info` let go of the rules and node records it took.
    let teardown = ProgramTeardown()

    deinit {
        teardown.take(ruleSet.rules, infoTail: info.tail)
    }
}
