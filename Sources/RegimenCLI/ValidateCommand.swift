import ArgumentParser
import Foundation
@_spi(CLI) import Regimen

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check rule files for mistakes before they reach a patient.",
        discussion: """
            Runs every check on the rule set: YAML syntax and limits, the schema (with "did you \
            mean" for misspelt keys and ids), undefined references, duplicate ids and keys, \
            units, thresholds and bands against ranges, unsatisfiable or tautological \
            conditions, rules that are always withheld, redundant or in conflict, and policy \
            (every rule explained and cited, every immunomodulatory option with its \
            contraindications, every option and evidence entry used).

            With no path, validates Rules/ in the current directory, or else the embedded rule \
            set. Several paths merge into one rule set.

            List the checks with --list-checks. A reviewed warning can be accepted on its rule \
            with `allow: [conflict]`.

            Exit codes: 0 clean (warnings allowed unless --strict); 1 findings; 2 usage errors \
            or a path that cannot be read.

            In CI:
              regimen validate Rules --strict --format github     # annotations on the diff
              regimen validate Rules --format sarif > regimen.sarif   # GitHub code scanning
            """
    )

    @Argument(help: ArgumentHelp("Rule files or directories (default: ./Rules, else the embedded rule set).", valueName: "path"))
    var paths: [String] = []

    @Option(help: "Output: text, json (a stable array of findings), sarif (SARIF 2.1.0), github (workflow annotations).")
    var format: ReportRenderer.FindingsFormat = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Flag(help: "List every check with its id, severity and purpose, then exit.")
    var listChecks = false

    @Option(help: "Colour text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func run() throws {
        if listChecks {
            for check in Checks.all {
                print("\(check.id) (\(check.severity.rawValue)): \(check.summary)\n    fix: \(check.help)")
            }
            return
        }
        let sources = DefaultRules.sources(for: paths)
        let report = Validator.validate(sources, limits: limitOptions.limits)
        if !report.unreadable.isEmpty {
            Terminal.report(DiagnosticsError(report.unreadable))
            throw ExitCode(2)
        }
        let output = ReportRenderer.findings(report, as: format, color: format == .text && Terminal.colorEnabled(color))
        print(output, terminator: "")
        if !report.isClean(strict: strict) { throw ExitCode(1) }
    }
}

/// `validate` and `test` default to the rule set a rule author is working on: Rules/ in the
/// current directory when there is one, else the set embedded in the binary.
enum DefaultRules {
    static func sources(for paths: [String]) -> [RuleSource] {
        if !paths.isEmpty { return paths.map(RuleSource.path) }
        if FileInput.status(of: "Rules")?.isDirectory == true {
            return [.path("Rules")]
        }
        return [.embedded]
    }
}

extension ReportRenderer.FindingsFormat: ExpressibleByArgument {}
