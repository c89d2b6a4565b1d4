import Foundation
import Testing
@testable import Regimen

/// The built `regimen` binary, run as a user would: exit codes, output shapes, errors.
@Suite struct CommandLineTests {
    /// The executable sits beside the test bundle in the build folder.
    static let executable: String? = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("regimen").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: String = Package.root, stdin: String? = nil) throws -> Run {
        let path = try #require(executable, "the regimen executable was not built beside the tests")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Both pipes are drained at once: reading one to its end first would deadlock a child
        // that fills the other.
        let errBox = DataBox()
        let errThread = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.done { usleep(1000) }
        let errData = errBox.data
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "regimen-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func evaluatesWithEmbeddedRulesFromAnotherDirectory() throws {
        let elsewhere = try Self.temporaryDirectory()
        let r = try Self.run(["evaluate", Package.path("Fixtures/ra-screening-unknown.yaml")], in: elsewhere)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Recommended options"))
        #expect(r.stdout.contains("Rule out first: Latent tuberculosis infection [latent_tb]"))
        #expect(r.stdout.contains("Decision support only; not a substitute for clinical judgement."))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func jsonFollowsTheContract() throws {
        let r = try Self.run(["evaluate", "Fixtures/ra-screening-unknown.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["profile", "ruleset", "engine", "recommendations", "avoid", "withheld", "gaps", "disclaimer"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["profile"] as? String == "ra-screening-unknown")
        let ruleset = try #require(object["ruleset"] as? [String: Any])
        #expect(ruleset["name"] as? String == "pain-immune-core")
        #expect((ruleset["hash"] as? String)?.hasPrefix("sha256:") == true)
        #expect((ruleset["hash"] as? String)?.count == 7 + 64)
        #expect((object["engine"] as? String)?.hasPrefix("regimen ") == true)
        let recommendations = try #require(object["recommendations"] as? [[String: Any]])
        let first = try #require(recommendations.first)
        for key in ["option", "name", "kind", "strength", "priority", "requires", "because"] {
            #expect(first[key] != nil, "recommendation missing \(key)")
        }
        let because = try #require((first["because"] as? [[String: Any]])?.first)
        for key in ["rule", "text", "evidence", "matched"] {
            #expect(because[key] != nil, "reason missing \(key)")
        }
        let matched = try #require((because["matched"] as? [[String: Any]])?.first)
        #expect(matched["test"] is String)
        #expect(matched["result"] != nil)
        #expect(recommendations.contains { ($0["requires"] as? [String])?.contains("latent_tb") == true })
    }

    @Test func severalProfilesGiveJSONLines() throws {
        let r = try Self.run(["evaluate", "Fixtures/fm-basic.yaml", "Fixtures/cpp-ng193.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let ids = try lines.map { line -> String? in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["profile"] as? String
        }
        #expect(ids == ["fm-basic", "cpp-ng193"])
    }

    @Test func markdownHasHeadingsAndDisclaimer() throws {
        let r = try Self.run(["evaluate", "Fixtures/cpp-ng193.yaml", "--format", "markdown"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# Regimen evaluation: cpp-ng193"))
        #expect(r.stdout.contains("## Advised against"))
        #expect(r.stdout.contains("> Decision support only"))
    }

    @Test func whyNotNamesTheContraindication() throws {
        let r = try Self.run(["evaluate", "Fixtures/ra-mtx-failed-active-infection.yaml", "--why-not", "tnf_inhibitor"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("is withheld: contraindicated by active_infection"))
        let json = try Self.run(["evaluate", "Fixtures/ra-mtx-failed-active-infection.yaml", "--why-not", "tnf_inhibitor", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "withheld")
    }

    @Test func unknownWhyNotOptionIsAUsageError() throws {
        let r = try Self.run(["evaluate", "Fixtures/fm-basic.yaml", "--why-not", "tnf_inhibitr"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown option 'tnf_inhibitr' for --why-not (did you mean 'tnf_inhibitor'?)"))
    }

    @Test(arguments: [
        (["evaluate"], "give at least one profile file or directory (or --batch to read JSON Lines)"),
        (["evaluate", "--batch", "a.jsonl", "b.jsonl"], "--batch reads one JSON Lines file"),
        (["evaluate", "--batch", "--format", "text"], "--batch writes JSON Lines"),
        (["evaluate", "--batch", "--jobs", "0"], "--jobs must be at least 1"),
        (["evaluate", "Fixtures/fm-basic.yaml", "--as-of", "2026-02-30"], "--as-of must be a date written YYYY-MM-DD"),
        (["evaluate", "Fixtures/fm-basic.yaml", "--format", "xml"], "--format"),
        (["frobnicate"], "Unexpected argument"),
        (["evaluate", "Fixtures/fm-basic.yaml", "--max-depth", "0"], "--max-depth must be at least 1"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) throws {
        let r = try Self.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func malformedProfileIsLocatedAndExitsTwo() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir + "/p.yaml"
        try "id: p\nconditions: [fibromyalgai]\nscales:\n  pss10: 55\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Self.run(["evaluate", file])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("\(file):2:14: error: unknown condition 'fibromyalgai' in 'conditions' (did you mean 'fibromyalgia'?)"))
        #expect(r.stderr.contains("\(file):4:10: error: scale 'pss10'"))
        #expect(r.stderr.contains("conditions: [fibromyalgai]\n             ^"))
    }

    @Test func goodProfilesStillPrintWhenOneIsBad() throws {
        let dir = try Self.temporaryDirectory()
        let bad = dir + "/bad.json"
        try "{\"id\": \"x\",}".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try Self.run(["evaluate", "Fixtures/fm-basic.yaml", bad, "--format", "json"])
        #expect(r.status == 1, "several profiles are items: a bad one is a finding, the rest still run")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"profile\":\"fm-basic\"") == true)
        #expect(lines.last == "{\"file\":\"\(bad)\",\"error\":\"\(bad):1:11: error: trailing comma before '}' (JSON does not allow it)\"}")
        #expect(r.stderr.contains("\(bad):1:11: error: trailing comma before '}'"))
        #expect(r.stderr.contains("1 of 2 profiles could not be evaluated"))
    }

    @Test func missingFileIsReported() throws {
        let r = try Self.run(["evaluate", "no/such/profile.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such file or directory: no/such/profile.yaml"))
    }

    @Test func brokenRulesDirectoryIsLocatedAndExitsTwo() throws {
        let dir = try Self.temporaryDirectory()
        try """
            ruleset: { name: t, version: "1" }
            options:
              exercise: { name: Exercise, kind: holistic }
            evidence:
              ev: { title: T, source: S, year: 2020 }
            rules:
              - id: r1
                title: t
                when: { condition: fibromyalgia }
                recomend: exercise
                strength: strong
                because: x
                evidence: [ev]
            """.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        let r = try Self.run(["evaluate", "Fixtures/fm-basic.yaml", "--rules", dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(dir)/rules.yaml:10:5: error: unknown key 'recomend' in a rule (did you mean 'recommend'?)"), "\(r.stderr)")
        #expect(r.stderr.contains("rule 'r1' needs 'recommend: OPTION' or 'avoid: OPTION'"))
    }

    @Test func rulesFromDiskHashLikeEmbedded() throws {
        let a = try Self.run(["evaluate", "Fixtures/fm-basic.yaml", "--format", "json"])
        let b = try Self.run(["evaluate", "Fixtures/fm-basic.yaml", "--format", "json", "--rules", "Rules"])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test func helpTeaches() throws {
        let r = try Self.run(["evaluate", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--why-not"))
        #expect(r.stdout.contains("conditions: [rheumatoid_arthritis]"))
        let version = try Self.run(["--version"])
        #expect(version.stdout.hasPrefix("regimen 0."))
    }

    // MARK: batch

    static func batchInput() throws -> (lines: [String], expected: [String?]) {
        var lines: [String] = []
        var expected: [String?] = []
        for name in ["fm-basic", "cpp-ng193", "ra-screening-unknown", "oa-knee-overweight"] {
            let engine = Package.shippedEngine
            let profile = try engine.profile(contentsOf: Package.path("Fixtures/\(name).yaml"))
            // The same profile as one JSON line: rebuilt from the YAML through JSONSerialization.
            let yaml = try String(contentsOfFile: Package.path("Fixtures/\(name).yaml"), encoding: .utf8)
            _ = yaml
            lines.append(try Self.jsonLine(for: profile))
            expected.append(profile.id)
        }
        lines.insert("{\"id\": \"broken\", \"conditions\": [\"fibromyalgai\"]}", at: 2)
        expected.insert(nil, at: 2)
        lines.append("not json")
        expected.append(nil)
        return (lines, expected)
    }

    static func jsonLine(for p: Profile) throws -> String {
        var object: [String: Any] = ["id": p.id ?? ""]
        if let age = p.age { object["age"] = age }
        if let sex = p.sex { object["sex"] = sex.rawValue }
        object["conditions"] = p.conditions.map(\.id)
        object["ruled_out"] = p.ruledOut.map(\.id)
        var markers: [String: Any] = [:]
        for (ref, m) in p.markers { markers[ref.id] = m.unit.map { ["value": m.value, "unit": $0] as [String: Any] } ?? m.value }
        object["markers"] = markers
        var scales: [String: Any] = [:]
        for s in p.scales { scales[s.id.id] = s.value }
        object["scales"] = scales
        object["treatments"] = p.treatments.map { t -> [String: Any] in
            var d: [String: Any] = ["option": t.option, "status": t.status.rawValue]
            if let r = t.response { d["response"] = r.rawValue }
            return d
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: [1, 2, 3])
    func batchKeepsOrderAndReportsBadLines(jobs: Int) throws {
        let (lines, expected) = try Self.batchInput()
        let dir = try Self.temporaryDirectory()
        let file = dir + "/in.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Self.run(["evaluate", "--batch", file, "--jobs", String(jobs), "--as-of", "2026-11-24"])
        #expect(r.status == 1)
        let out = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(out.count == lines.count, "one output line per input line")
        for (index, line) in out.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let id = expected[index] {
                #expect(object["profile"] as? String == id)
            } else {
                #expect(object["line"] as? Int == index + 1)
                #expect(object["error"] is String)
            }
        }
        #expect(out[2].contains("unknown condition 'fibromyalgai'"))
        #expect(r.stderr.contains("regimen: 6 profiles"))
        #expect(r.stderr.contains("2 errors"))
    }

    /// More jobs than cores run as many as the cores: more held more lines in memory (627 MB
    /// for --jobs 1000 on two cores, 26 MB for two) and ran no faster.
    @Test func batchJobsAreCappedAtTheCores() throws {
        let (lines, _) = try Self.batchInput()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let many = try Self.run(["evaluate", "--batch", "-", "--jobs", "1000", "--as-of", "2026-11-24"], stdin: lines.joined(separator: "\n"))
        let two = try Self.run(["evaluate", "--batch", "-", "--jobs", "2", "--as-of", "2026-11-24"], stdin: lines.joined(separator: "\n"))
        #expect(many.stdout == two.stdout)
        #expect(many.stderr.contains("\(cores) jobs; --jobs 1000 capped at the \(cores) cores)"), "\(many.stderr)")
    }

    /// A batch input that cannot be read is reported and exits 2, as an unreadable profile
    /// does. Foundation's `FileHandle.readData` stopped the process with a fatal error on
    /// both (before 13b5f7b).
    @Test func batchInputThatCannotBeReadIsAnErrorNotACrash() throws {
        let directory = try Self.temporaryDirectory()
        let r = try Self.run(["evaluate", "--batch", directory])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: cannot read \(directory): it is a directory; --batch reads one JSON Lines file"))
        #expect(!r.stderr.contains("Fatal error"))
        #if os(Linux)
        // Opens, but reading at offset 0 fails (nothing is mapped there): the read's own error.
        let failing = try Self.run(["evaluate", "--batch", "/proc/self/mem"])
        #expect(failing.status == 2)
        #expect(failing.stderr.contains("error: cannot read /proc/self/mem: Input/output error"))
        #expect(failing.stderr.contains("regimen: 0 profiles, 0 recommendations, 1 errors"))
        #expect(!failing.stderr.contains("Fatal error"))
        #endif
    }

    @Test func batchMatchesEvaluatingEachProfileAlone() throws {
        let (lines, expected) = try Self.batchInput()
        let r = try Self.run(["evaluate", "--batch", "-", "--as-of", "2026-11-24"], stdin: lines.joined(separator: "\n"))
        let out = r.stdout.split(separator: "\n")
        for (index, id) in expected.enumerated() {
            guard let id else { continue }
            let alone = try Self.run(["evaluate", "Fixtures/\(id).yaml", "--format", "json", "--as-of", "2026-11-24"])
            let a = try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: Data(out[index].utf8)) as? NSDictionary
            #expect(a == b, "\(id) differs between batch and single evaluation")
        }
    }

    @Test func directoryOfProfiles() throws {
        let r = try Self.run(["evaluate", "Fixtures", "--format", "json", "--as-of", "2026-11-24"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == Package.fixtures.count)
    }
}

/// Standard error collected on its own thread.
final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    private var finished = false
    var data: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue; finished = true } }
    }
    var done: Bool { lock.withLock { finished } }
}
