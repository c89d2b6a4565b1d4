import Foundation

/// `regimen test` as a library call: runs fixture files (a profile plus `expect:`) against an
/// engine, and measures which rules the fixtures fire and which tests ever decide a rule.
public struct FixtureResult: Sendable {
    /// `passed` (every expectation met), `failed` (see ``FixtureResult/mismatches``) or `error` (the fixture
    /// could not run; see ``FixtureResult/diagnostics``).
    public enum Status: String, Sendable { case passed, failed, error }
    /// Path of the fixture file, as given.
    public var file: String
    /// Id of the fixture's profile; nil when it has none or could not be read.
    public var profile: String?
    /// Whether the fixture passed, failed or could not run.
    public var status: Status
    /// The expectations the evaluation did not meet; empty unless the fixture failed.
    public var mismatches: [Expectations.Mismatch]
    /// Why the fixture could not run (unreadable, malformed, no `expect:`).
    public var diagnostics: [Diagnostic]
    /// The fixture's evaluation; nil when it could not run.
    public var evaluation: Evaluation?
}

/// How well a fixture run exercises the rule set: which rules fire and which `when` tests ever matter.
public struct Coverage: Sendable {
    /// A rule and the number of fixtures that fired it.
    public struct RuleCount: Sendable {
        /// Id of the rule.
        public var rule: String
        /// Number of fixtures in which the rule fired (`when` true, no `unless` true), whatever then became
        /// of its option.
        public var fixtures: Int
        /// Where the rule is defined in the rule files.
        public var location: SourceLocation
    }
    /// A test in a rule's `when` that no fixture made decisive.
    public struct Leaf: Sendable {
        /// Id of the rule the test belongs to.
        public var rule: String
        /// The test as written (`crp > 10 mg/L`).
        public var test: String
        /// Where the test is written in the rule files, when known.
        public var location: SourceLocation?
    }
    /// Every rule with the number of fixtures that fired it, in rule-set order.
    public var rules: [RuleCount]
    /// Tests in `when` that never decided their rule's outcome in any fixture.
    public var leavesNeverDecisive: [Leaf]

    /// Rules no fixture fired, in rule-set order.
    public var neverFired: [RuleCount] { rules.filter { $0.fixtures == 0 } }
    /// Share of rules fired by at least one fixture, from 0 to 100 (100 for a rule set without rules).
    public var percent: Double {
        rules.isEmpty ? 100 : Double(rules.count - neverFired.count) * 100 / Double(rules.count)
    }
}

/// The outcome of ``FixtureRunner/run(_:files:)``: one result per fixture file, and the coverage.
public struct FixtureRun: Sendable {
    /// One result per fixture file, in the order the files were given.
    public var results: [FixtureResult]
    /// Which rules the fixtures fire and which tests never decide their rule.
    public var coverage: Coverage
    /// Number of fixtures that passed.
    public var passed: Int { results.filter { $0.status == .passed }.count }
    /// Number of fixtures that failed or could not run.
    public var failed: Int { results.count - passed }
}

/// Runs fixture files against an engine: the library side of `regimen test`.
public enum FixtureRunner {
    /// Fixture files under `paths` (directories searched for .yaml, .yml and .json), in order.
    public static func fixtureFiles(in paths: [String]) -> Result<[String], DiagnosticsError> {
        var files: [String] = []
        var problems: [Diagnostic] = []
        for path in paths {
            guard let status = FileInput.status(of: path) else {
                problems.append(.error("no such file or directory: \(path)", at: nil))
                continue
            }
            if !status.isDirectory {
                files.append(path)
                continue
            }
            let found = DirectoryWalk.files(under: path, extensions: ["yaml", "yml", "json"])
            if found.isEmpty { problems.append(.error("no fixture files (.yaml, .yml, .json) in \(path)", at: nil)) }
            files += found.sorted()
        }
        return problems.isEmpty ? .success(files) : .failure(DiagnosticsError(problems))
    }

    /// Runs each fixture file against `engine`: reads the profile, compares its evaluation with its `expect:`
    /// section and counts the rules that fire. Never throws: a fixture that cannot be read, is invalid or has
    /// no `expect:` becomes a result with status `error`.
    public static func run(_ engine: Engine, files: [String]) -> FixtureRun {
        let program = engine.program
        var fired = [Int](repeating: 0, count: program.ruleSet.rules.count)
        var decisive = Set<Int>()
        var results: [FixtureResult] = []
        for file in files {
            let profile: Profile
            do {
                profile = try engine.profile(contentsOf: file)
            } catch {
                results.append(FixtureResult(file: file, profile: nil, status: .error, mismatches: [], diagnostics: error.diagnostics))
                continue
            }
            guard let expectations = profile.expectations else {
                results.append(FixtureResult(
                    file: file, profile: profile.id, status: .error, mismatches: [],
                    diagnostics: [.error("fixture has no 'expect:' section (recommend, not_recommend, avoid, withheld, requires, gaps)", at: SourceLocation(file: file, line: 1, column: 1))]))
                continue
            }
            let bound: BoundProfile
            switch program.bind(profile) {
            case .success(let b): bound = b
            case .failure(let error):
                results.append(FixtureResult(file: file, profile: profile.id, status: .error, mismatches: [], diagnostics: error.diagnostics))
                continue
            }
            let evaluation = program.evaluate(bound)
            let truths = program.truths(for: bound)
            for rule in program.rules {
                let t = truths[Int(rule.when)]
                if t != .unknown { decisive.formUnion(program.decisiveLeaves(of: Int(rule.when), truths)) }
                if t == .true, !rule.unless.contains(where: { truths[Int($0)] == .true }) { fired[rule.index] += 1 }
            }
            let mismatches = expectations.mismatches(in: evaluation)
            results.append(FixtureResult(file: file, profile: profile.id, status: mismatches.isEmpty ? .passed : .failed,
                                         mismatches: mismatches, diagnostics: [], evaluation: evaluation))
        }
        var leaves: [Coverage.Leaf] = []
        for rule in program.rules {
            for leaf in program.leaves(under: Int(rule.when)) where !decisive.contains(leaf) {
                leaves.append(Coverage.Leaf(rule: program.ruleSet.rules[rule.index].id, test: program.info[leaf].text, location: program.info[leaf].location))
            }
        }
        let counts = program.ruleSet.rules.enumerated().map { Coverage.RuleCount(rule: $1.id, fixtures: fired[$0], location: $1.location) }
        return FixtureRun(results: results, coverage: Coverage(rules: counts, leavesNeverDecisive: leaves))
    }
}
