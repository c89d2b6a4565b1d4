import Testing
@testable import Regimen

/// Ids are ranked on their bytes (`IDOrder`): the order must be the one `String`'s `<` gives,
/// stable for equal ids, and non-ASCII ids, whose byte order can differ, are compared as strings.
@Suite struct IDOrderTests {
    static func reference(_ ids: [String]) -> [Int] {
        ids.indices.sorted { ids[$0] < ids[$1] }
    }

    @Test func asciiIdsSortAsStrings() {
        var generator = SystemRandomNumberGenerator()
        // Rule-id characters, a few others around them in ASCII, and short ids so that
        // prefixes and repeats are common.
        let alphabet = Array("ab-.z09_AZ~ !".utf8)
        for round in 0..<300 {
            let count = Int.random(in: 0...60, using: &generator)
            let ids = (0..<count).map { _ in
                String(decoding: (0..<Int.random(in: 0...(round % 2 == 0 ? 3 : 12), using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
            }
            #expect(IDOrder.sorted(ids) == Self.reference(ids), "\(ids)")
        }
    }

    /// Ids are sorted eight bytes at a time: long shared prefixes, ids that end at or just
    /// past a chunk's end, and NUL bytes (a shorter id against one padded with NULs).
    @Test func longIdsAcrossChunks() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab.\u{0}".utf8)
        let prefixes = ["", "gen.neur", "gen.neuropathic.", "gen.neuropathic.r0000", "gen.neuropathic.r00001a.b"]
        for _ in 0..<300 {
            let count = Int.random(in: 0...80, using: &generator)
            let ids = (0..<count).map { _ in
                prefixes.randomElement(using: &generator)! + String(decoding: (0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
            }
            #expect(IDOrder.sorted(ids) == Self.reference(ids), "\(ids)")
        }
        let edges = ["abcdefgh", "abcdefghi", "abcdefg", "abcdefgh\u{0}", "abcdefgh", "abcdefgh\u{0}\u{0}", "a\u{0}", "a", "", "\u{0}",
                     "abcdefghabcdefgh", "abcdefghabcdefgh", "abcdefghabcdefg", "abcdefghabcdefgha"]
        #expect(IDOrder.sorted(edges) == Self.reference(edges))
    }

    @Test func prefixesAndEdgeCases() {
        let ids = ["r.10", "r.1", "r", "", "r.1-a", "r.1.a", "r.1_a", "R", "r.01", "r.1"]
        #expect(IDOrder.sorted(ids) == Self.reference(ids))
        #expect(IDOrder.sorted([]) == [])
        #expect(Program.ranks(["b", "a", "c"]) == [1, 0, 2])
    }

    @Test func nonASCIIIdsAreComparedAsStrings() {
        // KELVIN SIGN is the letter K as a string, but sorts after every ASCII byte.
        let ids = ["\u{212A}", "K", "e\u{301}", "\u{E9}", "z", "a"]
        #expect(IDOrder.sorted(ids) == Self.reference(ids))
        #expect(IDOrder.sorted(["\u{212A}", "K"]) == [0, 1])
    }
}
