import ArgumentParser
import Foundation
@_spi(CLI) import Regimen

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate patient profiles and explain the recommended, avoided and withheld options.",
        discussion: """
            A profile is a YAML or JSON file (JSON when the name ends in .json):

              id: patient-0042
              age: 58
              sex: female
              conditions: [rheumatoid_arthritis]
              ruled_out: [latent_tb]
              markers: { crp: 1.8 mg/dL }          # number, "value unit", or {value, unit, date}
              scales: { pss10: 29, nrs: 7 }
              treatments:
                - { option: methotrexate, status: current, response: inadequate }

            Output lists the recommended options (strongest first), each with the rules that \
            fired, the tests that decided them and the evidence; options advised against; \
            options withheld by a contraindication; and measurements whose absence kept a rule \
            from deciding. `--format json` prints one object per profile (one per line when \
            several profiles are given).

            Exit codes: 0 every profile evaluated; 2 a usage error or a profile or rule file \
            that could not be read (each problem printed as path:line:column: error: message).
            """
    )

    @Argument(help: ArgumentHelp("Profile files (.yaml, .yml or .json) or directories of them, or - for one profile (YAML, or JSON written as YAML accepts it) on standard input; with --batch, one JSON Lines file or - for standard input.", valueName: "profile"))
    var profiles: [String] = []

    @Flag(help: "Read profiles as JSON Lines (one JSON profile per line) from the file given, or standard input, and write one JSON result per line in input order. A bad line yields a JSON error line with its line number and the run goes on (exit 1).")
    var batch = false

    @Option(help: ArgumentHelp("Worker threads for --batch (default and most: the number of cores; more would hold more lines in memory and run no faster).", valueName: "n"))
    var jobs: Int = EvaluateCommand.cores

    /// Read once: swift-argument-parser makes the command several times a run (five for one
    /// `regimen evaluate`), and each count reads the cgroup's CPU quota and set again.
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var rules: RuleOptions

    @Option(name: .customLong("format"), help: "Output format: text (for people; the default), json (the stable contract), markdown. --batch always writes JSON.")
    var formatChoice: ReportRenderer.Format?

    private var format: ReportRenderer.Format { formatChoice ?? (batch ? .json : .text) }

    @Option(help: ArgumentHelp("Explain why this option was or was not recommended, rule by rule.", valueName: "option"))
    var whyNot: String?

    @Option(help: ArgumentHelp("Evaluate as of this date (YYYY-MM-DD) instead of the profile's 'as_of' or today, so results are reproducible; measurements older than their marker's 'valid_for' count as unknown.", valueName: "date"))
    var asOf: String?

    @Option(help: "Colour text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if batch {
            if profiles.count > 1 { throw ValidationError("--batch reads one JSON Lines file (or - for standard input), got \(profiles.count) paths") }
            if whyNot != nil { throw ValidationError("--why-not explains one profile; it cannot be combined with --batch") }
            if let formatChoice, formatChoice != .json { throw ValidationError("--batch writes JSON Lines; drop --format or use --format json") }
        } else if profiles.isEmpty {
            throw ValidationError("give at least one profile file or directory (or --batch to read JSON Lines)")
        } else if profiles.count > 1, profiles.contains("-") {
            throw ValidationError("- reads one profile from standard input and is given on its own; for many profiles on standard input use --batch (JSON Lines)")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let asOf, !Engine.isValidDate(asOf) {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD, got '\(asOf)'")
        }
    }

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func run() throws {
        let engine: Engine
        do {
            engine = try Engine.load(rules.sources, limits: limitOptions.limits)
        } catch {
            Terminal.report(error)
            throw ExitCode(2)
        }
        if let option = whyNot, !engine.ruleSet.options.contains(where: { $0.id == option }) {
            let hint = engine.suggestOption(for: option).map { " (did you mean '\($0)'?)" } ?? ""
            Terminal.writeError("error: unknown option '\(option)' for --why-not\(hint)")
            throw ExitCode(2)
        }
        if batch { return try runBatch(engine) }
        let colored = format == .text && Terminal.colorEnabled(color)
        let paths: [String]
        // `-` is standard input: read like a file (up to --max-file-size), named as the path it is.
        switch FixtureRunner.fixtureFiles(in: profiles == ["-"] ? ["/dev/stdin"] : profiles) {
        case .success(let found): paths = found
        case .failure(let error):
            Terminal.report(error)
            throw ExitCode(2)
        }
        // One profile named on its own is the whole input: malformed means exit 2. Several
        // (or a directory) are items: each bad one is reported and the others still run.
        let single = paths.count == 1 && profiles.count == 1
        var failed = 0
        var first = true
        for path in paths {
            let output: String
            do {
                let profile = try engine.profile(contentsOf: path, asOf: asOf)
                output = try render(profile, engine: engine, colored: colored, pretty: single)
            } catch {
                Terminal.report(error)
                failed += 1
                if format == .json, !single {
                    print("{\"file\":\(jsonString(path)),\"error\":\(jsonString(error.diagnostics.first?.headline ?? "invalid profile"))}")
                }
                continue
            }
            if !first, format != .json { print(format == .markdown ? "\n---\n" : "\n" + String(repeating: "─", count: 60) + "\n") }
            first = false
            print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
        }
        if failed > 0 {
            if !single { Terminal.writeError("\(failed) of \(paths.count) profiles could not be evaluated") }
            throw ExitCode(single ? 2 : 1)
        }
    }

    private func jsonString(_ s: String) -> String { ReportRenderer.jsonString(s) }

    /// `seconds` with two decimals, as `String(format: "%.2f")` wrote it (that lives in
    /// swift-corelibs-foundation, see Regimen's `ConditionLock`).
    static func twoDecimals(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e15 else { return "\(seconds)" }
        let hundredths = Int((seconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private func runBatch(_ engine: Engine) throws {
        let path = profiles.first ?? "-"
        let handle: FileInput
        var total: Int?
        if path == "-" {
            handle = .standardInput()
        } else {
            let status = FileInput.status(of: path)
            if status?.isDirectory == true {
                Terminal.writeError("error: cannot read \(path): it is a directory; --batch reads one JSON Lines file (or - for standard input)")
                throw ExitCode(2)
            }
            guard let h = FileInput(path: path) else {
                Terminal.writeError("error: cannot read \(path)")
                throw ExitCode(2)
            }
            handle = h
            if let status, status.isRegularFile { total = status.size }
        }
        // Blocks hold 512 lines per worker and Dispatch runs at most one thread per core, so
        // workers beyond the cores only held more lines at once: 627 MB for --jobs 1000 on two
        // cores where two jobs take 26 MB, in the same time.
        let workers = min(jobs, Self.cores)
        let runner = BatchRunner(
            engine: engine, jobs: workers, asOf: asOf, source: path == "-" ? "<stdin>" : path, input: handle,
            totalBytes: total, showProgress: path != "-" && isatty(STDERR_FILENO) == 1)
        let s = runner.run()
        let rate = s.seconds > 0 ? Int(Double(s.profiles) / s.seconds) : s.profiles
        Terminal.writeError("regimen: \(s.profiles) profiles, \(s.recommendations) recommendations, \(s.errors) errors in \(Self.twoDecimals(s.seconds)) s (\(rate) profiles/s, \(workers) jobs\(workers < jobs ? "; --jobs \(jobs) capped at the \(Self.cores) cores" : ""))")
        // An input that could not be read is a usage error, as an unreadable profile file is.
        if s.inputFailed { throw ExitCode(2) }
        if s.errors > 0 { throw ExitCode(1) }
    }

    private func render(_ profile: Profile, engine: Engine, colored: Bool, pretty: Bool) throws(DiagnosticsError) -> String {
        if let option = whyNot, let why = try engine.whyNot(option, for: profile, asOf: asOf) {
            return format == .json ? ReportRenderer.json(why, profile: profile.id, pretty: pretty)
                : ReportRenderer.text(why, profile: profile.id, color: colored)
        }
        let evaluation = try engine.evaluate(profile, asOf: asOf)
        switch format {
        case .json: return ReportRenderer.json(evaluation, pretty: pretty)
        case .markdown: return ReportRenderer.markdown(evaluation, ruleSet: engine.ruleSet)
        case .text: return ReportRenderer.text(evaluation, ruleSet: engine.ruleSet, color: colored)
        }
    }
}
