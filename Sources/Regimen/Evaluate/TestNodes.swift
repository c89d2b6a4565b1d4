/// The nodes as deciding reads them: one small record per node, with a numeric test's
/// interval folded into two bounds that a value is compared against directly. Filling a node
/// from `Program.Op` read a 56-byte enum whose `Interval` is three optionals and two flags,
/// and tested each of them, for every node of every decision; the rarer tests (`sex`,
/// `known`, `missing`) keep going through `Op`, whose evaluation is the reference.
struct TestNode: Sendable {
    enum Kind: UInt8, Sendable {
        /// `a` the first child's index in `children`, `b` how many.
        case all, any
        /// `a` the child.
        case not
        /// `a` the condition's slot (its truth is flag `a`).
        case condition
        /// True when `lower <= numbers[a] <= upper`; unknown when it is NaN.
        case number
        /// True when `numbers[a] != lower` (`!= x`); unknown when it is NaN.
        case numberNotEqual
        /// The same two tests of the profile's age.
        case age, ageNotEqual
        /// True when flag `a` has a bit of `b`.
        case treatment
        /// Evaluated from `Program.Op`.
        case other
    }

    var lower: Double = 0
    var upper: Double = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var kind: Kind

    /// Where binding puts each kind of fact, in `BoundProfile.Slots` terms.
    struct Layout {
        var scaleBase: Int, derivedBase: Int, treatmentBase: Int
    }

    init(kind: Kind) { self.kind = kind }

    init(_ op: Program.Op, _ layout: Layout) {
        func numeric(_ index: Int, _ interval: Interval, _ plain: Kind, _ notEqual: Kind) -> TestNode {
            var node: TestNode
            if let excluded = interval.excluded {
                node = TestNode(kind: notEqual)
                node.lower = excluded
            } else {
                node = TestNode(kind: plain)
                (node.lower, node.upper) = TestNode.bounds(interval)
            }
            node.a = Int32(index)
            return node
        }
        switch op {
        case .all(let start, let count):
            self.init(kind: .all); a = start; b = count
        case .any(let start, let count):
            self.init(kind: .any); a = start; b = count
        case .not(let child):
            self.init(kind: .not); a = child
        case .condition(let slot):
            self.init(kind: .condition); a = slot
        case .marker(let slot, let interval):
            self = numeric(Int(slot), interval, .number, .numberNotEqual)
        case .scale(let slot, let interval):
            self = numeric(layout.scaleBase + Int(slot), interval, .number, .numberNotEqual)
        case .derived(let slot, let interval):
            self = numeric(layout.derivedBase + Int(slot), interval, .number, .numberNotEqual)
        case .age(let interval):
            self = numeric(0, interval, .age, .ageNotEqual)
        case .taking(let slot):
            self.init(kind: .treatment); a = Int32(layout.treatmentBase) + slot; b = Int32(BoundProfile.taking)
        case .failed(let slot):
            self.init(kind: .treatment); a = Int32(layout.treatmentBase) + slot; b = Int32(BoundProfile.failed)
        case .tried(let slot):
            self.init(kind: .treatment); a = Int32(layout.treatmentBase) + slot; b = Int32(BoundProfile.tried)
        case .sex, .known, .missing:
            self.init(kind: .other)
        }
    }

    /// Bounds such that, for every value that is not NaN, `lower <= v && v <= upper` exactly
    /// when `interval.contains(v)` (an interval without `excluded`). A strict bound becomes
    /// the next double inward, which no double lies strictly between; a strict infinite one,
    /// which nothing passes, NaN, which no comparison passes; a NaN bound, which the interval
    /// never fails on, no bound.
    static func bounds(_ interval: Interval) -> (lower: Double, upper: Double) {
        var lower = -Double.infinity, upper = Double.infinity
        if let l = interval.lower, !l.isNaN {
            lower = interval.lowerInclusive ? l : (l == .infinity ? .nan : l.nextUp)
        }
        if let u = interval.upper, !u.isNaN {
            upper = interval.upperInclusive ? u : (u == -.infinity ? .nan : u.nextDown)
        }
        return (lower, upper)
    }

    /// The truth of a numeric test of `v`, without branches: true (2) inside, unknown (1)
    /// for NaN, false (0) otherwise.
    @inline(__always)
    static func truth(_ v: Double, lower: Double, upper: Double) -> Truth {
        let inside = UInt8(truncatingIfNeeded: (lower <= v && v <= upper) ? 2 : 0)
        let unknown = UInt8(truncatingIfNeeded: v.isNaN ? 1 : 0)
        return unsafeBitCast(inside | unknown, to: Truth.self)
    }

    @inline(__always)
    static func truth(_ v: Double, notEqual x: Double) -> Truth {
        let differs = UInt8(truncatingIfNeeded: v != x ? 2 : 0)
        // NaN differs from everything: unknown alone, not 3.
        return v.isNaN ? .unknown : unsafeBitCast(differs, to: Truth.self)
    }
}
