import Testing
@testable import Regimen

@Suite struct UnitConversionTests {
    @Test(arguments: [
        // (value given in the profile, expected canonical value)
        ("crp: 18", 18.0),
        ("crp: 18 mg/L", 18.0),
        ("crp: 1.8 mg/dL", 18.0),
        ("crp: 2.6 mg/dL", 26.0),          // 2.6 * 10 is 26.000000000000004 before normalising
        ("crp: 1.8 mg/dl", 18.0),          // UCUM's l and L are both litre
        ("crp: { value: 0.1, unit: mg/dL }", 1.0),
        ("cortisol: 10 ug/dL", 275.9),
        ("cortisol: 10 µg/dL", 275.9),     // micro sign
        ("cortisol: 10 μg/dL", 275.9),     // Greek mu
        ("cortisol: 300 nmol/L", 300.0),
    ])
    func profileValuesConvertToCanonical(marker: String, canonical: Double) throws {
        let engine = try Snippet.engine("rules: []")
        let profile = try Snippet.profile(engine, "id: p\nmarkers: { \(marker) }")
        let bound = try engine.program.bind(profile).get()
        let slot = Int(try #require(engine.program.markerSlots[marker.hasPrefix("crp") ? "crp" : "cortisol"]))
        #expect(bound.markers[slot] == canonical)
    }

    @Test(arguments: [
        // (threshold as written, profile crp in mg/L, expected truth)
        ("> 1 mg/dL", 10.0, Truth.false),
        ("> 1 mg/dL", 10.5, .true),
        (">= 1 mg/dL", 10.0, .true),
        ("0.5..1 mg/dL", 5.0, .true),
        ("0.5..1 mg/dL", 10.1, .false),
        ("> 10", 10.0, .false),
        ("<= 10", 10.0, .true),
        ("!= 10", 10.0, .false),
        ("== 10", 10.0, .true),
        ("elevated", 10.0, .false),
        ("elevated", 10.01, .true),
        ("normal", 10.0, .true),
    ])
    func thresholdsConvertAtCompileTime(test: String, crp: Double, expected: Truth) throws {
        let engine = try Snippet.engine("""
            rules:
              - { id: r, title: t, when: { crp: "\(test)" }, recommend: exercise, strength: strong, because: x, evidence: [ev1] }
            """)
        let profile = try Snippet.profile(engine, "id: p\nmarkers: { crp: \(crp) }")
        let bound = try engine.program.bind(profile).get()
        #expect(engine.program.truths(for: bound)[Int(engine.program.rules[0].when)] == expected)
    }

    @Test func incompatibleThresholdUnitIsACompileError() throws {
        let error = #expect(throws: DiagnosticsError.self) {
            try Snippet.engine("""
                rules:
                  - { id: r, title: t, when: { crp: "> 10 mmol/L" }, recommend: exercise, strength: strong, because: x, evidence: [ev1] }
                """)
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message == "'mmol/L' is not a unit of marker 'crp': use one of mg/L, mg/dL, or declare its factor under 'units'")
        #expect(diagnostic.location == SourceLocation(file: "rules.yaml", line: 2, column: 37))
    }

    @Test func scaleThresholdWithUnitIsACompileError() throws {
        let error = #expect(throws: DiagnosticsError.self) {
            try Snippet.engine("""
                rules:
                  - { id: r, title: t, when: { pss10: "> 10 points" }, recommend: exercise, strength: strong, because: x, evidence: [ev1] }
                """)
        }
        #expect(error?.diagnostics.first?.message == "scale 'pss10' has no unit, but the test '> 10 points' gives 'points'")
    }

    @Test func unknownProfileUnitListsAcceptedOnes() throws {
        let engine = try Snippet.engine("rules: []")
        let error = #expect(throws: DiagnosticsError.self) {
            try Snippet.profile(engine, "id: p\nmarkers:\n  cortisol: 10 mmol/L\n")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message == "'mmol/L' is not a unit of marker 'cortisol' (Serum cortisol): use one of nmol/L, ug/dL (did you mean 'nmol/L'?)")
        #expect(diagnostic.location == SourceLocation(file: "profile.yaml", line: 3, column: 13))
    }

    @Test(arguments: [0.0, 1.5, 26.000000000000004, 275.90000000000003, 1e-9, 123456.789])
    func normalisingKeepsTwelveSignificantDigits(value: Double) {
        let n = Units.normalized(value)
        #expect(abs(n - value) <= abs(value) * 1e-11)
        #expect(Units.normalized(n) == n)
    }
}

@Suite struct RegressionTests {
    /// Aliases could nest an anchor's content below the alias, past the depth cap, and a
    /// chain of them reached any depth (a stack overflow in the recursive predicate decoder).
    @Test func aliasChainsCannotExceedTheDepthCap() {
        var yaml = "a: &a " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "\n"
        var previous = "a"
        for i in 0..<20 {
            yaml += "b\(i): &b\(i) " + String(repeating: "[", count: 30) + "*\(previous)" + String(repeating: "]", count: 30) + "\n"
            previous = "b\(i)"
        }
        let output = YAMLLoader().load(Array(yaml.utf8), file: "deep.yaml")
        #expect(output.root == nil)
        #expect(output.diagnostics.first?.message == "alias '*a' nests its anchor's content deeper than 64 levels (raise the limit with --max-depth)")
        #expect(output.diagnostics.first?.location == SourceLocation(file: "deep.yaml", line: 2, column: 39))
    }

    /// UCUM is case-sensitive: only litre's l/L (and the micro signs) are folded.
    @Test func unitCaseIsNotFolded() throws {
        let engine = try Snippet.engine("rules: []")
        #expect(throws: DiagnosticsError.self) { try Snippet.profile(engine, "id: p\nmarkers: { crp: 1 MG/L }") }
        #expect(try Snippet.profile(engine, "id: p\nmarkers: { crp: 1 mg/l }").markers.first?.measurement.unit == "mg/l")
    }

    /// Core tags must fit what they tag; `!!int "10"` is the number the tag says.
    @Test func coreTagsMustFit() {
        let bad = YAMLLoader().load(Array("a: !!int abc\nb: !!map [1]\nc: !!bool yes\n".utf8), file: "t.yaml")
        #expect(bad.diagnostics.map(\.headline) == [
            "t.yaml:1:4: error: tag '!!int' does not fit 'abc'",
            "t.yaml:2:4: error: tag '!!map' does not fit a list",
            "t.yaml:3:4: error: tag '!!bool' does not fit 'yes'",
        ])
        let good = YAMLLoader().load(Array("a: !!int \"10\"\nb: !!str 10\n".utf8), file: "t.yaml")
        #expect(good.diagnostics.isEmpty)
        guard case .mapping(let entries)? = good.root?.kind else { Issue.record("no mapping"); return }
        #expect(entries[0].value.scalar?.isPlain == true)
        #expect(entries[1].value.scalar?.isPlain == false)
    }

    /// A value with a unit still says why its number is refused.
    @Test func refusedNumberWithUnitKeepsItsReason() throws {
        let engine = try Snippet.engine("rules: []")
        let error = #expect(throws: DiagnosticsError.self) { try Snippet.profile(engine, "id: p\nmarkers: { crp: .nan mg/L }") }
        #expect(error?.diagnostics.first?.message.hasSuffix(": '.nan' is not a finite number") == true)
    }

    /// A 100,000-character line is quoted as a window around the column, caret aligned.
    @Test func longSourceLinesAreQuotedAsAWindow() {
        let line = String(repeating: "[", count: 100_000)
        var d = Diagnostic.error("too deep", at: SourceLocation(file: "t.yaml", line: 1, column: 65))
        d.sourceLine = line
        let lines = d.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].unicodeScalars.count <= 122)
        #expect(lines[1].hasPrefix("…"))
        #expect(lines[1].hasSuffix("…"))
        #expect(lines[2] == String(repeating: " ", count: 61) + "^")
    }
}
