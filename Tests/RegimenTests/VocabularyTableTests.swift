import Testing
@testable import Regimen

/// Binding resolves every id through `VocabularyTable`; it must give the slots the compiler's
/// dictionaries give, for every id of every namespace, and nothing for any other id.
@Suite struct VocabularyTableTests {
    static let program = Package.shippedEngine.program

    @Test func everyIdFindsItsSlotInEveryNamespace() throws {
        let p = Self.program
        let ids = Set(p.conditionSlots.keys).union(p.markerSlots.keys).union(p.scaleSlots.keys)
            .union(p.derivedSlots.keys).union(p.optionSlots.keys)
        for id in ids {
            let entry = try #require(p.vocabulary.find(id), "\(id) not found")
            #expect(entry.condition == p.conditionSlots[id] ?? -1, "\(id)")
            #expect(entry.marker == p.markerSlots[id] ?? -1, "\(id)")
            #expect(entry.scale == p.scaleSlots[id] ?? -1, "\(id)")
            #expect(entry.derived == p.derivedSlots[id] ?? -1, "\(id)")
            #expect(entry.option == p.optionSlots[id] ?? -1, "\(id)")
        }
    }

    /// Near misses of every length around the eight-byte loads, ids that differ from a long
    /// vocabulary id only between its first and last eight bytes (which the hash does not
    /// read, so only the full comparison tells them apart), and ids that are only equal to a
    /// vocabulary id under Unicode equivalence or case folding.
    @Test(arguments: ["", "c", "cr", "crpp", "CRP", "crp ", " crp", "latent_t", "latent_tb_", "latent_tbx",
                      "tnf_inhibitors", "rheumatoid_arthriti", "rheumatoid_arthritis_", "das28_crp\u{0}",
                      "rheumatoiX_arthritis", "ulceratiXe_colitis", "chronic_primaryXpain", "latent_tX",
                      "cr\u{0070}\u{0301}", "\u{212A}", String(repeating: "a", count: 200)])
    func otherIdsFindNothing(id: String) {
        #expect(Self.program.vocabulary.find(id) == nil)
    }

    /// A string that is not native UTF-8 (bridged or a substring) is looked up by its bytes too.
    @Test func substringsAndCopiesAreFound() throws {
        let text = "xx latent_tb xx"
        let id = String(text.dropFirst(3).dropLast(3))
        #expect(try #require(Self.program.vocabulary.find(id)).condition == Self.program.conditionSlots["latent_tb"])
    }
}
