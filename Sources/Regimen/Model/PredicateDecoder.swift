/// Reads `when`, `unless` and `contraindicated_if` predicates. Which ids are markers or scales
/// is only known once every file is read, so a leaf keyed by any other id is kept as a fact
/// test here and resolved (or reported as unknown) by the compiler.
extension NodeDecoder {
    static let predicateKeywords = ["all", "any", "not", "condition", "taking", "failed", "tried", "age", "sex", "known", "missing"]
    private static let predicateKeyWords = KeyWords(predicateKeywords)

    mutating func predicate(_ node: Node, of what: @autoclosure () -> String) -> PredicateSyntax? {
        guard case .mapping(let entries) = node.kind else {
            if case .sequence = node.kind {
                error("\(what()) takes one predicate; wrap several in 'all:' or 'any:'", at: node.location)
            } else {
                error("\(what()) must be a predicate such as 'condition: fibromyalgia' or 'crp: \"> 10 mg/L\"', found \(node.kindDescription)", at: node.location)
            }
            return nil
        }
        guard entries.count == 1, let entry = entries.first else {
            if entries.isEmpty {
                error("\(what()) is an empty mapping: write one predicate", at: node.location)
            } else {
                error("a predicate has exactly one key, found \(entries.count) (\(entries.map(\.name).joined(separator: ", "))); wrap several in 'all:' or 'any:'", at: node.location)
            }
            return nil
        }
        // Keywords are matched on the key's bytes; only another key (a fact id) is made a String.
        let keyword = entry.key.scalarIndex(in: NodeDecoder.predicateKeyWords)
        let key = keyword.map { NodeDecoder.predicateKeywords[$0] } ?? entry.name
        let value = entry.value
        func make(_ kind: PredicateSyntax.Kind) -> PredicateSyntax {
            predicates += 1
            return PredicateSyntax(kind: kind, position: entry.key.position, valuePosition: value.position)
        }
        switch keyword {
        case 0, 1:   // all, any
            guard let items = list(value, of: "'\(key)'") else { return nil }
            if items.isEmpty {
                error("'\(key)' needs at least one predicate", at: value.location)
                return nil
            }
            // Sized once: grown one append at a time, most lists were allocated three times.
            var children: [PredicateSyntax] = []
            children.reserveCapacity(items.count)
            for item in items {
                if let child = predicate(item, of: "an entry of '\(key)'") { children.append(child) }
            }
            guard children.count == items.count else { return nil }
            return make(keyword == 0 ? .all(children) : .any(children))
        case 2:   // not
            guard let child = predicate(value, of: "'not'") else { return nil }
            return make(.not(child))
        case 3:   // condition
            return identifier(value, of: "the condition id").map { make(.condition($0)) }
        case 4, 5, 6:   // taking, failed, tried
            // From the keyword's index: `init(rawValue:)` searched the cases as strings, about
            // 400 instructions per treatment leaf.
            let relation: PredicateSyntax.TreatmentRelation = keyword == 4 ? .taking : keyword == 5 ? .failed : .tried
            return identifier(value, of: "the option id after '\(key)'").map { make(.treatment(relation, $0)) }
        case 9, 10:   // known, missing
            guard let id = factName(value, of: "the fact id after '\(key)'") else { return nil }
            return make(keyword == 9 ? .known(id) : .missing(id))
        case 8:   // sex
            return word(value, of: "'sex'", oneOf: Sex.allCases.map(\.rawValue)).map { make(.sex($0)) }
        case 7:   // age
            guard let test = testSyntax(value, of: "'age'", allowBand: false) else { return nil }
            if case .interval(_, let unit?) = test.kind {
                error("age is in years and takes no unit, found '\(unit)'", at: value.location)
                return nil
            }
            return make(.age(test))
        default:
            guard Identifier.isVocabularyID(key) else {
                error("'\(key.truncatedForMessage)' is not a predicate: use one of \(NodeDecoder.predicateKeywords.joined(separator: ", ")) or a marker or scale id\(Suggestion.hint(for: key, in: NodeDecoder.predicateKeywords))", at: entry.key.location)
                return nil
            }
            guard let test = testSyntax(value, of: "the test on '\(key)'", allowBand: true) else { return nil }
            return make(.fact(key, test))
        }
    }

    /// `known`/`missing` name a marker, scale, condition, `age` or `sex`.
    mutating func factName(_ node: Node, of what: @autoclosure () -> String) -> String? {
        identifier(node, of: what())
    }

    mutating func testSyntax(_ node: Node, of what: @autoclosure () -> String, allowBand: Bool) -> TestSyntax? {
        guard case .scalar(let scalar) = node.kind, !node.isNull else {
            error("\(what()) must be a quoted test such as \"> 10\" or \"4..10\"\(allowBand ? " or a band name" : ""), found \(node.kindDescription)", at: node.location)
            return nil
        }
        switch TestSyntax.parse(scalar.text, allowBand: allowBand) {
        case .success(let test): return test
        case .failure(let failure):
            error("\(what()): \(failure.message)", at: node.location)
            return nil
        }
    }

    /// `unless` takes one predicate or a list of them.
    mutating func predicateList(_ node: Node, of what: @autoclosure () -> String) -> [PredicateSyntax]? {
        if case .sequence(let items) = node.kind {
            var result: [PredicateSyntax] = []
            result.reserveCapacity(items.count)
            for item in items {
                if let child = predicate(item, of: "an entry of \(what())") { result.append(child) }
            }
            return result.count == items.count ? result : nil
        }
        return predicate(node, of: what()).map { [$0] }
    }
}

/// A patient's sex as profiles record it (`sex: female`) and rules test it: `female`, `male` or `other`.
public enum Sex: String, Sendable, CaseIterable {
    case female, male, other
}
