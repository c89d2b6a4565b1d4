import Foundation

/// `regimen test` as a library call: runs fixture files (a profile plus `expect:`) against an
/// engine, and measures which rules the fixtures fire and which tests ever decide a rule.
public struct FixtureResult: Sendable {
    public enum Status: String, Sendable { case passed, failed, error }
    public var file: String
    public var profile: String?
    public var status: Status
    public var mismatches: [Expectations.Mismatch]
    /// Why the fixture could not run (unreadable, malformed, no `expect:`).
    public var diagnostics: [Diagnostic]
    public var evaluation: Evaluation?
}

public struct Coverage: Sendable {
    public struct RuleCount: Sendable {
        public var rule: String
        public var fixtures: Int
        public var location: SourceLocation
    }
    public struct Leaf: Sendable {
        public var rule: String
        public var test: String
        public var location: SourceLocation?
    }
    /// Every rule with the number of fixtures that fired it, in rule-set order.
    public var rules: [RuleCount]
    /// Tests in `when` that never decided their rule's outcome in any fixture.
    public var leavesNeverDecisive: [Leaf]

    public var neverFired: [RuleCount] { rules.filter { $0.fixtures == 0 } }
    public var percent: Double {
        rules.isEmpty ? 100 : Double(rules.count - neverFired.count) * 100 / Double(rules.count)
    }
}

public struct FixtureRun: Sendable {
    public var results: [FixtureResult]
    public var coverage: Coverage
    public var passed: Int { results.filter { $0.status == .passed }.count }
    public var failed: Int { results.count - passed }
}

public enum FixtureRunner {
    /// Fixture files under `paths` (directories searched for .yaml, .yml and .json), in order.
    public static func fixtureFiles(in paths: [String]) -> Result<[String], DiagnosticsError> {
        var files: [String] = []
        var problems: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(.error("no such file or directory: \(path)", at: nil))
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            var found = SourceReader.yamlFiles(under: path)
            if let enumerator = FileManager.default.enumerator(atPath: path) {
                while let relative = enumerator.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasSuffix(".json"), !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                        found.append((path as NSString).appendingPathComponent(relative))
                    }
                }
            }
            if found.isEmpty { problems.append(.error("no fixture files (.yaml, .yml, .json) in \(path)", at: nil)) }
            files += found.sorted()
        }
        return problems.isEmpty ? .success(files) : .failure(DiagnosticsError(problems))
    }

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
