import Testing
@testable import Regimen

/// The test strings of the rule language: comparisons, ranges, half-open ranges, bands.
@Suite struct TestSyntaxTests {
    @Test(arguments: [
        // (text, values inside, values outside)
        ("> 10", [10.5, 1e9], [10.0, 0.0]),
        (">= 27", [27.0, 40.0], [26.999]),
        ("< 2.6", [2.59, 0.0], [2.6]),
        ("<= 10", [10.0, -1.0], [10.0001]),
        ("== 0", [0.0, -0.0], [0.0001]),
        ("!= 0", [1.0, -1.0], [0.0]),
        ("14..26", [14.0, 26.0, 20.0], [13.99, 26.01]),
        ("> 3.2 and <= 5.1", [3.21, 5.1], [3.2, 5.11]),
        (">= 2.6 and < 3.2", [2.6, 3.19], [2.59, 3.2]),
        ("  > 10  ", [11.0], [10.0]),
    ])
    func intervals(text: String, inside: [Double], outside: [Double]) throws {
        let test = try TestSyntax.parse(text).get()
        guard case .interval(let interval, nil) = test.kind else {
            Issue.record("\(text) did not parse as a unitless interval")
            return
        }
        for v in inside { #expect(interval.contains(v), "\(text) should contain \(v)") }
        for v in outside { #expect(!interval.contains(v), "\(text) should not contain \(v)") }
    }

    @Test(arguments: [
        ("> 10 mg/L", "mg/L"),
        ("0.5..1 mg/dL", "mg/dL"),
        ("> 1 mg/dL and < 2 mg/dL", "mg/dL"),
        ("> 1 and < 2 ug/dL", "ug/dL"),
    ])
    func units(text: String, unit: String) throws {
        let test = try TestSyntax.parse(text).get()
        guard case .interval(_, let parsed) = test.kind else { Issue.record("not an interval"); return }
        #expect(parsed == unit)
    }

    @Test func bandName() throws {
        #expect(try TestSyntax.parse("elevated").get().kind == .band("elevated"))
        #expect(throws: TestSyntaxError.self) { try TestSyntax.parse("elevated", allowBand: false).get() }
    }

    @Test(arguments: [
        ("10", "'10' is a bare number: write a comparison such as '>= 10' or '== 10', or a range such as '10..10'"),
        ("> ten", "expected a number after '>' in '> ten'"),
        ("26..14", "the range '26..14' is empty: 26 is above 14"),
        ("x..3", "expected a number before '..' in 'x..3'"),
        ("> 5 and < 3", "the range '> 5 and < 3' is empty"),
        ("< 5 and > 3", "'< 5 and > 3' must read '> LOW and < HIGH' (a lower bound, then an upper bound, each with >, >=, < or <=)"),
        ("> 1 mg/L and < 2 mg/dL", "both bounds of '> 1 mg/L and < 2 mg/dL' must use the same unit"),
        ("> .nan", "expected a number after '>' in '> .nan': NaN is not a number a test can compare against"),
        (">= NaN mg/L", "expected a number after '>=' in '>= NaN mg/L': NaN is not a number a test can compare against"),
        ("> .inf", "expected a number after '>' in '> .inf': '.inf' is not a finite number"),
        ("> 0x10", "expected a number after '>' in '> 0x10': '0x10' is a hexadecimal, octal or binary literal; write the value in decimal"),
        ("Elevated!", "'Elevated!' is not a test: write a comparison ('> 10 mg/L', '>= 27'), a range ('4..10') or a band name"),
    ])
    func errors(text: String, message: String) {
        switch TestSyntax.parse(text) {
        case .success: Issue.record("\(text) should not parse")
        case .failure(let error): #expect(error.message == message)
        }
    }
}
