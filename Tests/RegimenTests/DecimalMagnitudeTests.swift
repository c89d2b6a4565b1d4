import Foundation
import Testing
@testable import Regimen

/// `Units.decimalMagnitude` finds a value's decade from the table of powers of ten and calls
/// `log10` only near a power of ten; it must equal `floor(log10(x))` everywhere, or values
/// would be normalised to a different number of digits.
@Suite struct DecimalMagnitudeTests {
    private func check(_ x: Double) {
        #expect(Units.decimalMagnitude(x) == floor(log10(x)), "\(x)")
    }

    @Test func powersOfTenAndTheirNeighbours() {
        for k in -323...308 {
            let p = pow(10, Double(k))
            guard p > 0, p.isFinite else { continue }
            var x = p
            for _ in 0..<4 { x = x.nextDown }
            for _ in 0..<9 {
                if x > 0, x.isFinite { check(x) }
                x = x.nextUp
            }
            let factors: [Double] = [1 + 1e-9, 1 - 1e-9, 1 + 2e-9, 1 - 2e-9, 1 + 1e-12, 1 - 1e-12, 2, 5, 9.999999]
            for f in factors {
                let x = p * f
                if x > 0, x.isFinite { check(x) }
            }
        }
    }

    @Test func extremesAndRandomValues() {
        let edges: [Double] = [.leastNonzeroMagnitude, .leastNormalMagnitude, 1e-290, (1e-290).nextDown, 1e290, (1e290).nextDown,
                               .greatestFiniteMagnitude, 18.000000000000004, 0.1 + 0.2, 1.8 * 10, 14.2 * 27.59]
        for x in edges {
            check(x)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            // Uniform in the exponent, so every decade is sampled.
            let x = pow(10, Double.random(in: -320...308, using: &generator))
            if x > 0, x.isFinite { check(x) }
        }
        for _ in 0..<100_000 {
            let x = Double(bitPattern: UInt64.random(in: 1..<0x7FF0_0000_0000_0000, using: &generator))
            check(x)
        }
    }

    @Test func normalisingKeepsTwelveSignificantDigits() {
        #expect(Units.normalized(1.8 * 10) == 18)
        #expect(Units.normalized(14.2 * 27.59) == 391.778)
        #expect(Units.normalized(0.1 + 0.2) == 0.3)
        #expect(Units.normalized(-(0.1 + 0.2)) == -0.3)
        #expect(Units.normalized(999.9999999999999) == 1000)
    }
}
