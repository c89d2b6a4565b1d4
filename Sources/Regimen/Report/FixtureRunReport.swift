/// Renders a fixture run: text with a diff and the actual explanation for each failure, a
/// JSON summary, or JUnit XML for CI dashboards. Text ends with `N passed, N failed`.
extension ReportRenderer {
    /// Output formats of a fixture run: `text`, `json` and `junit` (JUnit XML).
    public enum FixtureFormat: String, Sendable, CaseIterable { case text, json, junit }

    /// Renders a fixture run in `format`. `coverage` adds the coverage report; `ruleSet` shows evidence by
    /// title in the text explanation of each failure; `color` adds ANSI colours to text.
    public static func fixtureRun(_ run: FixtureRun, as format: FixtureFormat, coverage: Bool, ruleSet: RuleSet?, color: Bool = false) -> String {
        switch format {
        case .text: return fixtureText(run, coverage: coverage, ruleSet: ruleSet, color: color)
        case .json: return fixtureJSON(run, coverage: coverage)
        case .junit: return junit(run)
        }
    }

    static func fixtureText(_ run: FixtureRun, coverage: Bool, ruleSet: RuleSet?, color: Bool) -> String {
        let s = Style(color: color)
        var out = ""
        for r in run.results {
            let name = r.file + (r.profile.map { " (\($0))" } ?? "")
            switch r.status {
            case .passed:
                out += "\(s.green)PASS\(s.reset) \(name)\n"
            case .error:
                out += "\(s.red)ERROR\(s.reset) \(name)\n"
                for d in r.diagnostics { out += indent(d.description, by: 4) + "\n" }
            case .failed:
                out += "\(s.red)FAIL\(s.reset) \(name)\n"
                for m in r.mismatches {
                    out += "    \(m.description)\n"
                    out += "      expected: [\(m.expected.joined(separator: ", "))]\n"
                    out += "      actual:   [\(m.actual.joined(separator: ", "))]\n"
                }
                if let e = r.evaluation {
                    out += "    actual evaluation:\n" + indent(text(e, ruleSet: ruleSet, color: false), by: 6) + "\n"
                }
            }
        }
        if coverage { out += coverageText(run.coverage) }
        out += "\(run.passed) passed, \(run.failed) failed\n"
        return out
    }

    static func coverageText(_ c: Coverage) -> String {
        var out = "\nRule coverage: \(c.rules.count - c.neverFired.count) of \(c.rules.count) rules fired by some fixture (\(percentText(c.percent)))\n"
        for r in c.rules { out += "  \(String(repeating: " ", count: max(0, 4 - String(r.fixtures).count)))\(r.fixtures)  \(r.rule)\n" }
        if !c.neverFired.isEmpty {
            out += "Rules never fired:\n"
            for r in c.neverFired { out += "  \(r.location): \(r.rule)\n" }
        }
        if !c.leavesNeverDecisive.isEmpty {
            out += "Tests that never decided their rule (no fixture makes them matter):\n"
            for l in c.leavesNeverDecisive { out += "  \(l.location.map { "\($0): " } ?? "")\(l.rule): \(l.test)\n" }
        }
        return out + "\n"
    }

    /// A percentage for display, with one decimal only when needed: `87.5%`, `100%`.
    public static func percentText(_ p: Double) -> String {
        let rounded = (p * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "%"
    }

    private static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    static func fixtureJSON(_ run: FixtureRun, coverage: Bool) -> String {
        var w = JSONWriter(pretty: true)
        w.object { w in
            w.field("passed"); w.value(run.passed)
            w.field("failed"); w.value(run.failed)
            w.field("results"); w.arrayValue { w in
                for r in run.results {
                    w.objectValue { w in
                        w.field("file"); w.value(r.file)
                        w.field("profile"); w.value(r.profile)
                        w.field("status"); w.value(r.status.rawValue)
                        w.field("mismatches"); w.arrayValue { w in
                            for m in r.mismatches {
                                w.objectValue { w in
                                    w.field("key"); w.value(m.key)
                                    w.field("expected"); w.strings(m.expected)
                                    w.field("actual"); w.strings(m.actual)
                                    w.field("missing"); w.strings(m.missing)
                                    w.field("unexpected"); w.strings(m.unexpected)
                                }
                            }
                        }
                        w.field("errors"); w.strings(r.diagnostics.map(\.headline))
                    }
                }
            }
            if coverage {
                w.field("coverage"); w.objectValue { w in
                    w.field("percent"); w.value(percentText(run.coverage.percent).replacingEvery("%", with: ""))
                    w.field("rules"); w.arrayValue { w in
                        for r in run.coverage.rules {
                            w.objectValue { w in
                                w.field("rule"); w.value(r.rule)
                                w.field("fixtures"); w.value(r.fixtures)
                            }
                        }
                    }
                    w.field("never_fired"); w.strings(run.coverage.neverFired.map(\.rule))
                    w.field("leaves_never_decisive"); w.arrayValue { w in
                        for l in run.coverage.leavesNeverDecisive {
                            w.objectValue { w in
                                w.field("rule"); w.value(l.rule)
                                w.field("test"); w.value(l.test)
                                w.field("location"); w.value(l.location?.description)
                            }
                        }
                    }
                }
            }
        }
        return w.output + "\n"
    }

    static func junit(_ run: FixtureRun) -> String {
        let errors = run.results.filter { $0.status == .error }.count
        let failures = run.results.filter { $0.status == .failed }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"regimen\" tests=\"\(run.results.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        out += "  <testsuite name=\"regimen fixtures\" tests=\"\(run.results.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\">\n"
        for r in run.results {
            let name = xml(r.profile ?? r.file)
            out += "    <testcase classname=\"fixtures\" name=\"\(name)\" file=\"\(xml(r.file))\""
            switch r.status {
            case .passed:
                out += "/>\n"
            case .failed:
                let summary = r.mismatches.map(\.description).joined(separator: "; ")
                var body = r.mismatches.map { "\($0.key): expected [\($0.expected.joined(separator: ", "))], actual [\($0.actual.joined(separator: ", "))]" }.joined(separator: "\n")
                if let e = r.evaluation { body += "\n\n" + text(e) }
                out += ">\n      <failure type=\"expectation\" message=\"\(xml(summary))\">\(xml(body))</failure>\n    </testcase>\n"
            case .error:
                let summary = r.diagnostics.first?.headline ?? "error"
                out += ">\n      <error type=\"input\" message=\"\(xml(summary))\">\(xml(r.diagnostics.map(\.description).joined(separator: "\n")))</error>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// XML 1.0 text: escapes markup and drops characters XML cannot carry.
    static func xml(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
