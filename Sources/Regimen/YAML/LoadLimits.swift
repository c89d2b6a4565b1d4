/// Bounds on what one input file may cost. Each is checked as events arrive, so hostile input
/// (billion laughs, million-deep nesting, huge files) is refused early with a message naming
/// the limit and how to raise it.
public struct LoadLimits: Sendable, Hashable {
    /// Largest accepted file, in bytes (`--max-file-size`).
    public var maxFileBytes: Int = 4 * 1024 * 1024
    /// Deepest nesting of lists and mappings (`--max-depth`).
    public var maxDepth: Int = 64
    /// Longest scalar, in bytes (`--max-scalar-length`).
    public var maxScalarBytes: Int = 64 * 1024
    /// Most nodes in one file, counting alias expansions (`--max-nodes`).
    public var maxNodes: Int = 4_000_000
    /// Most nodes that aliases may copy in one file (`--max-alias-expansion`).
    public var maxAliasExpansion: Int = 100_000

    /// The default limits: 4 MiB files, nesting depth 64, 64 KiB scalars, 4,000,000 nodes, 100,000 nodes
    /// copied by aliases.
    public init() {}

    /// The default limits, the same as `LoadLimits()`.
    public static let `default` = LoadLimits()
}

extension LoadLimits {
    /// A byte limit as a reader takes it in: `4 MiB (4194304-byte)` when it is a whole number of
    /// MiB or KiB, and just `10-byte` otherwise. The exact byte count stays, because it is what
    /// the option takes.
    static func sizeDescription(_ bytes: Int) -> String {
        let mib = 1024 * 1024
        if bytes >= mib, bytes % mib == 0 { return "\(bytes / mib) MiB (\(bytes)-byte)" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB (\(bytes)-byte)" }
        return "\(bytes)-byte"
    }

    /// The size of a stream (a pipe, standard input, a device) read just past `maxFileBytes`:
    /// reading on to learn its length could take forever (`/dev/zero`), so it is not known.
    static let unknownSize = Int.max

    /// The error for a file over `maxFileBytes`, the same from every reader.
    func fileTooLarge(_ size: Int, file: String) -> Diagnostic {
        let what = size == LoadLimits.unknownSize ? "input is longer than" : "file is \(size) bytes, over"
        return .error("\(what) the \(LoadLimits.sizeDescription(maxFileBytes)) limit (raise it with --max-file-size)",
                      at: SourceLocation(file: file, line: 1, column: 1), code: CheckID.yamlLimit)
    }
}
