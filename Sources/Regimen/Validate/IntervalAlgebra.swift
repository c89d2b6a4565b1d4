/// Set operations on intervals, for reasoning about rules without a patient: intersection
/// (both tests true), subset (one test implies another), and coverage (bands).
extension Interval {
    static let everything = Interval()

    /// Intersection of two intervals; `!=` tests are kept only when the other side is a
    /// whole line (they cannot be represented otherwise and are then ignored: conservative).
    func intersecting(_ other: Interval) -> Interval {
        if excluded != nil { return other.excluded == nil ? other.adding(excluded: excluded) : other }
        if other.excluded != nil { return adding(excluded: other.excluded) }
        var result = self
        if let l = other.lower {
            if let mine = result.lower {
                if l > mine || (l == mine && !other.lowerInclusive) {
                    result.lower = l
                    result.lowerInclusive = other.lowerInclusive
                }
            } else {
                result.lower = l
                result.lowerInclusive = other.lowerInclusive
            }
        }
        if let u = other.upper {
            if let mine = result.upper {
                if u < mine || (u == mine && !other.upperInclusive) {
                    result.upper = u
                    result.upperInclusive = other.upperInclusive
                }
            } else {
                result.upper = u
                result.upperInclusive = other.upperInclusive
            }
        }
        return result
    }

    /// An interval that also rules out one point: only the point interval itself can become
    /// empty that way, which is all emptiness checks need.
    private func adding(excluded point: Double?) -> Interval {
        guard let point, let l = lower, let u = upper, l == u, l == point else { return self }
        return Interval(lower: 1, lowerInclusive: false, upper: 0, upperInclusive: false)
    }

    var isEmpty: Bool {
        guard excluded == nil, let l = lower, let u = upper else { return false }
        return l > u || (l == u && !(lowerInclusive && upperInclusive))
    }

    /// Whether every value in `self` is in `other` (false when unsure).
    func isSubset(of other: Interval) -> Bool {
        if isEmpty { return true }
        if let point = other.excluded {
            return !contains(point) || (lower == nil && upper == nil && excluded == point)
        }
        if excluded != nil { return other.lower == nil && other.upper == nil }
        if let ol = other.lower {
            guard let l = lower else { return false }
            if l < ol || (l == ol && lowerInclusive && !other.lowerInclusive) { return false }
        }
        if let ou = other.upper {
            guard let u = upper else { return false }
            if u > ou || (u == ou && upperInclusive && !other.upperInclusive) { return false }
        }
        return true
    }

    /// The complement of a one-sided test (`not > 10` is `<= 10`); nil when it is not one interval.
    var complement: Interval? {
        if let excluded { return Interval(lower: excluded, upper: excluded) }
        switch (lower, upper) {
        case let (l?, nil): return Interval(upper: l, upperInclusive: !lowerInclusive)
        case let (nil, u?): return Interval(lower: u, lowerInclusive: !upperInclusive)
        case (nil, nil): return Interval(lower: 1, lowerInclusive: false, upper: 0, upperInclusive: false)
        default: return nil
        }
    }
}
