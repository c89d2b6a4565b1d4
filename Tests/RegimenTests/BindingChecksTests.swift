import Testing
@testable import Regimen

/// Binding checks marker, scale and given derived values against `BindingChecks`, numbers copied out of the
/// rule set: the ends of each range are accepted, values past them and fractional scores of
/// whole-number scales refused with the rule set's words.
@Suite struct BindingChecksTests {
    static let rules = """
        rules:
          - { id: r.phq9, title: phq9, when: { phq9: "> 10" }, recommend: cbt, strength: strong, because: x, evidence: [ev1] }
        """

    /// Ranged and whole-number facts beside the snippet's vocabulary.
    static let ranges = "\nscales:\n  nrs: { name: NRS, range: [0, 10], integer: true }\nmarkers:\n  ferritin: { name: Ferritin, unit: ug/L, range: [5, 1000], units: { ng/mL: 1 } }\nderived:\n  stress_score: { name: Stress score, formula: \"pss10 + phq9\", range: [0, 67] }\n  crp_twice: { name: CRP twice, formula: \"crp * 2\" }\n"

    private func problems(_ yaml: String) throws -> [String] {
        let engine = try Snippet.engine(Self.rules + Self.ranges)
        do {
            _ = try engine.evaluate(engine.profile(from: "id: p\n" + yaml, name: "p.yaml"), asOf: "2026-11-24")
            return []
        } catch {
            return error.diagnostics.map(\.message)
        }
    }

    @Test func rangeEndsAreAccepted() throws {
        #expect(try problems("scales: { pss10: 0, phq9: 27, nrs: 10 }\nmarkers: { ferritin: 5, crp: 0 }") == [])
        #expect(try problems("markers: { ferritin: 1000 ng/mL }") == [])
        #expect(try problems("scales: { pss10: 40.0 }") == [])
        #expect(try problems("scales: { stress_score: 0 }") == [])
        #expect(try problems("scales: { stress_score: 67 }") == [])
        // Without a range, any finite value is taken.
        #expect(try problems("scales: { crp_twice: 5000 }") == [])
    }

    @Test func valuesPastTheEndsAreRefused() throws {
        #expect(try problems("scales: { nrs: 11 }") == ["scale 'nrs' (NRS) runs from 0 to 10, found 11"])
        #expect(try problems("scales: { pss10: 40.5 }") == ["scale 'pss10' (PSS-10) runs from 0 to 40, found 40.5"])
        #expect(try problems("markers: { ferritin: 4.9 }") == ["marker 'ferritin' of 4.9 ug/L is outside its plausible range 5..1000 ug/L"])
        #expect(try problems("markers: { ferritin: 1000.5 ng/mL }") == ["marker 'ferritin' of 1000.5 ug/L is outside its plausible range 5..1000 ug/L"])
        // A derived fact given under `scales:` is checked against its own range.
        #expect(try problems("scales: { stress_score: 67.5 }") == ["'stress_score' (Stress score) runs from 0 to 67, found 67.5"])
        #expect(try problems("scales: { stress_score: -0.1 }") == ["'stress_score' (Stress score) runs from 0 to 67, found -0.1"])
    }

    @Test func wholeNumberScalesRefuseFractions() throws {
        #expect(try problems("scales: { nrs: 7.5 }") == ["scale 'nrs' (NRS) takes whole numbers, found 7.5"])
        // PSS-10 is not declared whole-number here.
        #expect(try problems("scales: { pss10: 7.5 }") == [])
    }

    @Test func theChecksFollowTheRuleSet() throws {
        let engine = try Snippet.engine(Self.rules + Self.ranges)
        let checks = engine.program.bindingChecks
        for (slot, scale) in engine.ruleSet.scales.enumerated() {
            #expect(checks.scales[slot].lower == scale.range.lowerBound)
            #expect(checks.scales[slot].upper == scale.range.upperBound)
            #expect(checks.scales[slot].integer == scale.integer)
        }
        for (slot, marker) in engine.ruleSet.markers.enumerated() {
            #expect(checks.markers[slot].hasRange == (marker.range != nil))
            if let range = marker.range {
                #expect(checks.markers[slot].lower == range.lowerBound)
                #expect(checks.markers[slot].upper == range.upperBound)
            }
        }
        #expect(checks.derived.count == engine.ruleSet.derived.count)
        #expect(checks.derived.contains { $0.hasRange }, "the snippet's derived facts include a ranged one")
        for (slot, fact) in engine.ruleSet.derived.enumerated() {
            #expect(checks.derived[slot].hasRange == (fact.range != nil))
            if let range = fact.range {
                #expect(checks.derived[slot].lower == range.lowerBound)
                #expect(checks.derived[slot].upper == range.upperBound)
            }
        }
    }

    /// `RangeCheck.admits` against what it replaced, `range.map { $0.contains(v) } ?? true`,
    /// for ranges with and without width, no range, and values on and around the bounds,
    /// special values included.
    @Test(arguments: [nil, 0...0, 0...10, -5.5...2.25, 5...1000, -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude] as [ClosedRange<Double>?])
    func rangeCheckAgreesWithClosedRange(_ range: ClosedRange<Double>?) {
        let check = BindingChecks.RangeCheck(range)
        var values: [Double] = [0, -0.0, 1, -1, 10, 1000, 4.9, 1000.5, .infinity, -.infinity, .nan,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
        if let range { values += [range.lowerBound, range.upperBound] }
        for v in values { values += [v.nextUp, v.nextDown] }
        for v in values {
            #expect(check.admits(v) == (range.map { $0.contains(v) } ?? true), "\(v) in \(String(describing: range))")
        }
    }

    /// `isWhole` against the rounding it replaces, on the edges of its fast path, special
    /// values and random ones of every magnitude.
    @Test func isWholeAgreesWithRounding() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1, -1, 1.5, 2.5, -2.5, 7, 7.5, 27, 40.000000000000007,
                                0x1p52, -0x1p52, 0x1p53, 0x1p63, -0x1p63, 0x1p64, 1e300, -1e300,
                                .infinity, -.infinity, .nan, -.nan, .signalingNaN,
                                .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .ulpOfOne, 1 - .ulpOfOne / 2]
        for v in values { values += [v.nextUp, v.nextDown, v + 0.5, v - 0.5] }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            values.append(Double(bitPattern: generator.next()))
            values.append(Double(Int.random(in: -1000...1000, using: &generator)) / 4)
            values.append(Double.random(in: -0x1p54...0x1p54, using: &generator).rounded(.down) + [0, 0.25, 0.5].randomElement(using: &generator)!)
        }
        for v in values {
            #expect(BindingChecks.isWhole(v) == (v == v.rounded()), "\(v) (bits \(String(v.bitPattern, radix: 16)))")
        }
    }
}
