import Testing
@testable import Regimen

/// A large program's rules are freed on two threads, each thread those one loading thread
/// decoded (`ProgramTeardown`): the split must follow the loader's record, take nothing when
/// it cannot, and leave a caller's copy of the rules whole.
@Suite struct ProgramTeardownTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rules: Int
        /// (end, thread) per run, in rule-set order.
        var runs: [(Int, Int)]
        var mine: Int, other: Int
        var testDescription: String { "\(rules) rules, runs \(runs)" }
    }

    static let cases = [
        Case(rules: 5_000, runs: [(3_000, 0), (5_000, 1)], mine: 3_000, other: 2_000),
        Case(rules: 4_000, runs: [(1_000, 0), (2_000, 1), (3_000, 0), (4_000, 1)], mine: 2_000, other: 2_000),
        // A file that held no rule makes a run of none.
        Case(rules: 4_000, runs: [(500, 1), (1_500, 1), (1_500, 0), (4_000, 0)], mine: 2_500, other: 1_500),
        // One thread decoded everything: nothing to split.
        Case(rules: 4_000, runs: [(2_000, 0), (4_000, 0)], mine: 0, other: 0),
        // Runs that do not describe these rules (a rule set changed after loading).
        Case(rules: 4_000, runs: [(2_000, 0), (3_999, 1)], mine: 0, other: 0),
        Case(rules: 4_000, runs: [(5_000, 0), (4_000, 1)], mine: 0, other: 0),
        Case(rules: 4_000, runs: [], mine: 0, other: 0),
        // Too few rules for a second thread to pay.
        Case(rules: 2_047, runs: [(1_000, 0), (2_047, 1)], mine: 0, other: 0),
        Case(rules: 2_048, runs: [(1_000, 0), (2_048, 1)], mine: 1_000, other: 1_048),
    ]

    @Test(arguments: cases)
    func rulesAreSplitByTheThreadThatDecodedThem(_ c: Case) throws {
        let rule = try #require(ParallelLoadTests.ruleSet(ParallelLoadTests.files(1, broken: .max)).rules.first)
        let teardown = ProgramTeardown()
        teardown.record(c.runs.map { ProgramTeardown.Run(end: $0.0, thread: $0.1) })
        teardown.take(Array(repeating: rule, count: c.rules), infoTail: [])
        #expect(teardown.shares == (c.mine, c.other))
    }

    /// A load records a run per decoded file (the vocabulary file's holds no rule) that
    /// together describe every rule; dropping the engine while a copy of its rule set lives on
    /// leaves that copy whole (under the sanitizers, a rule released once too often would be a
    /// use after free here).
    @Test func aLoadRecordsItsRunsAndADroppedEngineLeavesCopiesWhole() throws {
        let files = ParallelLoadTests.files(1_200, broken: .max)
        var engine: Engine? = try Engine.compile(files, limits: .default)
        let runs = try #require(engine?.program.teardown.runs)
        #expect(runs.map(\.end) == [0, 1_200, 2_400, 3_600])
        #expect(runs.allSatisfy { $0.thread == 0 || $0.thread == 1 })
        let kept = try #require(engine?.ruleSet)
        engine = nil
        #expect(kept.rules.count == 3_600)
        #expect(kept.rules.map(\.id) == (0..<3_600).map { "r.\($0)" })
        #expect(kept.rules.map(\.because) == (0..<3_600).map { "Reason \($0)." })
    }
}
