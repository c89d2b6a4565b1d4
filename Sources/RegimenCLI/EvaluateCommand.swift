import ArgumentParser
import Foundation
import Regimen

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

    @Argument(help: ArgumentHelp("Profile files (.yaml, .yml or .json).", valueName: "profile"))
    var profiles: [String]

    @OptionGroup var rules: RuleOptions

    @Option(help: "Output format: text (for people), json (the stable contract), markdown.")
    var format: ReportRenderer.Format = .text

    @Option(help: ArgumentHelp("Explain why this option was or was not recommended, rule by rule.", valueName: "option"))
    var whyNot: String?

    @Option(help: ArgumentHelp("Evaluate as of this date (YYYY-MM-DD) instead of the profile's 'as_of' or today, so results are reproducible; measurements older than their marker's 'valid_for' count as unknown.", valueName: "date"))
    var asOf: String?

    @Option(help: "Colour text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
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
        let colored = format == .text && Terminal.colorEnabled(color)
        var failed = false
        var first = true
        for path in profiles {
            let profile: Profile
            do {
                profile = try engine.profile(contentsOf: path)
            } catch {
                Terminal.report(error)
                failed = true
                continue
            }
            let output: String
            do {
                output = try render(profile, engine: engine, colored: colored)
            } catch {
                Terminal.report(error)
                failed = true
                continue
            }
            if !first, format != .json { print(format == .markdown ? "\n---\n" : "\n" + String(repeating: "─", count: 60) + "\n") }
            first = false
            print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
        }
        if failed { throw ExitCode(2) }
    }

    private func render(_ profile: Profile, engine: Engine, colored: Bool) throws(DiagnosticsError) -> String {
        let pretty = profiles.count == 1
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
