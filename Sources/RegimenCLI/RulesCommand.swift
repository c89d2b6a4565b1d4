import ArgumentParser
import Foundation
import Regimen

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Browse the rule set: list every rule, show one, or write the Markdown catalogue.",
        discussion: """
            regimen rules                       # one line per rule
            regimen rules show ra.not-at-target.tnf
            regimen rules --format markdown > Rules/CATALOGUE.md
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    struct Shared: ParsableArguments {
        @Option(name: .customLong("rules"), help: ArgumentHelp("A rule file or directory; repeat to merge (default: ./Rules, else the embedded set).", valueName: "path"))
        var rulePaths: [String] = []

        @Option(help: "Output: text, json, markdown (the catalogue).")
        var format: Format = .text

        func engine() throws -> Engine {
            do {
                return try Engine.load(DefaultRules.sources(for: rulePaths))
            } catch {
                Terminal.report(error)
                throw ExitCode(2)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every rule.")
        @OptionGroup var shared: Shared

        func run() throws {
            let ruleSet = try shared.engine().ruleSet
            switch shared.format {
            case .text: print(ReportRenderer.ruleList(ruleSet), terminator: "")
            case .json: print(ReportRenderer.rulesJSON(ruleSet.rules, in: ruleSet), terminator: "")
            case .markdown: print(ReportRenderer.catalogue(ruleSet), terminator: "")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one rule in full.")
        @Argument(help: ArgumentHelp("The rule id.", valueName: "id")) var id: String
        @OptionGroup var shared: Shared

        func run() throws {
            let ruleSet = try shared.engine().ruleSet
            guard let rule = ruleSet.rules.first(where: { $0.id == id }) else {
                let ids = ruleSet.rules.map(\.id)
                let close = ids.min { a, b in distance(a, id) < distance(b, id) }
                Terminal.writeError("error: no rule '\(id)'\(close.map { " (closest: '\($0)')" } ?? "")")
                throw ExitCode(2)
            }
            switch shared.format {
            case .text: print(ReportRenderer.rule(rule, in: ruleSet), terminator: "")
            case .json: print(ReportRenderer.rulesJSON([rule], in: ruleSet), terminator: "")
            case .markdown: print(ReportRenderer.catalogue(RuleSet.only(rule, of: ruleSet)), terminator: "")
            }
        }

        private func distance(_ a: String, _ b: String) -> Int {
            let common = zip(a, b).prefix { $0 == $1 }.count
            return max(a.count, b.count) - common
        }
    }
}
