/// Reasoning about compiled predicates without a patient: a predicate is read as a
/// conjunction of literals where it can be (all-of, not-any-of, single-child compositions),
/// and literals are compared fact by fact with interval algebra.
struct RuleLogic {
    let program: Program

    /// What one literal is about. Numeric facts carry their interval separately.
    enum Atom: Hashable {
        case condition(Int32), marker(Int32), scale(Int32), derived(Int32), age, sex(Sex)
        case taking(Int32), failed(Int32), tried(Int32), known(Program.Fact)
    }

    struct Literal {
        var node: Int
        var atom: Atom
        var positive: Bool
        /// For markers, scales and age: the values for which the literal is true.
        var interval: Interval?
        var fact: Program.Fact?
    }

    struct Conjunction {
        var literals: [Literal] = []
        /// False when part of the predicate was a disjunction that could not be read as literals.
        var complete = true
    }

    func conjunction(_ node: Int, negated: Bool = false) -> Conjunction {
        switch program.ops[node] {
        case .all, .any:
            let kids = program.childIndices(of: node)
            var isAll = false
            if case .all = program.ops[node] { isAll = true }
            if kids.count == 1, let only = kids.first { return conjunction(Int(only), negated: negated) }
            // all(...) and not(any(...)) are conjunctions; the other two are disjunctions.
            guard isAll != negated else { return Conjunction(literals: [], complete: false) }
            var result = Conjunction()
            for child in kids {
                let part = conjunction(Int(child), negated: negated)
                result.literals += part.literals
                result.complete = result.complete && part.complete
            }
            return result
        case .not(let child):
            return conjunction(Int(child), negated: !negated)
        default:
            guard let literal = literal(node, positive: !negated) else { return Conjunction(literals: [], complete: false) }
            return Conjunction(literals: [literal])
        }
    }

    /// The predicate as a disjunction of conjunctions (each term a list of literals), or nil
    /// when that would exceed `limit` terms. A leaf that cannot be a literal (the negation of
    /// a closed range) becomes an empty term: unconstrained, which keeps satisfiability and
    /// conflict checks conservative.
    func disjunctiveNormalForm(_ node: Int, negated: Bool = false, limit: Int = 64) -> [[Literal]]? {
        switch program.ops[node] {
        case .all, .any:
            var isAll = false
            if case .all = program.ops[node] { isAll = true }
            let kids = program.childIndices(of: node).map(Int.init)
            var parts: [[[Literal]]] = []
            for kid in kids {
                guard let part = disjunctiveNormalForm(kid, negated: negated, limit: limit) else { return nil }
                parts.append(part)
            }
            if isAll != negated {
                // A conjunction: every combination of one term from each part.
                var terms: [[Literal]] = [[]]
                for part in parts {
                    var next: [[Literal]] = []
                    for a in terms { for b in part { next.append(a + b) } }
                    if next.count > limit { return nil }
                    terms = next
                }
                return terms
            }
            let terms = parts.flatMap { $0 }
            return terms.count > limit ? nil : terms
        case .not(let child):
            return disjunctiveNormalForm(Int(child), negated: !negated, limit: limit)
        default:
            return [literal(node, positive: !negated).map { [$0] } ?? []]
        }
    }

    func literal(_ node: Int, positive: Bool) -> Literal? {
        let fact = program.info[node].fact
        switch program.ops[node] {
        case .condition(let s): return Literal(node: node, atom: .condition(s), positive: positive, fact: fact)
        case .marker(let s, let i): return numeric(node, .marker(s), i, positive, fact)
        case .scale(let s, let i): return numeric(node, .scale(s), i, positive, fact)
        case .derived(let s, let i): return numeric(node, .derived(s), i, positive, fact)
        case .age(let i): return numeric(node, .age, i, positive, fact)
        case .sex(let sex): return Literal(node: node, atom: .sex(sex), positive: positive, fact: fact)
        case .taking(let s): return Literal(node: node, atom: .taking(s), positive: positive)
        case .failed(let s): return Literal(node: node, atom: .failed(s), positive: positive)
        case .tried(let s): return Literal(node: node, atom: .tried(s), positive: positive)
        case .known(let f): return Literal(node: node, atom: .known(f), positive: positive, fact: f)
        case .missing(let f): return Literal(node: node, atom: .known(f), positive: !positive, fact: f)
        default: return nil
        }
    }

    private func numeric(_ node: Int, _ atom: Atom, _ interval: Interval, _ positive: Bool, _ fact: Program.Fact?) -> Literal? {
        if positive { return Literal(node: node, atom: atom, positive: true, interval: interval, fact: fact) }
        // A negated test is true only for a known value outside the interval.
        guard let complement = interval.complement else { return nil }
        return Literal(node: node, atom: atom, positive: true, interval: complement, fact: fact)
    }

    /// Two literals that cannot both be true, if the conjunction has such a pair.
    func contradiction(in literals: [Literal]) -> (Literal, Literal)? {
        var numeric: [Atom: (Interval, Literal)] = [:]
        for (index, a) in literals.enumerated() {
            if let interval = a.interval {
                if let (current, first) = numeric[a.atom] {
                    let narrowed = current.intersecting(interval)
                    if narrowed.isEmpty { return (first, a) }
                    numeric[a.atom] = (narrowed, first)
                } else {
                    numeric[a.atom] = (interval, a)
                    if interval.isEmpty { return (a, a) }
                }
            }
            for b in literals[..<index] where excludes(a, b) { return (b, a) }
        }
        return nil
    }

    private func excludes(_ a: Literal, _ b: Literal) -> Bool {
        if a.interval == nil, b.interval == nil, a.atom == b.atom, a.positive != b.positive { return true }
        switch (a.atom, b.atom) {
        case let (.sex(x), .sex(y)) where x != y && a.positive && b.positive: return true
        case let (.taking(x), .tried(y)), let (.failed(x), .tried(y)):
            return x == y && a.positive && !b.positive
        case let (.tried(x), .taking(y)), let (.tried(x), .failed(y)):
            return x == y && !a.positive && b.positive
        default: break
        }
        // A test on a fact known to be missing can never be true (it is unknown).
        if case .known(let f) = a.atom, !a.positive, b.fact == f, !isKnownAtom(b) { return true }
        if case .known(let f) = b.atom, !b.positive, a.fact == f, !isKnownAtom(a) { return true }
        return false
    }

    private func isKnownAtom(_ l: Literal) -> Bool {
        if case .known = l.atom { return true }
        return false
    }

    /// Whether every patient for whom all of `literals` hold also satisfies `target`.
    func implies(_ literals: [Literal], _ target: Literal) -> Bool {
        if let want = target.interval {
            var have = Interval.everything
            var constrained = false
            for l in literals where l.atom == target.atom {
                if let i = l.interval {
                    have = have.intersecting(i)
                    constrained = true
                }
            }
            return constrained && have.isSubset(of: want)
        }
        for l in literals {
            if l.atom == target.atom, l.positive == target.positive, l.interval == nil { return true }
            guard target.positive, l.positive else { continue }
            switch (l.atom, target.atom) {
            case let (.taking(x), .tried(y)), let (.failed(x), .tried(y)):
                if x == y { return true }
            default: break
            }
            // A test on a value can only be true when the value is known.
            if case .known(let f) = target.atom, l.fact == f, l.interval != nil { return true }
        }
        return false
    }

    func implies(_ literals: [Literal], all targets: [Literal]) -> Bool {
        !targets.isEmpty && targets.allSatisfy { implies(literals, $0) }
    }
}
