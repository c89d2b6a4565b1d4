import Foundation

/// Where the benchmarks find their inputs. Generated rule sets are written on first use by
/// `generate-rules.py` (deterministic) into `Benchmarks/.generated/`, which git ignores.
public enum BenchInputs {
    /// The `Benchmarks/` folder of the repository (this file is Benchmarks/Sources/BenchSupport/...).
    public static let benchmarksDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// The directory of a generated rule set of `rules` rules, generating it if it is missing.
    public static func ruleSet(_ rules: Int) -> String {
        let directory = benchmarksDirectory + "/.generated/rules-\(rules)"
        if !FileManager.default.fileExists(atPath: directory + "/ruleset.yaml") {
            run(["python3", benchmarksDirectory + "/generate-rules.py", String(rules), "--out", directory])
        }
        return directory
    }

    /// The single profile the evaluation benchmarks use (core vocabulary, so it binds against
    /// the shipped rule set and every generated one).
    public static var profilePath: String { benchmarksDirectory + "/profiles/bench-profile.json" }

    /// `.yaml` files below a directory, sorted by path (the order Regimen merges them in).
    public static func yamlFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".yaml") { found.append(directory + "/" + relative) }
        }
        return found.sorted()
    }

    public static func bytes(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        return [UInt8](data)
    }

    private static func run(_ arguments: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        do { try process.run() } catch { fatalError("cannot run \(arguments.joined(separator: " ")): \(error)") }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { fatalError("\(arguments.joined(separator: " ")) failed (\(process.terminationStatus))") }
    }
}
