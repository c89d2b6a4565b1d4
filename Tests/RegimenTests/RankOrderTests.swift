import Testing
@testable import Regimen

/// Rules are put in their deterministic order (strong first, then higher priority, then id)
/// by sorting packed integer keys (`Program.rankOrder`): it must give the order the tuple
/// comparison gives, at the edges of every key too.
@Suite struct RankOrderTests {
    static func reference(_ strengths: [Int], _ priorities: [Int], _ idRanks: [Int32]) -> [Int] {
        strengths.indices.sorted {
            (strengths[$0], -priorities[$0], idRanks[$0]) < (strengths[$1], -priorities[$1], idRanks[$1])
        }
    }

    @Test func packedKeysOrderAsTheTuples() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let count = Int.random(in: 0...300, using: &generator)
            let strengths = (0..<count).map { _ in Int.random(in: 0...1, using: &generator) }
            // Few distinct priorities in some rounds, so ties fall to the id rank.
            let priorities = (0..<count).map { _ in round % 3 == 0 ? Int.random(in: 49...51, using: &generator) : Int.random(in: 0...100, using: &generator) }
            let idRanks = (0..<count).map(Int32.init).shuffled(using: &generator)
            #expect(Program.rankOrder(strengths: strengths, priorities: priorities, idRanks: idRanks) == Self.reference(strengths, priorities, idRanks))
        }
    }

    @Test func extremePrioritiesAndTheFallback() {
        let idRanks: [Int32] = [3, 0, 4, 1, 2]
        let strengths = [0, 1, 0, 1, 0]
        let wide = [Int(Int32.max), Int(Int32.min) + 1, -5, 0, Int(Int32.max)]
        #expect(Program.rankOrder(strengths: strengths, priorities: wide, idRanks: idRanks) == Self.reference(strengths, wide, idRanks))
        // Outside what the packed key holds, the tuples are compared as before.
        let wider = [Int.max, 0, Int(Int32.min), 7, -1]
        #expect(Program.rankOrder(strengths: strengths, priorities: wider, idRanks: idRanks) == Self.reference(strengths, wider, idRanks))
        #expect(Program.rankOrder(strengths: [], priorities: [], idRanks: []) == [])
    }
}
