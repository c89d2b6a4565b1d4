/// Compares an evaluation with a fixture's `expect:` section. Every list is compared as a set,
/// exactly (`recommend: []` means nothing may be recommended), except `not_recommend`, which
/// only forbids. `requires` is the union over all recommendations.
extension Expectations {
    /// One `expect:` key that the evaluation does not meet.
    public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
        /// The `expect:` key as fixtures write it: `recommend`, `not_recommend`, `avoid`, `withheld`,
        /// `requires` or `gaps`.
        public var key: String
        /// The ids the fixture lists under the key, sorted.
        public var expected: [String]
        /// The ids the evaluation produced for the key, sorted.
        public var actual: [String]
        /// Ids expected but absent, and present but not expected.
        public var missing: [String]
        /// Ids present but not expected; for `not_recommend`, the forbidden options that were recommended
        /// anyway.
        public var unexpected: [String]

        /// One line for people: `recommend: missing x; unexpected y`.
        public var description: String {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append((key == "not_recommend" ? "recommended anyway " : "unexpected ") + unexpected.joined(separator: ", ")) }
            return "\(key): " + parts.joined(separator: "; ")
        }
    }

    /// Compares `e` with these expectations, in key order; empty when the fixture passes.
    public func mismatches(in e: Evaluation) -> [Mismatch] {
        var result: [Mismatch] = []
        func compare(_ key: String, _ expected: [String]?, _ actual: [String]) {
            guard let expected else { return }
            let want = Set(expected), have = Set(actual)
            guard want != have else { return }
            result.append(Mismatch(key: key, expected: expected.sorted(), actual: actual.sorted(),
                                   missing: want.subtracting(have).sorted(), unexpected: have.subtracting(want).sorted()))
        }
        let recommendations = e.recommendations   // made when read: read once
        let recommended = recommendations.map(\.option)
        compare("recommend", recommend, recommended)
        if let notRecommend {
            let wrong = Set(notRecommend).intersection(recommended)
            if !wrong.isEmpty {
                result.append(Mismatch(key: "not_recommend", expected: notRecommend.sorted(), actual: recommended.sorted(),
                                       missing: [], unexpected: wrong.sorted()))
            }
        }
        compare("avoid", avoid, e.avoid.map(\.option))
        compare("withheld", withheld, e.withheld.map(\.option))
        var required: [String] = []
        for r in recommendations { for id in r.requires where !required.contains(id) { required.append(id) } }
        compare("requires", requires, required)
        compare("gaps", gaps, e.gaps.map(\.fact))
        return result
    }
}
