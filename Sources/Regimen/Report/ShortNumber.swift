/// `Double.shortDescription` written straight into a line's bytes. The patient's numbers
/// (`3.44`, `50.9`, `7.49`) have a few decimals, so they are found as the fewest decimals that
/// read back as the same double, without making a String; anything else (large, tiny, or with
/// two candidates the same length) is left to the standard library's description, so the bytes
/// are always those `shortDescription` gives.
extension JSONLineWriter {
    private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7]

    /// Only for finite values (callers write null for the others).
    mutating func shortNumber(_ v: Double) {
        let magnitude = v.magnitude
        if v == v.rounded(), magnitude < 1e15 {
            if v < 0 { byte(UInt8(ascii: "-")) }
            digits(UInt(magnitude))
            return
        }
        if magnitude >= 1e-3, magnitude < 1e9, let (mantissa, decimals) = Self.fewestDecimals(magnitude) {
            if v < 0 { byte(UInt8(ascii: "-")) }
            let scale = UInt(Self.powers[decimals])
            digits(mantissa / scale)
            byte(UInt8(ascii: "."))
            // The fewest decimals end in a non-zero digit, so the fraction is not zero; its
            // leading zeros (`0.05`) first, then its digits.
            let fraction = mantissa % scale
            var place = scale / 10
            while place > fraction {
                byte(UInt8(ascii: "0"))
                place /= 10
            }
            digits(fraction)
            return
        }
        escaped(v.shortDescription)
    }

    /// The integer m and count k (1...7) of the shortest decimal m / 10^k that reads back as
    /// `x` (positive, not whole), or nil when it is not one clear candidate. Reading back is
    /// exact: m and 10^k are exact doubles (m below 2^50), and one IEEE division rounds m / 10^k
    /// correctly, as parsing its digits does. Any decimal that reads back lies within a quarter
    /// of a unit of x · 10^k there, so the neighbours of the rounded product are all to try.
    private static func fewestDecimals(_ x: Double) -> (UInt, Int)? {
        for k in 1...7 {
            let p = powers[k]
            let product = x * p
            guard product < 0x1p50 else { return nil }
            let m = product.rounded()
            var found: Double?
            for offset in -1...1 {
                let candidate = m + Double(offset)
                guard candidate > 0, candidate / p == x else { continue }
                if found != nil { return nil }
                found = candidate
            }
            if let found { return (UInt(found), k) }
        }
        return nil
    }
}
