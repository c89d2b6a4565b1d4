/// Frees a large program's rules on two threads when the program goes, each thread the rules
/// one of the two loading threads decoded. A rule's box, strings and predicate arrays were
/// allocated by the thread that decoded its file, from that thread's glibc arena, and `free`
/// returns a block to the arena it came from: two threads freeing the rules in two halves met
/// in both arenas and each took longer than one thread freeing them all, while split by the
/// thread that allocated them they do not meet. Dropping a 10,000-rule engine took 10-19 ms
/// on one thread (6-11 ms split), the longest serial step of loading a rule set anew.
///
/// The program's `deinit` hands its rules over (`take`) while it still holds them; its stored
/// properties are destroyed after that, in the order they are declared, this one last, so
/// by then these are the rules' last references, and `deinit` here frees them. When
/// something else still holds the rules (a caller's copy of the rule set), only reference
/// counts change, wherever it happens.
final class ProgramTeardown: @unchecked Sendable {
    /// Which loading thread decoded each run of rules: a run ends before `end` and starts
    /// where the one before it ended. Written once, by the loader, before the program is
    /// shared.
    struct Run: Sendable {
        var end: Int
        var thread: Int
    }

    /// From this many rules on, freeing them on a second thread saves more than starting it
    /// costs (a thread takes about 50 µs to start; 1,000 rules about 1 ms to free).
    static let minimumRules = 2_048

    private(set) var runs: [Run] = []
    /// The calling thread's share, then the other thread's (see `Share`).
    private var mine: [Rule] = []
    private let other = Share()

    /// What the second thread frees: the rules the second loading thread decoded, and the
    /// node records the second compiling thread made (`Program.NodeInfos.tail`). Touched by
    /// one thread at a time: the program's, then the second one's, which the first waits for.
    private final class Share: @unchecked Sendable {
        var rules: [Rule] = []
        var info: [Program.NodeInfo] = []

        func drop() {
            rules = []
            info = []
        }
    }

    /// How many rules each thread will free: what `take` took.
    var shares: (mine: Int, other: Int) { (mine.count, other.rules.count) }

    /// Records which loading thread decoded which rules, in rule-set order.
    func record(_ runs: [Run]) {
        self.runs = runs
    }

    /// Takes references to `rules`, split by the thread that decoded them, and to `infoTail`;
    /// nothing when the rule set is small, one thread decoded it all, or the runs do not
    /// describe these rules.
    func take(_ rules: [Rule], infoTail: [Program.NodeInfo]) {
        // Ends that never fall and finish at the count keep every slice in range; a run ending
        // at or before the one before it (an empty file, or a negative first end) is skipped.
        guard rules.count >= Self.minimumRules, runs.last?.end == rules.count,
              zip(runs, runs.dropFirst()).allSatisfy({ $0.end <= $1.end }),
              runs.contains(where: { $0.thread == 0 }), runs.contains(where: { $0.thread != 0 }) else { return }
        var start = 0
        for run in runs where run.end > start {
            if run.thread == 0 { mine += rules[start..<run.end] } else { other.rules += rules[start..<run.end] }
            start = run.end
        }
        other.info = infoTail
    }

    deinit {
        guard !other.rules.isEmpty else { return }
        let other = self.other
        // Without a thread, this one frees both shares, as it would have without this.
        let join = SecondThread.startIfPossible { other.drop() }
        mine = []
        if let join { join() } else { other.drop() }
    }
}
