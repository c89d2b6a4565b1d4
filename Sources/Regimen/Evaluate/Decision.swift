/// What one evaluation decided, as positions in the program and no strings: which rules
/// fired, which options they recommend, advise against or are withheld from, and which facts
/// left rules undecided. This is all an explanation needs; the words (ids, names, values,
/// reasons) are made from it only when a caller reads them or a renderer writes them.
///
/// Two allocations whatever it holds: the truths, and one buffer of numbers for every list.
/// One array per list (and per group and gap) made deciding and dropping a decision mostly
/// malloc, free and reference counting.
struct Decision: Sendable {
    /// The truth of every node of every rule that was not skipped, of every `unless` of a rule
    /// whose `when` was not false, and of the contraindication of every option a rule
    /// recommends. Other nodes were never evaluated and hold `unknown`: nothing reads them.
    let truth: [Truth]
    /// The fired rules, then six numbers per option group (recommended, avoided, withheld, each
    /// in output order) and per gap, then the runs of rules and options they point to: a
    /// group is its option, its contraindication, then where its rules and overrides start and
    /// how many there are; a gap is its fact's kind and slot, then the same for its rules and
    /// options.
    private let runs: [Int32]
    private let firedCount: Int32
    private let recommendedCount: Int32, avoidedCount: Int32, withheldCount: Int32, gapCount: Int32

    /// Numbers per group and per gap in `runs`.
    static let headerSize = 6

    init(truth: [Truth], runs: [Int32], fired: Int, recommended: Int, avoided: Int, withheld: Int, gaps: Int) {
        self.truth = truth
        self.runs = runs
        self.firedCount = Int32(fired)
        self.recommendedCount = Int32(recommended)
        self.avoidedCount = Int32(avoided)
        self.withheldCount = Int32(withheld)
        self.gapCount = Int32(gaps)
    }

    /// Positions in `Program.rules` of the rules that fired, in rule-set order.
    var fired: SlotView<Int32> { SlotView(runs, from: 0, count: Int(firedCount)) }
    /// In output order: strongest first (strength, priority, option id).
    var recommended: Groups { Groups(runs, from: Int(firedCount), count: Int(recommendedCount)) }
    /// In output order, like `recommended` by their strongest reason.
    var avoided: Groups {
        Groups(runs, from: Int(firedCount) + Self.headerSize * Int(recommendedCount), count: Int(avoidedCount))
    }
    /// By option id.
    var withheld: Groups {
        Groups(runs, from: Int(firedCount) + Self.headerSize * Int(recommendedCount + avoidedCount), count: Int(withheldCount))
    }
    /// By fact id.
    var gaps: Gaps {
        Gaps(runs, from: Int(firedCount) + Self.headerSize * Int(recommendedCount + avoidedCount + withheldCount),
             count: Int(gapCount))
    }

    /// One option and the firing rules about it.
    struct OptionGroup: Sendable {
        var option: Int32
        /// Rules that recommend it (or, when avoided, advise against it), in rank order.
        var rules: SlotView<Int32>
        /// When avoided: the rules that would have recommended it, in rule-set order.
        var overrides: SlotView<Int32>
        /// The option's contraindication for this profile (false when it has none).
        var contraindication: Truth
    }

    /// A fact whose absence left rules undecided.
    struct GapRecord: Sendable {
        /// The first fact met with this id (ids are what gaps are keyed by).
        var fact: Program.Fact
        /// Positions of the undecided rules, by rule id.
        var rules: SlotView<Int32>
        /// Option slots of those rules, distinct, by option id.
        var options: SlotView<Int32>
    }

    /// A record `Decision` keeps as `headerSize` numbers in `runs`.
    protocol RunsRecord: Sendable {
        /// The record whose header starts at `runs[header]`.
        init(runs: [Int32], header: Int)
    }

    /// Records read off `runs`, indexed from 0: the option groups of a list, or the gaps.
    struct Records<Record: RunsRecord>: RandomAccessCollection, Sendable {
        private let runs: [Int32]
        private let base: Int
        let count: Int

        init(_ runs: [Int32], from base: Int, count: Int) {
            self.runs = runs
            self.base = base
            self.count = count
        }

        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(i: Int) -> Record { Record(runs: runs, header: base + Decision.headerSize * i) }
    }
    typealias Groups = Records<OptionGroup>
    typealias Gaps = Records<GapRecord>
}

extension Decision.OptionGroup: Decision.RunsRecord {
    init(runs: [Int32], header h: Int) {
        self.init(option: runs[h], rules: SlotView(runs, from: Int(runs[h + 2]), count: Int(runs[h + 3])),
                  overrides: SlotView(runs, from: Int(runs[h + 4]), count: Int(runs[h + 5])),
                  contraindication: Truth(rawValue: UInt8(truncatingIfNeeded: runs[h + 1])) ?? .unknown)
    }
}

extension Decision.GapRecord: Decision.RunsRecord {
    init(runs: [Int32], header h: Int) {
        self.init(fact: Program.Fact(kind: runs[h], slot: runs[h + 1]),
                  rules: SlotView(runs, from: Int(runs[h + 2]), count: Int(runs[h + 3])),
                  options: SlotView(runs, from: Int(runs[h + 4]), count: Int(runs[h + 5])))
    }
}

extension Program.Fact {
    /// The fact as two numbers, for `Decision`'s buffer: a kind and a slot.
    var kind: Int32 {
        switch self {
        case .condition: return 0
        case .marker: return 1
        case .scale: return 2
        case .derived: return 3
        case .age: return 4
        case .sex: return 5
        }
    }

    var slot: Int32 {
        switch self {
        case .condition(let s), .marker(let s), .scale(let s), .derived(let s): return s
        case .age, .sex: return 0
        }
    }

    init(kind: Int32, slot: Int32) {
        switch kind {
        case 0: self = .condition(slot)
        case 1: self = .marker(slot)
        case 2: self = .scale(slot)
        case 3: self = .derived(slot)
        case 4: self = .age
        default: self = .sex
        }
    }
}
