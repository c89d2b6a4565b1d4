import ArgumentParser
import Foundation
import Regimen

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run fixture profiles against the rule set and check their expectations.",
        discussion: """
            A fixture is a profile with an `expect:` section:

              expect:
                recommend: [tnf_inhibitor]      # exactly these are recommended
                not_recommend: [opioid]         # none of these is recommended
                avoid: []                       # exactly these are advised against
                withheld: []                    # exactly these are withheld by a contraindication
                requires: [latent_tb]           # exactly these checks are required (all recommendations)
                gaps: [il6]                     # exactly these facts are missing information

            Lists are compared as sets; a key that is absent is not checked. Each failure \
            prints the expected and actual ids and the explanation of the actual result; the \
            run ends with `N passed, N failed`.

            With no path, runs Fixtures/ in the current directory. With no --rules, uses Rules/ \
            in the current directory, or else the embedded rule set.

            --coverage reports, for every rule, how many fixtures fired it, the rules none \
            fired, and the tests that never decided their rule's outcome.

            Exit codes: 0 all fixtures pass (and coverage meets --min-coverage); 1 failures; 2 \
            usage errors, or rules that do not load.
            """
    )

    @Argument(help: ArgumentHelp("Fixture files or directories (default: ./Fixtures).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule file or directory; repeat to merge (default: ./Rules, else the embedded set).", valueName: "path"))
    var rulePaths: [String] = []

    @Option(help: "Output: text, json, junit (JUnit XML).")
    var format: ReportRenderer.FixtureFormat = .text

    @Flag(help: "Report how many fixtures fire each rule, rules never fired, and tests never decisive.")
    var coverage = false

    @Option(help: ArgumentHelp("Fail when fewer than this percentage of rules are fired by some fixture (implies --coverage).", valueName: "percent"))
    var minCoverage: Double?

    @Option(help: "Colour text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func validate() throws {
        if let minCoverage, !(0...100).contains(minCoverage) {
            throw ValidationError("--min-coverage must be between 0 and 100, got \(minCoverage)")
        }
    }

    func run() throws {
        let engine: Engine
        do {
            engine = try Engine.load(DefaultRules.sources(for: rulePaths), limits: limitOptions.limits)
        } catch {
            Terminal.report(error)
            throw ExitCode(2)
        }
        let files: [String]
        switch FixtureRunner.fixtureFiles(in: paths.isEmpty ? ["Fixtures"] : paths) {
        case .success(let found): files = found
        case .failure(let error):
            Terminal.report(error)
            throw ExitCode(2)
        }
        let run = FixtureRunner.run(engine, files: files)
        let showCoverage = coverage || minCoverage != nil
        print(ReportRenderer.fixtureRun(run, as: format, coverage: showCoverage, ruleSet: engine.ruleSet,
                                        color: format == .text && Terminal.colorEnabled(color)), terminator: "")
        var failed = run.failed > 0
        if let minCoverage, run.coverage.percent < minCoverage {
            Terminal.writeError("error: rule coverage \(ReportRenderer.percentText(run.coverage.percent)) is below --min-coverage \(minCoverage == minCoverage.rounded() ? String(Int(minCoverage)) : "\(minCoverage)")%")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }
}

extension ReportRenderer.FixtureFormat: ExpressibleByArgument {}
