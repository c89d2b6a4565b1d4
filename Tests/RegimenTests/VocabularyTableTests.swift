import Foundation
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

    static func fields(_ e: VocabularyTable.Entry?) -> [Int32]? {
        e.map { [$0.condition, $0.marker, $0.scale, $0.derived, $0.option] }
    }

    /// The same text made the usual ways: a literal-like copy, decoded bytes, a substring
    /// made a string, interpolation, appending one character at a time, and a bridged-like
    /// copy through `NSString`-free `String(describing:)`.
    static func variants(_ text: String) -> [String] {
        var appended = ""
        for c in text { appended.append(c) }
        var reserved = ""
        reserved.reserveCapacity(64)
        reserved += text
        let padded = "<" + text + ">"
        return [text, String(decoding: Array(text.utf8), as: UTF8.self), String(padded.dropFirst().dropLast()),
                "\(text)", appended, reserved, String(describing: text), String(text.unicodeScalars)]
    }

    /// Small ids are found by their two words, others by their bytes; for every vocabulary
    /// id, near misses of it, and random ids of every length up to 20 (ASCII and not), made
    /// in every usual way, both give the same entry.
    @Test func smallKeysAgreeWithTheBytes() throws {
        let programs = [Self.program] + [Package.path("Benchmarks/.generated/rules-100")]
            .filter { FileManager.default.fileExists(atPath: $0) }.map { try! Engine.load([.path($0)]).program }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = Array("abcz_019") + ["é", "ü", "\u{0}", "😀", "\u{212A}"]
        var checked = 0, small = 0
        for program in programs {
            var ids = Array(Set(program.conditionSlots.keys).union(program.markerSlots.keys).union(program.scaleSlots.keys)
                .union(program.derivedSlots.keys).union(program.optionSlots.keys))
            for id in ids where !id.isEmpty {
                ids += [String(id.dropLast()), id + "x", String(id.dropFirst()), "x" + id.dropFirst()]
            }
            for _ in 0..<2_000 {
                ids.append(String((0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
            }
            for id in ids {
                for variant in Self.variants(id) {
                    #expect(Self.fields(program.vocabulary.find(variant)) == Self.fields(program.vocabulary.findByBytes(variant)), "\(variant.debugDescription)")
                    if SmallKey(variant) != nil { small += 1 }
                    checked += 1
                }
            }
            for id in program.conditionSlots.keys { #expect(Self.fields(program.vocabulary.find(id)) != nil) }
        }
        #expect(checked > 10_000)
        #expect(small > 1_000 || !SmallKey.isAvailable)
    }

    /// A string of up to 15 bytes is small however it was made (what makes a small key
    /// canonical); longer ones never are.
    @Test func smallKeysAreCanonical() {
        guard SmallKey.isAvailable else { return }
        for text in ["", "a", "crp", "latent_tb", "das28_crp", "fifteen_bytes__", "sixteen_bytes___", "é", "ülcerative"] {
            let keys = Self.variants(text).map { SmallKey($0) }
            let fits = text.utf8.count <= 15
            let decoded = SmallKey(String(decoding: Array(text.utf8), as: UTF8.self))
            #expect((decoded != nil) == fits, "\(text)")
            for key in keys where key != nil { #expect(key == decoded, "\(text)") }
        }
    }
}
