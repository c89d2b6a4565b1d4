import Crypto

/// What loading gathers from the parsed files, taken in file order: the rule set being merged,
/// the problems found, the text for snippets, and the content hash. `ParsePipeline` hands the
/// files to it from either of its threads as each is ready in order, never from both at once,
/// which is what makes the mutable state safe to share.
final class LoadMerge: @unchecked Sendable {
    var decoder = RuleSetDecoder()
    var text: SourceText
    var problems: [Diagnostic]
    private var hasher = SHA256()
    /// Which thread decoded which of the merged rules, file by file (see `ProgramTeardown`).
    private(set) var ruleRuns: [ProgramTeardown.Run] = []

    init(limits: LoadLimits, text: SourceText, problems: [Diagnostic]) {
        decoder.limits = limits
        self.text = text
        self.problems = problems
    }

    /// Merges one parsed and decoded file, the next in file order.
    func add(_ parsed: ParsePipeline.Parsed, of file: SourceFile) {
        text.add(file: file.displayName, bytes: parsed.utf8)
        if let refused = parsed.refused {
            problems.append(refused)
            hasher.update(data: file.bytes)
            return
        }
        problems += parsed.diagnostics
        if let decoded = parsed.decoded {
            decoder.merge(decoded)
            ruleRuns.append(ProgramTeardown.Run(end: decoder.ruleCount, thread: parsed.thread))
        } else if !parsed.diagnostics.hasErrors {
            problems.append(.error("the file holds no YAML document (it is empty or only comments)", at: SourceLocation(file: file.displayName, line: 1, column: 1), code: CheckID.yamlSyntax))
        }
        hasher.update(data: Array(file.hashName.utf8) + [0] + Array(String(file.bytes.count).utf8) + [0])
        hasher.update(data: file.bytes)
    }

    /// `sha256:` and the hex digest of the names and bytes of the files added.
    func contentHash() -> String {
        "sha256:" + hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
