/// What binding checks of each marker and scale value, by slot, with no string inside: reading
/// a field of a `Marker` or `Scale` in the rule set copied (and retained, then released) the
/// record's strings, for every value of every profile bound. The rule set stays the source
/// of the words an error reports; this is only the numbers the happy path compares.
struct BindingChecks: Sendable {
    struct ScaleCheck: Sendable {
        var lower: Double
        var upper: Double
        /// Whole-number scores only.
        var integer: Bool
    }

    struct MarkerCheck: Sendable {
        /// Plausible values in the canonical unit, when the marker declares them.
        var hasRange: Bool
        var lower: Double
        var upper: Double
    }

    let scales: [ScaleCheck]
    let markers: [MarkerCheck]

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
        markers = ruleSet.markers.map { m in
            MarkerCheck(hasRange: m.range != nil, lower: m.range?.lowerBound ?? 0, upper: m.range?.upperBound ?? 0)
        }
    }
}
