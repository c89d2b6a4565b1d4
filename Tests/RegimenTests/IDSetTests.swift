import Testing
@testable import Regimen

/// `IDSet` answers as `Set<String>` does, for ids of every length its hash reads differently
/// (under 2, 4, 8 and 16 bytes, and longer), ids that share both ends, and non-ASCII ids.
@Suite struct IDSetTests {
    @Test func membershipAsASetOfStrings() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab-.0é".unicodeScalars)
        func randomID() -> String {
            String(String.UnicodeScalarView((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for _ in 0..<200 {
            let members = (0..<Int.random(in: 0...40, using: &generator)).map { _ in randomID() }
            let set = IDSet(members), reference = Set(members)
            for probe in members + (0..<40).map({ _ in randomID() }) {
                #expect(set.contains(probe) == reference.contains(probe), "\(probe) in \(members)")
            }
        }
    }

    @Test func idsThatShareBothEnds() {
        // The hash reads an id's length and its first and last eight bytes only.
        let members = ["acr-2020-syn-0001-x-0001", "acr-2020-syn-0002-x-0001", "", "a"]
        let set = IDSet(members)
        for id in members { #expect(set.contains(id)) }
        for id in ["acr-2020-syn-0003-x-0001", "acr-2020-syn-0001-x-000", "b", "acr-2020-syn-0001-x-00011"] {
            #expect(!set.contains(id), "\(id)")
        }
        #expect(!IDSet([]).contains(""))
    }
}
