/// Compares an evaluation with a fixture's `expect:` section. Every list is compared as a set,
/// exactly (`recommend: []` means nothing may be recommended), except `not_recommend`, which
/// only forbids. `requires` is the union over all recommendations.
extension Expectations {
    public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var expected: [String]
        public var actual: [String]
        /// Ids expected but absent, and present but not expected.
        public var missing: [String]
        public var unexpected: [String]

        public var description: String {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append((key == "not_recommend" ? "recommended anyway " : "unexpected ") + unexpected.joined(separator: ", ")) }
            return "\(key): " + parts.joined(separator: "; ")
        }
    }

    public func mismatches(in e: Evaluation) -> [Mismatch] {
        var result: [Mismatch] = []
        func compare(_ key: String, _ expected: [String]?, _ actual: [String]) {
            guard let expected else { return }
            let want = Set(expected), have = Set(actual)
            guard want != have else { return }
            result.append(Mismatch(key: key, expected: expected.sorted(), actual: actual.sorted(),
                                   missing: want.subtracting(have).sorted(), unexpected: have.subtracting(want).sorted()))
        }
        let recommended = e.recommendations.map(\.option)
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
        for r in e.recommendations { for id in r.requires where !required.contains(id) { required.append(id) } }
        compare("requires", requires, required)
        compare("gaps", gaps, e.gaps.map(\.fact))
        return result
    }
}
