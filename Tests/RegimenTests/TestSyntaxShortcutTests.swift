import Testing
@testable import Regimen

/// `TestSyntax.parse` reads plain comparisons (`> 10 mg/L`) straight from the bytes; it must
/// give exactly what the general reading gives, for every text the shortcut might take or
/// wrongly take: operators, spacing, number spellings, units, white space around.
@Suite struct TestSyntaxShortcutTests {
    static let operators = ["", ">", ">=", "<", "<=", "==", "!=", "=", "!", "=>", "<>", "> =", ">>"]
    static let gaps = ["", " ", "  ", "\t"]
    static let numbers = ["10", "0", "-3", "+4", "2.5", ".5", "5.", "1e3", "0x1A", "017", "nan", "ten", "1..2", "1,5", "", "and"]
    static let units: [String?] = [nil, "mg/L", "10*9/L", "mg /L", " mg", "and", "and x", "µmol/L", "", "x "]
    static let ends = [("", ""), (" ", ""), ("", " "), ("", "\n"), ("\u{00A0}", "")]

    static func describe(_ result: Result<TestSyntax, TestSyntaxError>) -> String {
        switch result {
        case .success(let test): return "ok \(test)"
        case .failure(let error): return "error \(error.message)"
        }
    }

    @Test func shortcutAgreesWithTheGeneralReading() {
        var compared = 0, differing: [String] = []
        for op in Self.operators {
            for gap in Self.gaps {
                for number in Self.numbers {
                    for unit in Self.units {
                        for (lead, trail) in Self.ends {
                            let text = lead + op + gap + number + (unit.map { " " + $0 } ?? "") + trail
                            for allowBand in [true, false] {
                                let quick = Self.describe(TestSyntax.parse(text, allowBand: allowBand))
                                let general = Self.describe(TestSyntax.parseGenerally(text, allowBand: allowBand))
                                compared += 1
                                if quick != general, differing.count < 5 { differing.append("'\(text)': \(quick) vs \(general)") }
                            }
                        }
                    }
                }
            }
        }
        #expect(differing.isEmpty, "\(differing)")
        #expect(compared == 13 * 4 * 16 * 10 * 5 * 2)
    }

    @Test(arguments: [
        ("> 10", "> 10"), (">=27", ">=27"), ("< 2 mg/dL", "< 2 mg/dL"), ("<= 14.66 10*9/L", "<= 14.66 10*9/L"),
        ("== 0", "== 0"), ("!= 1", "!= 1"),
    ])
    func plainComparisonsAreRead(text: String, expected: String) throws {
        let test = try TestSyntax.parse(text).get()
        #expect(test.text == expected)
        guard case .interval = test.kind else { Issue.record("not an interval: \(test)"); return }
    }

    /// Band names take a shortcut too; it must give what the general reading gives for words
    /// that are ids and words that nearly are.
    @Test func bandShortcutAgreesWithTheGeneralReading() {
        let words = ["high", "low", "very_high", "a", "a1", "z_9", "1a", "_a", "High", "hi gh", " high", "high ", "high\n",
                     "h\u{0430}", "hïgh", "", "high-risk", "and", "ten", String(repeating: "a", count: 128), String(repeating: "a", count: 129)]
        for word in words {
            for allowBand in [true, false] {
                #expect(Self.describe(TestSyntax.parse(word, allowBand: allowBand)) == Self.describe(TestSyntax.parseGenerally(word, allowBand: allowBand)), "'\(word)'")
            }
        }
    }
}
