import Foundation

/// Unit handling for markers: each marker declares its canonical unit and the factors of its
/// alternatives, and every value is converted to canonical once, when compiled or bound.
enum Units {
    /// Conversion leaves binary noise (1.8 mg/dL * 10 = 18.000000000000004) that would flip
    /// a boundary test; values are rounded to 12 significant digits, far beyond any assay.
    static func normalized(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let powers = powersOfTen
        let exponent = 11 - decimalMagnitude(abs(value), powers)
        let scale = abs(exponent) <= Double(powerLimit) ? powers[Int(exponent) + powerLimit] : pow(10, exponent)
        guard scale.isFinite, scale > 0 else { return value }
        let rounded = (value * scale).rounded() / scale
        return rounded.isFinite ? rounded : value
    }

    /// `floor(log10(x))` for a finite x > 0, without `log10` when x is clearly inside a decade:
    /// binding normalises every converted and every derived value, and `log10` was most of
    /// that. The decade comes from the binary exponent and the table of powers below; where x
    /// is more than a billionth (relative) from both ends of it, `log10(x)` is more than 4e-10
    /// from an integer, far beyond its error, so the floor is the decade whichever way is
    /// used. Near a power of ten, and for values too small or large for the table to be
    /// exact enough, `log10` decides, as before.
    static func decimalMagnitude(_ x: Double) -> Double {
        decimalMagnitude(x, powersOfTen)
    }

    @inline(__always)
    private static func decimalMagnitude(_ x: Double, _ p: UnsafePointer<Double>) -> Double {
        guard x >= 1e-290, x < 1e290 else { return floor(log10(x)) }
        // floor(e * log10(2)) within one, for the binary exponents of that range.
        var k = (Int(x.exponent) * 78_913) >> 18
        let base = powerLimit
        while x >= p[base + k + 1] { k += 1 }
        while x < p[base + k] { k -= 1 }
        guard x >= p[base + k] * (1 + 1e-9), x < p[base + k + 1] * (1 - 1e-9) else { return floor(log10(x)) }
        return Double(k)
    }

    /// `pow(10, k)` for k from -400 to 400, at index k + 400: every k a finite value's scale
    /// can take (-297 to 335) and a little more, made by the same call once (binding normalises
    /// every converted value and every derived one, and `pow` was a large part of that).
    /// Raw memory that lives as long as the process, never written after it is made: read
    /// through an array, each use opened it in a closure (its buffer) or bounds-checked it,
    /// about 30 instructions per normalised value.
    private static let powerLimit = 400
    nonisolated(unsafe) private static let powersOfTen: UnsafePointer<Double> = {
        let table = UnsafeMutablePointer<Double>.allocate(capacity: 2 * powerLimit + 1)
        for k in -powerLimit...powerLimit { (table + k + powerLimit).initialize(to: pow(10, Double(k))) }
        return UnsafePointer(table)
    }()

    /// `µg/dL`, `μg/dL` and `ug/dL` are the same unit; UCUM's `l` and `L` are both litre.
    /// Nothing else is folded: UCUM is case-sensitive (`M` is mega, `m` milli).
    static func canonicalSpelling(_ unit: String) -> String {
        var result = ""
        for scalar in unit.unicodeScalars where !scalar.properties.isWhitespace {
            switch scalar {
            case "\u{00B5}", "\u{03BC}": result.append("u")
            case "l": result.append("L")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Marker {
    /// How many canonical units one `unit` is, or nil when the marker does not know `unit`.
    public func factor(for unit: String) -> Double? {
        if unit == self.unit { return 1 }
        if let factor = units.first(where: { $0.unit == unit })?.factor { return factor }
        return factor(spelledLike: unit)
    }

    /// The factor of the unit `unit` spells another way (`µg/dL` for `ug/dL`), when no unit
    /// is written exactly as it is.
    func factor(spelledLike unit: String) -> Double? {
        let spelled = Units.canonicalSpelling(unit)
        let candidates = [(self.unit, 1.0)] + units.map { ($0.unit, $0.factor) }
        return candidates.first(where: { Units.canonicalSpelling($0.0) == spelled })?.1
    }

    /// Every unit the marker accepts, canonical first.
    public var acceptedUnits: [String] { [unit] + units.map(\.unit) }
}

extension RuleSet {
    /// `Marker.factor(for:)` of the marker at `slot`, with the units as written tried in place
    /// first: calling the method on the rule set's marker copied the whole record (a retain
    /// and a release of each of its strings and arrays), for every marker bound and every
    /// marker test with a unit compiled.
    @inline(__always)
    func unitFactor(marker slot: Int, _ unit: String) -> Double? {
        if unit == markers[slot].unit { return 1 }
        for k in markers[slot].units.indices where markers[slot].units[k].unit == unit {
            return markers[slot].units[k].factor
        }
        return markers[slot].factor(spelledLike: unit)
    }
}
