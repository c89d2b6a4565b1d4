import Testing
@testable import Regimen

/// The line writer formats numbers and escapes strings itself, for speed; its bytes must stay
/// those of `Double.shortDescription` and `JSONWriter.quoted`, which the other reports use.
/// `shortDescription` itself shares the line writer's digits, so both are held to the
/// definition written out here: a whole number below 10^15 as an integer, anything else as the
/// standard library describes it.
@Suite struct JSONLineWriterTests {
    private func reference(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }

    private func written(_ body: (inout JSONLineWriter) -> Void) -> String {
        var w = JSONLineWriter(capacity: 8)
        body(&w)
        var bytes: [UInt8] = []
        w.finish(appendingTo: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func expectShortDescription(_ values: [Double]) {
        for v in values {
            let expected = reference(v)
            #expect(written { $0.shortNumber(v) } == expected, "\(v.bitPattern)")
            #expect(v.shortDescription == expected, "\(v.bitPattern)")
        }
    }

    @Test func numbersAreWrittenAsShortDescription() {
        expectShortDescription([
            0, -0.0, 1, -1, 10, 0.5, -0.5, 0.05, 0.001, 0.0011, 0.000999, 0.0001, 1e-5, 0.1 + 0.2, 2.675, 3.44, 50.9,
            7.49, 16.5, 34.4, 1e9 - 0.5, 1e9 + 0.5, 123456789.123, 999999999.9999999, 1e15 - 0.5, 1e15, 1e15 + 2,
            9007199254740993, 1e16, 1e300, 5e-324, .greatestFiniteMagnitude, .leastNormalMagnitude, .infinity,
            -.infinity, 1.0 / 3, 2.0 / 3, 0.1, 0.7, 1.15, 99.95, 4.35, 1.005, 8.675, 0.30000000000000004,
        ])
    }

    @Test func roundedAndRandomNumbersAreWrittenAsShortDescription() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = []
        for _ in 0..<200_000 {
            let magnitude = Double.random(in: -4...10, using: &generator)
            let raw = Double.random(in: 1...10, using: &generator) * pow10(magnitude.rounded(.down))
            let sign: Double = Bool.random(using: &generator) ? -1 : 1
            let decimals = Int.random(in: 0...8, using: &generator)
            let scale = pow10(Double(decimals))
            values.append(sign * raw)
            values.append(sign * (raw * scale).rounded() / scale)
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
            values.append(sign * Double(Int.random(in: 0...100_000, using: &generator)) / 1000)
        }
        expectShortDescription(values.filter(\.isFinite))
    }

    private func pow10(_ e: Double) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<Int(e) { r *= 10 } } else { for _ in 0..<Int(-e) { r /= 10 } }
        return r
    }

    /// Explanations write a value with its unit or band in one go: `18 mg/L`, `58 years`,
    /// `29 (high)`; a unit too long for the stack buffer falls back to joining strings.
    @Test(arguments: [
        (18.0, "mg/L", nil, "18 mg/L"), (1.8, "mg/dL", nil, "1.8 mg/dL"), (58, "years", nil, "58 years"),
        (-0.05, "mmol/L", nil, "-0.05 mmol/L"), (1e300, "g", nil, "1e+300 g"), (29, nil, "high", "29 (high)"),
        (5.4, nil, nil, "5.4"), (0.1 + 0.2, nil, "band", "0.30000000000000004 (band)"),
        (7.25, String(repeating: "u", count: 80), nil, "7.25 " + String(repeating: "u", count: 80)),
        (3, nil, String(repeating: "b", count: 70), "3 (" + String(repeating: "b", count: 70) + ")"),
    ] as [(Double, String?, String?, String)])
    func valuesWithUnitOrBand(_ v: Double, _ unit: String?, _ band: String?, _ expected: String) {
        if let unit {
            #expect(v.shortDescription(unit: unit) == expected)
        } else {
            #expect(v.shortDescription(band: band) == expected)
        }
    }

    @Test func integersAreWrittenAsTheirDescription() {
        for v in [0, 1, -1, 9, 10, 99, 100, 12345, -987654321, Int.max, Int.min] {
            #expect(written { $0.int(v) } == String(v))
        }
    }

    @Test func stringsAreEscapedAsJSONWriterEscapesThem() {
        let samples = ["", "plain", "quote \" and \\ backslash", "tab\there", "nul \u{0} and \u{1F} and \u{7F}",
                       "line\u{2028}separator\u{2029}", "dash \u{2013} and \u{2026}", "naïve café", "emoji 👍",
                       String(repeating: "long ", count: 10_000)]
        for s in samples {
            #expect(written { $0.string(s) } == JSONWriter.quoted(s))
            #expect(written { $0.string(Optional(s)) } == JSONWriter.quoted(s))
        }
        #expect(written { $0.string(nil as String?) } == "null")
    }
}
