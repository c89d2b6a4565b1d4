import Testing
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

    static func limits(
        fileBytes: Int? = nil, depth: Int? = nil, scalarBytes: Int? = nil, nodes: Int? = nil, aliasExpansion: Int? = nil
    ) -> LoadLimits {
        var limits = LoadLimits()
        if let fileBytes { limits.maxFileBytes = fileBytes }
        if let depth { limits.maxDepth = depth }
        if let scalarBytes { limits.maxScalarBytes = scalarBytes }
        if let nodes { limits.maxNodes = nodes }
        if let aliasExpansion { limits.maxAliasExpansion = aliasExpansion }
        return limits
    }

    static func at(_ line: Int, _ column: Int, file: String = "t.yaml") -> Regimen.SourceLocation {
        Regimen.SourceLocation(file: file, line: line, column: column)
    }

    /// A compact, comparable rendering of a node tree: `{a: [1, "x"]}`, plain scalars bare,
    /// every other scalar (quoted, block, `!!str`) in double quotes.
    static func shape(_ node: Node?) -> String {
        guard let node else { return "nil" }
        switch node.kind {
        case .scalar(let s): return s.isPlain ? s.text : "\"\(s.text)\""
        case .sequence(let items): return "[" + items.map { shape($0) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\(shape($0.key)): \(shape($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Each diagnostic as its headline followed by one `note FILE:L:C: message` line per note
    /// (`note -: message` for a note without a location): exact, and readable in a failure.
    static func lines(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.flatMap { d in
            [d.headline] + d.notes.map { "note \($0.location.map { "\($0)" } ?? "-"): \($0.message)" }
        }
    }

    static func dump(_ diagnostics: [Diagnostic]) -> String { lines(diagnostics).joined(separator: "\n") }

    /// The node at `path` below `root`: a string steps into a mapping's value, an integer into
    /// a list, `.key(k)` to the key node of a mapping entry.
    static func node(_ root: Node?, _ path: [LoaderStep]) -> Node? {
        var current = root
        for step in path {
            guard let node = current else { return nil }
            switch (step, node.kind) {
            case (.value(let k), .mapping(let entries)): current = entries.first { $0.name == k }?.value
            case (.key(let k), .mapping(let entries)): current = entries.first { $0.name == k }?.key
            case (.index(let i), .sequence(let items)): current = items.indices.contains(i) ? items[i] : nil
            default: return nil
            }
        }
        return current
    }
}

/// One step of a path into a node tree (see `LoaderKit.node`).
enum LoaderStep: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case value(String)
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .value(value) }
    init(integerLiteral value: Int) { self = .index(value) }

    var description: String {
        switch self {
        case .value(let k): return k
        case .key(let k): return "key(\(k))"
        case .index(let i): return "[\(i)]"
        }
    }
}

/// An input and the exact diagnostics (as `LoaderKit.lines`) it must produce.
struct LoaderCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    var expected: [String]

    init(_ name: String, _ input: String, _ expected: [String]) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }
}

/// Raw bytes (for invalid UTF-8) and the exact diagnostics they must produce.
struct LoaderByteCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var expected: [String]

    init(_ name: String, _ bytes: [UInt8], _ expected: [String]) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var testDescription: String { name }
}

/// A small vocabulary for decoding tests; rule snippets are loaded beside it as a second file.
enum LoaderRules {
    static let vocabulary = """
        ruleset: { name: decode-set, version: "1" }
        conditions:
          rheumatoid_arthritis: { name: Rheumatoid arthritis }
          fibromyalgia: { name: Fibromyalgia }
          latent_tb: { name: Latent tuberculosis infection, assume: unknown }
        markers:
          crp:
            name: C-reactive protein
            unit: mg/L
            units: { mg/dL: 10 }
            range: [0, 500]
            bands: { normal: "<= 10", elevated: "> 10" }
          il6: { name: Interleukin-6, unit: pg/mL }
        scales:
          pss10: { name: PSS-10, range: [0, 40], bands: { low: "0..13", moderate: "14..26", high: "27..40" } }
          phq9: { name: PHQ-9, range: [0, 27] }
        options:
          tnf_inhibitor: { name: TNF inhibitor, kind: immunomodulatory, contraindicated_if: { condition: latent_tb } }
          exercise: { name: Exercise, kind: holistic }
        evidence:
          ev1: { title: Test evidence, source: Test journal, year: 2020 }

        """

    /// A valid rules file with one rule; `when` replaces its predicate (line 4, from column 11).
    static func rule(when: String = "{ condition: rheumatoid_arthritis }", action: String = "recommend: exercise", evidence: String = "[ev1]") -> String {
        """
        rules:
          - id: r1
            title: T
            when: \(when)
            \(action)
            strength: strong
            because: B
            evidence: \(evidence)

        """
    }

    static func load(_ files: [(name: String, text: String)], limits: LoadLimits = .default) -> Result<Engine, DiagnosticsError> {
        do {
            return .success(try Engine.load(files.map { .text($0.text, name: $0.name) }, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    /// The diagnostics of loading the vocabulary plus `rules` as `rules.yaml`; empty on success.
    static func diagnostics(_ rules: String) -> [Diagnostic] {
        diagnostics(files: [("vocabulary.yaml", vocabulary), ("rules.yaml", rules)])
    }

    static func diagnostics(files: [(name: String, text: String)]) -> [Diagnostic] {
        switch load(files) {
        case .success: return []
        case .failure(let error): return error.diagnostics
        }
    }

    static let engine: Engine = {
        do { return try Engine.load([.text(vocabulary, name: "vocabulary.yaml")]) } catch { fatalError("\(error)") }
    }()

    static func profileDiagnostics(_ text: String, format: Engine.ProfileFormat = .yaml, name: String = "p.yaml") -> [Diagnostic] {
        do {
            _ = try engine.profile(from: text, name: name, format: format)
            return []
        } catch {
            return error.diagnostics
        }
    }
}

/// The content of a `Profile` without locations, to compare profiles read from different files.
struct LoaderProfileSummary: Equatable, CustomStringConvertible {
    struct Marker: Equatable { var id: String; var value: Double; var unit: String?; var date: String? }
    struct Treatment: Equatable { var option: String; var status: String; var response: String? }

    var id: String?
    var age: Double?
    var sex: String?
    var conditions: [String]
    var ruledOut: [String]
    var markers: [Marker]
    var scales: [String: Double]
    var treatments: [Treatment]
    var expectRecommend: [String]?

    init(_ p: Profile) {
        id = p.id
        age = p.age
        sex = p.sex?.rawValue
        conditions = p.conditions.map(\.id)
        ruledOut = p.ruledOut.map(\.id)
        markers = p.markers.map { Marker(id: $0.id.id, value: $0.measurement.value, unit: $0.measurement.unit, date: $0.measurement.date) }
        scales = Dictionary(p.scales.map { ($0.id.id, $0.value) }, uniquingKeysWith: { a, _ in a })
        treatments = p.treatments.map { Treatment(option: $0.option, status: $0.status.rawValue, response: $0.response?.rawValue) }
        expectRecommend = p.expectations?.recommend
    }

    var description: String {
        "id=\(id ?? "-") age=\(age.map { "\($0)" } ?? "-") sex=\(sex ?? "-") conditions=\(conditions) ruledOut=\(ruledOut) markers=\(markers) scales=\(scales.sorted { $0.key < $1.key }) treatments=\(treatments) expect=\(expectRecommend ?? [])"
    }
}
