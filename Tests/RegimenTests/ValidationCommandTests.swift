import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Regimen

/// `regimen validate`, `regimen test` and `regimen rules` end to end, and the machine-readable
/// formats CI systems read (SARIF for GitHub code scanning, JUnit, annotations).
@Suite struct ValidationCommandTests {
    /// A rule set with one error-free warning (an unused option) and one conflict.
    static func ruleDirectory(extra: String = "") throws -> String {
        let dir = try CommandLineTests.temporaryDirectory()
        try Checks.exampleBase.write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try ("options:\n  yoga: { name: Yoga, kind: holistic }\n" + extra).write(toFile: dir + "/extra.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func warningsPassUnlessStrict() throws {
        let dir = try Self.ruleDirectory()
        let plain = try CommandLineTests.run(["validate", dir])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("\(dir)/extra.yaml:2:3: warning: option 'yoga' is not referenced by any rule [unused-option]"))
        #expect(plain.stdout.hasSuffix("0 errors, 1 warning in 2 files\n"))
        let strict = try CommandLineTests.run(["validate", dir, "--strict"])
        #expect(strict.status == 1)
    }

    @Test func errorsExitOne() throws {
        let dir = try Self.ruleDirectory(extra: "rules:\n  - { id: x, title: t, when: { condition: fibromyalgai }, recommend: yoga, strength: strong, because: b, evidence: [ev] }\n")
        let r = try CommandLineTests.run(["validate", dir])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(dir)/extra.yaml:4:43: error: unknown condition 'fibromyalgai' (did you mean 'fibromyalgia'?) [undefined-reference]"), "\(r.stdout)")
    }

    @Test func unreadablePathIsAUsageError() throws {
        let r = try CommandLineTests.run(["validate", "/no/such/rules"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such file or directory: /no/such/rules"))
    }

    @Test func githubAnnotations() throws {
        let dir = try Self.ruleDirectory()
        let r = try CommandLineTests.run(["validate", dir, "--format", "github"])
        #expect(r.stdout == "::warning file=\(dir)/extra.yaml,line=2,col=3,title=regimen unused-option::option 'yoga' is not referenced by any rule\n")
    }

    @Test func jsonFindingsAreAStableArray() throws {
        let dir = try Self.ruleDirectory()
        let r = try CommandLineTests.run(["validate", dir, "--format", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 1)
        let f = try #require(array.first)
        #expect(f["check"] as? String == "unused-option")
        #expect(f["severity"] as? String == "warning")
        #expect(f["line"] as? Int == 2)
        #expect(f["column"] as? Int == 3)
        #expect((f["help"] as? String)?.isEmpty == false)
    }

    /// Everything SARIF 2.1.0 requires of a log that GitHub code scanning ingests.
    @Test func sarifHasWhatGitHubCodeScanningRequires() throws {
        let dir = try Self.ruleDirectory(extra: "rules:\n  - { id: x, title: t, when: { condition: fibromyalgai }, recommend: yoga, strength: strong, because: b, evidence: [ev] }\n")
        let r = try CommandLineTests.run(["validate", dir, "--format", "sarif"], in: dir)
        #expect(r.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "regimen")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == Checks.all.map(\.id))
        for rule in rules {
            #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(level == "error" || level == "warning")
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(Checks.all.contains { $0.id == ruleID })
            if let index = result["ruleIndex"] as? Int { #expect(rules[index]["id"] as? String == ruleID) }
            #expect(["error", "warning", "note"].contains(result["level"] as? String))
            #expect((result["message"] as? [String: Any])?["text"] is String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first)
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(uri == "extra.yaml", "URIs are relative to the working directory (the repository root in CI)")
            let region = try #require(physical["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1)
            #expect((region["startColumn"] as? Int ?? 0) >= 1)
        }
        let error = try #require(results.first { $0["ruleId"] as? String == "undefined-reference" })
        let region = try #require(((error["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 4)
        #expect(region["startColumn"] as? Int == 43)
    }

    @Test func listChecks() throws {
        let r = try CommandLineTests.run(["validate", "--list-checks"])
        #expect(r.status == 0)
        for check in Checks.all { #expect(r.stdout.contains("\(check.id) (\(check.severity.rawValue))")) }
    }

    // MARK: regimen test

    static func fixtureDirectory(_ fixtures: [String: String]) throws -> String {
        let dir = try CommandLineTests.temporaryDirectory()
        for (name, text) in fixtures { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    static let base = Checks.exampleBase

    @Test func fixtureRunReportsDiffAndCounts() throws {
        let rules = try CommandLineTests.temporaryDirectory()
        try Self.base.write(toFile: rules + "/base.yaml", atomically: true, encoding: .utf8)
        let dir = try Self.fixtureDirectory([
            "a-pass.yaml": "id: a\nconditions: [fibromyalgia]\nexpect: { recommend: [exercise], gaps: [pss10] }\n",
            "b-fail.yaml": "id: b\nconditions: [fibromyalgia]\nexpect: { recommend: [mbsr] }\n",
            "c-error.yaml": "id: c\nconditions: [fibromyalgai]\nexpect: { recommend: [] }\n",
            "d-json.json": "{\"id\": \"d\", \"scales\": {\"pss10\": 27}, \"expect\": {\"recommend\": [\"mbsr\"]}}",
        ])
        let r = try CommandLineTests.run(["test", dir, "--rules", rules])
        #expect(r.status == 1)
        #expect(r.stdout.contains("PASS \(dir)/a-pass.yaml (a)"))
        #expect(r.stdout.contains("FAIL \(dir)/b-fail.yaml (b)\n    recommend: missing mbsr; unexpected exercise\n      expected: [mbsr]\n      actual:   [exercise]\n    actual evaluation:"))
        #expect(r.stdout.contains("ERROR \(dir)/c-error.yaml"))
        #expect(r.stdout.contains("c-error.yaml:2:14: error: unknown condition 'fibromyalgai'"))
        #expect(r.stdout.contains("PASS \(dir)/d-json.json (d)"))
        #expect(r.stdout.hasSuffix("2 passed, 2 failed\n"))
    }

    @Test func coverageAndMinimum() throws {
        let rules = try CommandLineTests.temporaryDirectory()
        try Self.base.write(toFile: rules + "/base.yaml", atomically: true, encoding: .utf8)
        let dir = try Self.fixtureDirectory([
            "a.yaml": "id: a\nconditions: [fibromyalgia]\nexpect: { recommend: [exercise] }\n",
        ])
        let r = try CommandLineTests.run(["test", dir, "--rules", rules, "--coverage"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Rule coverage: 1 of 3 rules fired by some fixture (33.3%)"))
        #expect(r.stdout.contains("Rules never fired:\n  base.yaml:") || r.stdout.contains("Rules never fired:\n  \(rules)/base.yaml:"))
        #expect(r.stdout.contains("base.mbsr"))
        #expect(r.stdout.contains("Tests that never decided their rule"))
        let strict = try CommandLineTests.run(["test", dir, "--rules", rules, "--min-coverage", "50"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("rule coverage 33.3% is below --min-coverage 50%"))
    }

    @Test func junitIsWellFormed() throws {
        let rules = try CommandLineTests.temporaryDirectory()
        try Self.base.write(toFile: rules + "/base.yaml", atomically: true, encoding: .utf8)
        let dir = try Self.fixtureDirectory([
            "a.yaml": "id: a\nconditions: [fibromyalgia]\nexpect: { recommend: [exercise] }\n",
            "b.yaml": "id: b<&>\nconditions: [fibromyalgia]\nexpect: { recommend: [] }\n",
        ])
        let r = try CommandLineTests.run(["test", dir, "--rules", rules, "--format", "junit"])
        #expect(r.status == 1)
        let document = try XMLDocument(data: Data(r.stdout.utf8))
        let suites = try #require(document.rootElement())
        #expect(suites.name == "testsuites")
        #expect(suites.attribute(forName: "tests")?.stringValue == "2")
        #expect(suites.attribute(forName: "failures")?.stringValue == "1")
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 2)
        let failure = try document.nodes(forXPath: "//testcase[@name='b<&>']/failure")
        #expect(failure.count == 1)
    }

    @Test func shippedFixturesPassWithFullCoverage() throws {
        let r = try CommandLineTests.run(["test", "--coverage", "--min-coverage", "100"])
        #expect(r.status == 0, "\(r.stdout.suffix(3000))\(r.stderr)")
        #expect(r.stdout.hasSuffix(" passed, 0 failed\n"))
        #expect(!r.stdout.contains("Rules never fired"))
    }

    @Test func catalogueIsCheckedInAndCurrent() throws {
        let r = try CommandLineTests.run(["rules", "--format", "markdown"])
        #expect(r.status == 0)
        let checkedIn = try String(contentsOfFile: Package.path("Rules/CATALOGUE.md"), encoding: .utf8)
        #expect(r.stdout == checkedIn, "Rules/CATALOGUE.md is stale: run `swift run regimen rules --format markdown > Rules/CATALOGUE.md`")
    }

    @Test func ruleShowAndUnknownRule() throws {
        let r = try CommandLineTests.run(["rules", "show", "fm.exercise", "--rules", "Rules"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("fm.exercise: "))
        #expect(r.stdout.contains("when:"))
        let missing = try CommandLineTests.run(["rules", "show", "fm.exercse"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no rule 'fm.exercse'"))
    }
}
