import Testing
@testable import Regimen

/// A profile built in code may give a scale more than once; the last entry's date is the one
/// kept, and an entry without a date clears the date an earlier one gave (binding skips that
/// search while no entry has given a date).
@Suite struct ScaleDateTests {
    static let rules = """
        rules:
          - { id: r.phq9, title: phq9, when: { phq9: "> 10" }, recommend: cbt, strength: strong, because: x, evidence: [ev1] }
        """

    private func scaleDate(_ entries: [(Double, String?)]) throws -> String? {
        let engine = try Snippet.engine(Self.rules)
        var profile = Profile(id: "p")
        profile.scales = entries.map { (id: Profile.Reference("phq9"), value: $0.0, date: $0.1, location: nil) }
        let program = engine.program
        let bound = try program.bind(profile, asOf: CalendarDate("2026-11-24")).get()
        return bound.scaleDate(Int(program.scaleSlots["phq9"]!))
    }

    @Test func aLaterEntryWithoutADateClearsTheDate() throws {
        #expect(try scaleDate([(5, "2026-01-01"), (12, nil)]) == nil)
        #expect(try scaleDate([(12, nil), (5, "2026-01-01")]) == "2026-01-01")
        #expect(try scaleDate([(12, nil), (13, nil)]) == nil)
        #expect(try scaleDate([(5, "2026-01-01"), (12, "2026-02-01")]) == "2026-02-01")
    }
}
