/// What binding checks of each marker, scale and derived-fact value, by slot, with no string
/// inside: reading a field of a `Marker`, `Scale` or `DerivedFact` in the rule set copied (and
/// retained, then released) the record's strings, for every value of every profile bound. The
/// rule set stays the source of the words an error reports; this is only the numbers the
/// happy path compares.
struct BindingChecks: Sendable {
    struct ScaleCheck: Sendable {
        var lower: Double
        var upper: Double
        /// Whole-number scores only.
        var integer: Bool
    }

    /// An optional range: a marker's plausible values in its canonical unit, or the values a
    /// derived fact can take.
    struct RangeCheck: Sendable {
        var hasRange: Bool
        var lower: Double
        var upper: Double

        init(_ range: ClosedRange<Double>?) {
            hasRange = range != nil
            lower = range?.lowerBound ?? 0
            upper = range?.upperBound ?? 0
        }

        /// Whether `value` is within the range (`ClosedRange.contains`); always, without one.
        @inline(__always)
        func admits(_ value: Double) -> Bool { !hasRange || (lower <= value && value <= upper) }
    }

    let scales: [ScaleCheck]
    let markers: [RangeCheck]
    /// By derived-fact slot: binding refuses a given value outside the range, and a computed
    /// one outside it is left unknown.
    let derived: [RangeCheck]

    /// Whether `v` is a whole number: `v == v.rounded()`, without the call into libm's `round`
    /// for every score bound. Below 2^52 in magnitude, converting to `Int64` truncates toward
    /// zero exactly and converting back is exact, so a whole number comes back equal and no
    /// other does; at and beyond 2^52 (every finite double there is whole), for infinities and
    /// for NaN, `rounded()` decides as before.
    @inline(__always)
    static func isWhole(_ v: Double) -> Bool {
        v.magnitude < 0x1p52 ? Double(Int64(v)) == v : v == v.rounded()
    }

    init(_ ruleSet: RuleSet) {
        scales = ruleSet.scales.map { ScaleCheck(lower: $0.range.lowerBound, upper: $0.range.upperBound, integer: $0.integer) }
        markers = ruleSet.markers.map { RangeCheck($0.range) }
        derived = ruleSet.derived.map { RangeCheck($0.range) }
    }
}
