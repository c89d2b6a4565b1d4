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

    init(_ ruleSet: RuleSet) {
        scales = ruleSet.scales.map { ScaleCheck(lower: $0.range.lowerBound, upper: $0.range.upperBound, integer: $0.integer) }
        markers = ruleSet.markers.map { m in
            MarkerCheck(hasRange: m.range != nil, lower: m.range?.lowerBound ?? 0, upper: m.range?.upperBound ?? 0)
        }
    }
}
