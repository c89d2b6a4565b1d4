@testable import Regimen

/// Helpers for the loader and decoding suites (LoaderTests, JSONLoaderTests, DecodingTests).
enum LoaderKit {
    static func yaml(_ text: String, limits: LoadLimits = .default, file: String = "t.yaml") -> YAMLLoader.Output {
        YAMLLoader(limits: limits).load(Array(text.utf8), file: file)
    }

    static func yaml(bytes: [UInt8], limits: LoadLimits = .default, file: String = "t.yaml") -> YAMLLoader.Output {
        YAMLLoader(limits: limits).load(bytes, file: file)
    }

    static func json(_ text: String, limits: LoadLimits = .default, file: String = "t.json") -> YAMLLoader.Output {
        JSONLoader(limits: limits).load(Array(text.utf8), file: file)
    }

    static func json(bytes: [UInt8], limits: LoadLimits = .default, file: String = "t.json") -> YAMLLoader.Output {
        JSONLoader(limits: limits).load(bytes, file: file)
    }

    /// A compact, comparable rendering of a node tree: `{a: [1, "x"]}` with each scalar's
    /// style (plain scalars bare, others in double quotes).
    static func shape(_ node: Node?) -> String {
        guard let node else { return "nil" }
        switch node.kind {
        case .scalar(let s): return s.isPlain ? s.text : "\"\(s.text)\""
        case .sequence(let items): return "[" + items.map { shape($0) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\(shape($0.key)): \(shape($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Debug dump of diagnostics, one per line with notes.
    static func dump(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            ([d.headline] + d.notes.map { "  note \($0.location.map { "\($0)" } ?? "-"): \($0.message)" }).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
