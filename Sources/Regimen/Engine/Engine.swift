import Foundation

/// The embedding API: load and compile a rule set once, then parse and evaluate as many
/// profiles as needed, from as many tasks as needed. An `Engine` is immutable and `Sendable`.
///
/// ```swift
/// let engine = try Engine.load([.embedded])
/// let profile = try engine.profile(contentsOf: "patient.yaml")
/// let evaluation = try engine.evaluate(profile)
/// print(ReportRenderer.text(evaluation))
/// ```
public struct Engine: Sendable {
    let program: Program

    /// The typed rule set the engine was compiled from.
    public var ruleSet: RuleSet { program.ruleSet }
    /// Name, version and content hash of the rule set.
    public var identity: RuleSetIdentity { program.identity }
    /// The version of the Regimen engine itself.
    public static let version = "0.1.0"
    /// The loader limits the rules were read with; profiles read by this engine are held to them too.
    public var limits: LoadLimits

    /// Loads, merges and compiles rules. Throws every problem found, each located.
    public static func load(_ sources: [RuleSource] = [.embedded], limits: LoadLimits = .default) throws(DiagnosticsError) -> Engine {
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        for source in sources {
            switch SourceReader.files(for: source, limits: limits) {
            case .success(let found): files += found
            case .failure(let error): problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return try compile(files, limits: limits)
    }

    static func compile(_ files: [SourceFile], limits: LoadLimits) throws(DiagnosticsError) -> Engine {
        let build = build(files, limits: limits)
        guard let program = build.program else { throw DiagnosticsError(build.diagnostics) }
        return Engine(program: program, limits: limits)
    }

    /// Loads, decodes and compiles; every problem found, annotated with its source line.
    static func build(_ files: [SourceFile], limits: LoadLimits) -> (program: Program?, diagnostics: [Diagnostic], text: SourceText) {
        var text = SourceText()
        var problems: [Diagnostic] = []
        // Files over the size limit were not read whole: refused here, the rest still checked.
        for file in files {
            guard let size = file.oversize else { continue }
            text.add(file: file.displayName, bytes: file.bytes)
            problems.append(limits.fileTooLarge(size, file: file.displayName))
        }
        let files = files.filter { $0.oversize == nil }
        // Files are parsed and decoded on two threads and merged in file order as they come.
        let merge = LoadMerge(limits: limits, text: text, problems: problems)
        ParsePipeline.parseAll(files, limits: limits) { parsed, index in merge.add(parsed, of: files[index]) }
        text = merge.text
        problems = merge.problems + merge.decoder.decoder.diagnostics
        let decoder = merge.decoder
        if !problems.hasErrors, files.count > 0, !decoder.hasMetadata {
            problems.append(.error("the rule set has no 'ruleset: { name, version }' section in any of its files", at: files.first.map { SourceLocation(file: $0.displayName, line: 1, column: 1) }, code: CheckID.schema))
        }
        if problems.hasErrors { return (nil, text.annotate(problems.sortedByLocation()), text) }
        switch Compiler.compile(decoder.finish(contentHash: merge.contentHash())) {
        case .success(let program):
            program.teardown.record(merge.ruleRuns)
            return (program, [], text)
        case .failure(let error): return (nil, text.annotate(error.diagnostics.sortedByLocation()), text)
        }
    }

    // MARK: profiles

    /// The syntax a profile is written in.
    public enum ProfileFormat: Sendable { case yaml, json }

    /// Reads a profile file (`.json` as strict JSON, anything else as YAML) and checks it
    /// against this rule set's vocabulary.
    ///
    /// - Parameters:
    ///   - path: The profile file; a pipe such as `/dev/stdin` is read up to the size limit.
    ///   - asOf: The evaluation date (YYYY-MM-DD) you will pass to ``evaluate(_:asOf:)``, when
    ///     you know it now: a measurement dated after it is then reported here, with the line
    ///     it is written on. nil leaves that one check to ``evaluate(_:asOf:)``, which knows
    ///     the date it evaluates on (today, the profile's `as_of`, or its own `asOf`).
    public func profile(contentsOf path: String, asOf: String? = nil) throws(DiagnosticsError) -> Profile {
        let bytes: [UInt8]
        switch SourceReader.read(path, limits: limits) {
        case .success(let read):
            if let size = read.oversize {
                var text = SourceText()
                text.add(file: path, bytes: read.bytes)
                throw DiagnosticsError(text.annotate([limits.fileTooLarge(size, file: path)]))
            }
            bytes = read.bytes
        case .failure(let error): throw error
        }
        let format: ProfileFormat = path.lowercased().hasSuffix(".json") ? .json : .yaml
        return try profile(from: bytes, name: path, format: format, asOf: asOf)
    }

    /// Parses a profile held in memory; `name` is the file name shown in diagnostics. `asOf` is
    /// as for ``profile(contentsOf:asOf:)``.
    public func profile(from text: String, name: String = "<profile>", format: ProfileFormat = .yaml, asOf: String? = nil) throws(DiagnosticsError) -> Profile {
        try profile(from: Array(text.utf8), name: name, format: format, asOf: asOf)
    }

    /// Parses a profile from raw bytes (UTF-8) in the given syntax and checks it against this rule set's
    /// vocabulary; `name` is the file name shown in diagnostics. Throws every problem found, each located.
    /// `asOf` is as for ``profile(contentsOf:asOf:)``.
    public func profile(from original: [UInt8], name: String, format: ProfileFormat, asOf: String? = nil) throws(DiagnosticsError) -> Profile {
        let date = try Engine.date(asOf)
        var text = SourceText()
        let (bytes, refused) = TextEncoding.utf8(original, file: name)
        text.add(file: name, bytes: bytes)
        if let refused { throw DiagnosticsError(text.annotate([refused])) }
        var (decoded, problems) = decodeProfile(bytes, name: name, format: format,
                                                empty: "the profile is empty: expected a mapping with id, conditions, markers, ...")
        if let decoded {
            // Vocabulary problems are reported now, with the file's text at hand for snippets.
            // Whether a measurement postdates the evaluation is judged only against a date the
            // caller names: checking against today refused profiles meant for a later --as-of.
            if case .failure(let error) = program.bind(decoded, asOf: date, judgingDates: date != nil) { problems += error.diagnostics }
        }
        guard let decoded, !problems.hasErrors else { throw DiagnosticsError(text.annotate(problems.sortedByLocation())) }
        return decoded
    }

    /// A profile's syntax, before its vocabulary is checked: JSON in the common shape is read
    /// straight from the bytes; anything else, every malformed input included, goes through the
    /// general loader and decoder, which word and locate the errors. `empty` is the error for
    /// input that holds no document.
    func decodeProfile(_ bytes: [UInt8], name: String, format: ProfileFormat, empty: String) -> (profile: Profile?, problems: [Diagnostic]) {
        if format == .json, let decoded = ProfileJSONFastPath.decode(bytes, file: name, limits: limits) { return (decoded, []) }
        let output = format == .json ? JSONLoader(limits: limits).load(bytes, file: name) : YAMLLoader(limits: limits).load(bytes, file: name)
        var problems = output.diagnostics
        guard let root = output.root, !problems.hasErrors else {
            if !problems.hasErrors { problems.append(.error(empty, at: SourceLocation(file: name, line: 1, column: 1))) }
            return (nil, problems)
        }
        var decoder = ProfileDecoder()
        let decoded = decoder.decode(root, file: name)
        return (decoded, problems + decoder.decoder.diagnostics)
    }

    // MARK: evaluation

    /// Evaluates a profile. Throws when the profile names ids, units or values that this rule
    /// set does not accept (always located when the profile came from a file).
    public func evaluate(_ profile: Profile, asOf: String? = nil) throws(DiagnosticsError) -> Evaluation {
        switch program.bind(profile, asOf: try Engine.date(asOf)) {
        case .success(let bound): return program.evaluate(bound)
        case .failure(let error): throw error
        }
    }

    /// Explains the outcome for one option; nil when the rule set has no such option.
    public func whyNot(_ option: String, for profile: Profile, asOf: String? = nil) throws(DiagnosticsError) -> WhyNot? {
        switch program.bind(profile, asOf: try Engine.date(asOf)) {
        case .success(let bound): return program.whyNot(option, bound)
        case .failure(let error): throw error
        }
    }

    /// An evaluation date given by a caller (`--as-of`): YYYY-MM-DD, a real calendar day.
    static func date(_ text: String?) throws(DiagnosticsError) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(text) else {
            throw DiagnosticsError([.error("the evaluation date must be written YYYY-MM-DD, found '\(text)'", at: nil)])
        }
        return date
    }

    /// Whether `text` is a valid evaluation date (for argument validation).
    public static func isValidDate(_ text: String) -> Bool { CalendarDate(text) != nil }

    /// The closest option id to a misspelt one, for usage messages.
    public func suggestOption(for id: String) -> String? {
        Suggestion.closest(to: id, in: ruleSet.options.map(\.id))
    }
}
