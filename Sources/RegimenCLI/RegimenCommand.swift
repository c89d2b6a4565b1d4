import ArgumentParser
import Foundation
import Regimen

/// `regimen`: a thin command-line layer over the Regimen library.
struct RegimenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regimen",
        abstract: "Rule-based therapy recommendations for chronic pain, immunity and stress, explained.",
        discussion: """
            Regimen checks a patient profile against YAML rules (conditions, immune markers, \
            stress and pain scales mapped to holistic and immunomodulatory options) and explains \
            every recommendation, every option it withholds because of a contraindication, and \
            every missing measurement that kept a rule from deciding.

            Start with:
              regimen evaluate Fixtures/ra-active-after-mtx.yaml
              regimen evaluate profile.json --format json
              regimen evaluate profile.yaml --why-not tnf_inhibitor

            Exit codes: 0 success; 1 findings; 2 usage errors or unreadable/malformed input.
            Decision support only; not a substitute for clinical judgement.
            """,
        version: "regimen \(Engine.version)",
        subcommands: [EvaluateCommand.self, ValidateCommand.self, TestCommand.self, RulesCommand.self]
    )
}

@main
enum RegimenMain {
    static func main() {
        do {
            var command = try RegimenCommand.parseAsRoot()
            try command.run()
        } catch {
            let code = RegimenCommand.exitCode(for: error)
            if code == .success {
                print(RegimenCommand.fullMessage(for: error))
                exit(0)
            }
            if let exitCode = error as? ExitCode { exit(exitCode.rawValue) }
            Terminal.writeRaw(RegimenCommand.fullMessage(for: error) + "\n")
            // swift-argument-parser uses 64 (EX_USAGE); Regimen's contract is 2 for usage errors.
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
