import Testing
@testable import Regimen

/// `KeyWords` matches keys on packed bytes and `fields(_:of:keys:)` finds each key's value
/// once; both must agree with the byte-for-byte scans they replace (`Node.scalarIndex(in:)`
/// over strings, `Node.Entries.last(_:)`) on every key, including keys that are prefixes or
/// extensions of a word, differ in one byte, are not ASCII, or end the file (fewer than 16
/// bytes left to load).
@Suite struct KeyWordsTests {
    static let words = ["id", "title", "when", "unless", "recommend", "avoid", "strength", "priority", "because", "evidence", "allow",
                        "abcdefgh", "abcdefghijklmnop", "abcdefghijklmno"]

    /// A random key: often a word, else a word changed slightly, else random bytes.
    static func randomKey(_ g: inout SystemRandomNumberGenerator) -> String {
        let word = words.randomElement(using: &g)!
        switch Int.random(in: 0..<8, using: &g) {
        case 0, 1: return word
        case 2: return String(word.dropLast())
        case 3: return word + ["s", "_", "é", "x"].randomElement(using: &g)!
        case 4:
            var chars = Array(word)
            chars[Int.random(in: 0..<chars.count, using: &g)] = ["a", "z", "_", "0"].randomElement(using: &g)!
            return String(chars)
        case 5: return "\"" + word + "\""   // a quoted key spells the same text
        case 6: return String((0..<Int.random(in: 1...20, using: &g)).map { _ in "abcdeghilnoprstuvwy_".randomElement(using: &g)! })
        default: return word.uppercased()
        }
    }

    @Test func keyWordsAgreeWithTheStringScanOnRandomMappings() throws {
        let keys = KeyWords(Self.words)
        var g = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var seen = Set<String>()
            var lines: [String] = []
            for n in 0..<Int.random(in: 1...12, using: &g) {
                let key = Self.randomKey(&g)
                let bare = key.hasPrefix("\"") ? String(key.dropFirst().dropLast()) : key
                guard seen.insert(bare).inserted else { continue }
                lines.append("\(key): \(n)")
            }
            // The last key ends the file, so its bytes are loaded one at a time.
            let text = lines.joined(separator: "\n") + (Bool.random(using: &g) ? "\n" : "")
            let output = LoaderKit.yaml(text)
            let root = try #require(output.root, "\(text)")
            guard case .mapping(let entries) = root.kind else { Issue.record("not a mapping: \(text)"); continue }
            for entry in entries {
                #expect(entry.key.scalarIndex(in: keys) == entry.key.scalarIndex(in: Self.words), "\(entry.name)")
            }
            var decoder = NodeDecoder()
            let fastFields = decoder.fields(root, of: "m", keys: keys, required: [0, 2])
            var old = NodeDecoder()
            let slowFields = old.fields(root, of: "m", allowed: Self.words, required: ["id", "when"])
            let fast = try #require(fastFields)
            let slow = try #require(slowFields)
            #expect(decoder.diagnostics.map(\.description) == old.diagnostics.map(\.description))
            for word in Self.words + ["nothere", "titl"] {
                #expect(fast[word]?.index == slow[word]?.index, "\(word) in \(text)")
                if let k = Self.words.firstIndex(of: word) { #expect(fast[index: k]?.index == slow[word]?.index) }
            }
        }
    }

    @Test func everyWordLengthAtTheEndOfTheBuffer() throws {
        let words = (1...16).map { String(repeating: "a", count: $0 - 1) + "b" }
        let keys = KeyWords(words)
        for word in words {
            for candidate in [word, String(word.dropLast()) + "c", "a" + word] {
                let output = LoaderKit.yaml("x: 1\n\(candidate): 2")
                let root = try #require(output.root)
                guard case .mapping(let entries) = root.kind else { Issue.record("not a mapping"); continue }
                #expect(entries[1].key.scalarIndex(in: keys) == entries[1].key.scalarIndex(in: words), "\(candidate)")
                #expect(keys.index(of: candidate) == words.firstIndex(of: candidate))
            }
        }
    }
}
