import Foundation
import Testing
import Regimen

/// The library as an embedder uses it: only public API (no @testable), the getting-started
/// article's code, and evaluation from many tasks at once (run under --sanitize=thread in CI).
@Suite struct EmbeddingTests {
    /// The code of Regimen.docc/GettingStarted.md, verbatim.
    @Test func gettingStartedArticleRuns() throws {
        let engine = try Engine.load()                       // the embedded rule set
        let profile = try engine.profile(from: """
            id: patient-0042
            conditions: [rheumatoid_arthritis]
            ruled_out: [latent_tb, hepatitis_b, pregnancy]
            scales: { das28_crp: 5.4 }
            treatments: [ { option: methotrexate, status: current, response: inadequate } ]
            """)
        let evaluation = try engine.evaluate(profile)
        for r in evaluation.recommendations { print(r.option, r.strength, r.requires) }
        print(ReportRenderer.json(evaluation))

        #expect(evaluation.recommendations.contains { $0.option == "tnf_inhibitor" })
        #expect(evaluation.profile == "patient-0042")
    }

    @Test func profileBuiltInCodeEqualsParsedOne() throws {
        let engine = try Engine.load()
        let parsed = try engine.profile(from: """
            id: p
            age: 58
            sex: female
            conditions: [rheumatoid_arthritis]
            ruled_out: [latent_tb]
            markers: { crp: 1.8 mg/dL }
            scales: { das28_crp: 5.4, pss10: 30 }
            treatments: [ { option: methotrexate, status: current, response: inadequate } ]
            """)
        var built = Profile(id: "p")
        built.age = 58
        built.sex = .female
        built.add(condition: "rheumatoid_arthritis")
        built.ruleOut("latent_tb")
        built.set(marker: "crp", 1.8, unit: "mg/dL")
        built.set(scale: "das28_crp", 5.4)
        built.set(scale: "pss10", 30)
        built.add(treatment: "methotrexate", status: .current, response: .inadequate)
        let a = ReportRenderer.json(try engine.evaluate(parsed, asOf: "2026-11-24"))
        let b = ReportRenderer.json(try engine.evaluate(built, asOf: "2026-11-24"))
        #expect(a == b)
    }

    @Test func codeBuiltProfileErrorsAreReported() throws {
        let engine = try Engine.load()
        var profile = Profile(id: "p")
        profile.add(condition: "fibromyalgai")
        profile.set(marker: "crp", -1)
        let error = #expect(throws: DiagnosticsError.self) { try engine.evaluate(profile) }
        #expect(error?.diagnostics.map(\.message) == [
            "unknown condition 'fibromyalgai' in 'conditions' (did you mean 'fibromyalgia'?)",
            "marker 'crp' cannot be negative, found -1",
        ])
    }

    @Test func evaluatingFromManyTasksMatchesSequentialResults() async throws {
        let engine = try Engine.load()
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Package.path("Fixtures"))
            .filter { $0.hasSuffix(".yaml") }.sorted().map { Package.path("Fixtures/" + $0) }
        let profiles = try fixtures.map { try engine.profile(contentsOf: $0) }
        let sequential = try profiles.map { ReportRenderer.json(try engine.evaluate($0, asOf: "2026-11-24"), pretty: false) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for round in 0..<8 {
                for (index, profile) in profiles.enumerated() {
                    group.addTask {
                        let json = ReportRenderer.json(try engine.evaluate(profile, asOf: "2026-11-24"), pretty: false)
                        return (round * profiles.count + index, json)
                    }
                }
            }
            var results = [String](repeating: "", count: profiles.count * 8)
            for try await (slot, json) in group { results[slot] = json }
            return results
        }
        for (slot, json) in concurrent.enumerated() {
            #expect(json == sequential[slot % profiles.count])
        }
    }
}
