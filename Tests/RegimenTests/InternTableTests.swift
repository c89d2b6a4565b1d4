import Testing
@testable import Regimen

/// Ids read again from a file are the string made the first time (`InternTable`): equal,
/// sharing storage, and an id that fails its check is reported at every use, never taken
/// from the table.
@Suite struct InternTableTests {
    static func decode(_ text: String) throws -> RuleSetDecoder {
        let output = LoaderKit.yaml(text)
        var decoder = RuleSetDecoder()
        decoder.add(file: try #require(output.root))
        return decoder
    }

    static let rules = """
        rules:
          - id: r.1
            title: T
            when: { all: [{ condition: post_infectious_uveitis }, { failed: nortriptyline_regimen_11 }] }
            recommend: occupational_therapy_regimen_3
            strength: strong
            because: B
            evidence: [acr-2020-syn-0362, ecco-2017-syn-0246]
          - id: r.2
            title: T
            when: { any: [{ condition: post_infectious_uveitis }, { condition: "Bad_Id" }] }
            recommend: occupational_therapy_regimen_3
            strength: strong
            because: B
            evidence: [acr-2020-syn-0362, "Bad Evidence"]
          - id: r.3
            title: T
            when: { condition: "Bad_Id" }
            recommend: occupational_therapy_regimen_3
            strength: strong
            because: B
            evidence: ["Bad Evidence"]

        """

    static func storage(_ s: String) -> UnsafeRawPointer? {
        s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    @Test func repeatedIdsShareOneString() throws {
        let decoder = try Self.decode(Self.rules + """
          - id: r.4
            title: T
            when: { condition: post_infectious_uveitis }
            recommend: occupational_therapy_regimen_3
            strength: strong
            because: B
            evidence: acr-2020-syn-0362

        """)
        var merged = RuleSetDecoder()
        merged.merge(decoder)
        let rules = merged.finish(contentHash: "").rules
        #expect(rules.map(\.id) == ["r.1", "r.4"])
        let options = rules.map(\.action.option)
        #expect(options == ["occupational_therapy_regimen_3", "occupational_therapy_regimen_3"])
        #expect(Self.storage(options[0]) != nil && Self.storage(options[0]) == Self.storage(options[1]))
        #expect(rules.map(\.evidence) == [["acr-2020-syn-0362", "ecco-2017-syn-0246"], ["acr-2020-syn-0362"]])
        #expect(Self.storage(rules[0].evidence[0]) == Self.storage(rules[1].evidence[0]))
    }

    @Test func badIdsAreReportedAtEveryUse() throws {
        var merged = RuleSetDecoder()
        merged.merge(try Self.decode(Self.rules))
        let lines = LoaderKit.lines(merged.decoder.diagnostics)
        func places(_ id: String) -> [String] {
            lines.filter { $0.contains("'\(id)' is not a valid id") }.map { String($0.prefix { $0 != " " }) }
        }
        #expect(places("Bad_Id") == ["t.yaml:11:72:", "t.yaml:18:24:"])
        #expect(places("Bad Evidence") == ["t.yaml:15:35:", "t.yaml:22:16:"])
        #expect(lines.count == 4)
    }

    /// `find` compares candidates in place; it must find exactly the strings inserted for the
    /// same bytes (short and long, ASCII and not), and nothing for other bytes.
    @Test func findsExactlyTheStringsInserted() {
        var g = SystemRandomNumberGenerator()
        var table = InternTable()
        var inserted: [String] = []
        let alphabet = Array("abz_09.-é")
        for _ in 0..<400 {
            let word = String((0..<Int.random(in: 0...30, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let candidates = [word] + inserted.prefix(3)
            let text = candidates.joined(separator: " ")
            let tree = NodeTree(file: "t", records: [], links: [], text: Array(text.utf8))
            var offset = 0
            for candidate in candidates {
                let length = candidate.utf8.count
                let hash = InternTable.hash(tree, offset, length)
                let found = table.find(tree, offset, length, hash: hash)
                #expect(found == (inserted.contains(candidate) ? candidate : nil), "'\(candidate)'")
                offset += length + 1
            }
            if !inserted.contains(word) {
                table.insert(word, hash: InternTable.hash(tree, 0, word.utf8.count))
                inserted.append(word)
            }
        }
    }
}
