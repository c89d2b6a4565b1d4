import Testing
@testable import Regimen

/// Loader and syntax fixes from issue 8's small items: limits printed as sizes, leading zeros,
/// long keys, and the formula depth limit reached through `LoadLimits`.
@Suite struct LimitsAndSyntaxTests {
    typealias K = LoaderKit

    @Test(arguments: [(10, "10-byte"), (1024, "1 KiB (1024-byte)"), (65536, "64 KiB (65536-byte)"),
                      (4 * 1024 * 1024, "4 MiB (4194304-byte)"), (1536, "1536-byte"), (3 * 1024 * 1024 + 1024, "3073 KiB (3146752-byte)")])
    func sizesReadAsSizes(_ bytes: Int, _ text: String) {
        #expect(LoadLimits.sizeDescription(bytes) == text)
    }

    @Test func scalarLimitNamesTheSize() {
        let limits = K.limits(scalarBytes: 1024)
        let key = String(repeating: "x", count: 1025)
        #expect(K.lines(K.yaml("a: \(key)", limits: limits).diagnostics) == [
            "t.yaml:1:4: error: scalar of 1025 bytes is over the 1 KiB (1024-byte) limit (raise it with --max-scalar-length)",
        ])
    }

    /// `017` reads 17 in YAML 1.2 and 15 in YAML 1.1: refused, with the reason, in every number field.
    @Test(arguments: ["017", "-017", "00", "007.5", "+01e2"])
    func leadingZerosAreRefused(_ text: String) {
        #expect(NumberSyntax.parse(text) == nil)
        #expect(NumberSyntax.rejectionReason(text) == "'\(text)' has a leading zero, which YAML 1.1 readers take as octal; write the number without it")
    }

    @Test(arguments: [("0", 0.0), ("0.5", 0.5), ("-0.25", -0.25), ("0e3", 0), ("10", 10), ("100.05", 100.05), (".5", 0.5)])
    func zerosThatAreNotLeadingStillRead(_ text: String, _ value: Double) {
        #expect(NumberSyntax.parse(text) == value)
        #expect(NumberSyntax.rejectionReason(text) == nil)
    }

    static let longKey = String(repeating: "k", count: 1100)

    /// libyaml's simple-key limit (1024 characters) in each place a key can stand.
    @Test(arguments: [
        ("a: 1\n\(longKey): 2\n", "2:1"),
        ("list:\n  - \(longKey): 2\n", "2:5"),
        ("a: { b: 1, \(longKey): 2 }\n", "1:12"),
        ("a: [ \(longKey): 2 ]\n", "1:6"),
        ("\"\(longKey)\": 1\n", "1:1"),
        ("a: { 'x \(longKey)': 2 }\n", "1:6"),
        ("a: { two words \(longKey): 2 }\n", "1:6"),
    ])
    func longKeysNameTheLimit(_ text: String, _ at: String) {
        let lines = K.lines(K.yaml(text).diagnostics)
        #expect(lines.first == "t.yaml:\(at): error: a mapping key longer than 1024 characters is not allowed (libyaml's simple-key limit); shorten the key", "\(lines.first?.prefix(200) ?? "")")
    }

    @Test func keysUpToTheLimitAreFine() {
        let key = String(repeating: "k", count: 1024)
        #expect(K.yaml("a: 1\n\(key): 2\n").diagnostics.isEmpty)
        #expect(K.yaml("a: { \(key): 2 }\n").diagnostics.isEmpty)
    }

    /// Other errors at a ':' keep libyaml's message, a long value before a second ':' included.
    @Test(arguments: ["a: b: c\n", "a: \(String(repeating: "k", count: 1100)): c\n", "a: x \(String(repeating: "k", count: 1100)): c\n"])
    func otherColonErrorsKeepLibyamlsMessage(_ text: String) {
        #expect(K.lines(K.yaml(text).diagnostics).first?.contains("mapping values are not allowed in this context") == true)
    }

    /// In a flow mapping, a long value before a second ':' is not a long key either.
    @Test func longFlowValueIsNotALongKey() {
        let first = K.lines(K.yaml("a: { b: \(String(repeating: "k", count: 1100)): c }\n").diagnostics).first ?? ""
        #expect(!first.contains("1024") && first.contains("error:"), "\(first.prefix(200))")
    }

    /// The byte-level fast path of `trimmingWhitespace` trims what the Unicode-property path trims.
    @Test(arguments: [("  > 10 ", "> 10"), ("x", "x"), ("", ""), (" \t\r\n ", ""), ("\u{A0}x\u{A0}", "x"), (" \u{85}y ", "y"),
                      (" \u{2003}10 mg/L", "10 mg/L"), ("é ", "é"), (" a b ", "a b"), ("\u{0B}v\u{0C}", "v")])
    func trimming(_ text: String, _ trimmed: String) {
        #expect(text.trimmingWhitespace() == trimmed)
        #expect(text[...].trimmingWhitespace() == trimmed)
    }

    /// A rule set loaded with a raised `--max-depth` accepts a formula nested deeper than 64.
    @Test func formulaDepthFollowsLoadLimits() throws {
        let formula = String(repeating: "(", count: 70) + "crp" + String(repeating: ")", count: 70)
        let yaml = """
            ruleset: { name: t, version: "1" }
            markers:
              crp: { name: CRP, unit: mg/L }
            derived:
              deep: { name: Deep, formula: "\(formula)" }
            """
        #expect(throws: DiagnosticsError.self) { try Engine.load([.text(yaml, name: "d.yaml")]) }
        var limits = LoadLimits()
        limits.maxDepth = 100
        #expect(throws: Never.self) { try Engine.load([.text(yaml, name: "d.yaml")], limits: limits) }
    }
}
