import Testing
@testable import Regimen

/// `Rule` keeps its fields in a shared box (cheap copies); it must still behave as a value.
@Suite struct RuleStorageTests {
    @Test func copiesAreIndependent() throws {
        let engine = try Engine.load([.embedded])
        let original = try #require(engine.ruleSet.rules.first)
        var copy = original
        copy.priority = original.priority == 1 ? 2 : 1
        copy.title = "changed"
        copy.evidence.append("more")
        #expect(original.priority != copy.priority)
        #expect(original.title != "changed")
        #expect(!original.evidence.contains("more"))
        #expect(engine.ruleSet.rules.first?.title == original.title)
        var unshared = copy
        unshared.because = "x"
        #expect(copy.because != "x" && unshared.because == "x" && unshared.title == "changed")
    }
}
