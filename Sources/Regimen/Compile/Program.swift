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

    struct CompiledRule: Sendable {
        var index: Int
        var when: Int32
        var unless: [Int32]
        var option: Int32
        var isAvoid: Bool
        /// Position in the deterministic order (strength, then priority, then id), so sorting
        /// fired rules compares integers instead of rule records.
        var rank: Int = 0
    }

    let ruleSet: RuleSet
    let ops: [Op]
    let info: [NodeInfo]
    let children: [Int32]
    let rules: [CompiledRule]
    /// Root of each option's `contraindicated_if`, or -1.
    let contraindications: [Int32]
    let conditionSlots: [String: Int32]
    let markerSlots: [String: Int32]
    let scaleSlots: [String: Int32]
    let optionSlots: [String: Int32]
    let derivedSlots: [String: Int32]
    /// Each derived fact's formula, by slot, and the slots in an order where every formula's
    /// inputs come before it.
    let formulas: [CompiledFormula]
    let derivedOrder: [Int32]
    /// Each derived fact's distinct input ids in formula order, and whether it reads `sex`:
    /// computed once here, since every evaluation reports them.
    let derivedInputs: [[String]]
    let derivedReadsSex: [Bool]

    init(ruleSet: RuleSet, ops: [Op], info: [NodeInfo], children: [Int32], rules: [CompiledRule],
         contraindications: [Int32], conditionSlots: [String: Int32], markerSlots: [String: Int32],
         scaleSlots: [String: Int32], optionSlots: [String: Int32], derivedSlots: [String: Int32],
         formulas: [CompiledFormula], derivedOrder: [Int32]) {
        self.ruleSet = ruleSet
        self.ops = ops
        self.info = info
        self.children = children
        self.contraindications = contraindications
        self.conditionSlots = conditionSlots
        self.markerSlots = markerSlots
        self.scaleSlots = scaleSlots
        self.optionSlots = optionSlots
        self.derivedSlots = derivedSlots
        self.formulas = formulas
        self.derivedOrder = derivedOrder
        // Sort keys are extracted once: comparing through the rule records copied a whole Rule
        // per comparison, which dominated loading 100,000 rules.
        let keys = rules.map { rule in
            let r = ruleSet.rules[rule.index]
            return (strength: r.strength, priority: -r.priority, id: r.id)
        }
        let order = rules.indices.sorted { (keys[$0].strength, keys[$0].priority, keys[$0].id) < (keys[$1].strength, keys[$1].priority, keys[$1].id) }
        var ranked = rules
        for (rank, position) in order.enumerated() { ranked[position].rank = rank }
        self.rules = ranked
        self.derivedInputs = ruleSet.derived.map { fact in
            fact.formula.references.map(\.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        }
        self.derivedReadsSex = ruleSet.derived.map(\.formula.readsSex)
        self.conditionDefaults = ruleSet.conditions.map { $0.assume == .unknown ? .unknown : .false }
    }

    /// What each condition is when a profile neither lists nor rules it out.
    let conditionDefaults: [Truth]

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
}
