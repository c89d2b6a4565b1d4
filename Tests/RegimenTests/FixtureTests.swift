import Foundation
import Testing
@testable import Regimen

/// Every profile in Fixtures/ against the shipped rule set: its `expect:` section holds, and
/// the safety invariants hold for every fixture.
@Suite struct FixtureTests {
    @Test func shippedRulesLoadWithoutErrors() throws {
        let engine = try Engine.load([.path(Package.path("Rules"))])
        #expect(engine.ruleSet.rules.count > 0)
        #expect(engine.ruleSet.name == "pain-immune-core")
    }

    @Test func embeddedRulesMatchRulesFolder() throws {
        let embedded = try Engine.load([.embedded])
        #expect(embedded.identity == Package.shippedEngine.identity, "rebuild: the embedded rule set differs from Rules/")
    }

    @Test func fixturesExist() {
        #expect(Package.fixtures.count >= 10)
    }

    @Test(arguments: Package.fixtures)
    func fixtureMeetsExpectations(path: String) throws {
        let engine = Package.shippedEngine
        let profile = try engine.profile(contentsOf: path)
        let expectations = try #require(profile.expectations, "\(path) has no expect: section")
        let evaluation = try engine.evaluate(profile)
        let mismatches = expectations.mismatches(in: evaluation)
        #expect(mismatches.isEmpty, "\((path as NSString).lastPathComponent): \(mismatches.map(\.description).joined(separator: "; "))\n\(ReportRenderer.text(evaluation))")
    }

    @Test(arguments: Package.fixtures)
    func safetyInvariants(path: String) throws {
        let engine = Package.shippedEngine
        let profile = try engine.profile(contentsOf: path)
        let evaluation = try engine.evaluate(profile)
        let program = engine.program
        let bound = try program.bind(profile).get()
        let truths = program.truths(for: bound)
        for r in evaluation.recommendations {
            let slot = try #require(program.optionSlots[r.option])
            let root = program.contraindications[Int(slot)]
            guard root >= 0 else { continue }
            // Never recommended while a contraindication is true.
            #expect(truths[Int(root)] != .true, "\(r.option) recommended while contraindicated")
            // An unknown contraindication always travels with what must be ruled out.
            if truths[Int(root)] == .unknown {
                #expect(!r.requires.isEmpty, "\(r.option) recommended with an unknown contraindication but no requires")
            }
        }
        let avoided = Set(evaluation.avoid.map(\.option))
        #expect(avoided.isDisjoint(with: evaluation.recommendations.map(\.option)), "an option is both recommended and avoided")
        #expect(!evaluation.disclaimer.isEmpty)
    }
}
