import Foundation
import PackagePlugin

/// Embeds every YAML file under the package's top-level Rules/ folder into the Regimen library,
/// so a copied or installed `regimen` binary still carries its default rule set.
///
/// Rules/ lives outside every target folder, so it cannot be a SwiftPM resource; and on Linux
/// `Bundle.module` resources are lost when the binary is copied. The generation itself runs in
/// a build command (SwiftPM does not re-run a plugin on every build): its inputs are every rule
/// file, so edits are picked up, and every folder under Rules/, so added or removed files are.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "Rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuleFiles.swift")
        var inputs: [URL] = [rules]
        if let enumerator = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) {
            for case let url as URL in enumerator { inputs.append(url) }
        }
        return [
            .buildCommand(
                displayName: "Embedding the rule files of the package into the Regimen library",
                executable: try context.tool(named: "RegimenEmbedTool").url,
                arguments: [rules.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
