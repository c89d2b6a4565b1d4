/// `regimen validate` as a library call: every finding about a rule set, errors and warnings,
/// each located and carrying the id of the check that found it.
public struct ValidationReport: Sendable {
    /// Every finding about the rules, errors and warnings, in location order, each with its check id as
    /// ``Diagnostic/code``.
    public var findings: [Diagnostic]
    /// The files that were read (display names).
    public var files: [String]
    /// Problems that are not about the rules' content: a path that does not exist, say.
    public var unreadable: [Diagnostic]

    /// Number of findings that are errors.
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    /// Number of findings that are warnings.
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }

    /// Clean means no errors, and under `strict` no warnings either.
    public func isClean(strict: Bool) -> Bool {
        errorCount == 0 && (!strict || warningCount == 0)
    }
}

/// Checks rule sets without building an engine: the library side of `regimen validate`.
public enum Validator {
    /// Loads, compiles and lints the rules from `sources`; never throws. When a source cannot be read, only
    /// ``ValidationReport/unreadable`` is filled; lint warnings come only from rules that compile without
    /// errors.
    public static func validate(_ sources: [RuleSource], limits: LoadLimits = .default) -> ValidationReport {
        var files: [SourceFile] = []
        var unreadable: [Diagnostic] = []
        for source in sources {
            switch SourceReader.files(for: source, limits: limits) {
            case .success(let found): files += found
            case .failure(let error): unreadable += error.diagnostics
            }
        }
        guard unreadable.isEmpty else { return ValidationReport(findings: [], files: [], unreadable: unreadable) }
        let build = Engine.build(files, limits: limits)
        var findings = build.diagnostics
        if let program = build.program {
            findings = build.text.annotate(Lint.run(program).sortedByLocation())
        }
        return ValidationReport(findings: findings, files: files.map(\.displayName), unreadable: [])
    }
}
