import Testing
@testable import Regimen

/// `NumberSyntax.parse` reads short decimals without `strtod`; the value must be the one
/// `Double(text)` gives, bit for bit, and text the general path refuses must stay refused.
@Suite struct ShortDecimalTests {
    static func general(_ text: String) -> Double? {
        guard NumberSyntax.isDecimal(Substring(text)), let value = Double(text), value.isFinite else { return nil }
        return value == 0 ? 0 : value
    }

    @Test func agreesWithStrtodOnRandomDecimals() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let sign = ["", "", "-", "+"].randomElement(using: &g)!
            let integer = String((0..<Int.random(in: 0...9, using: &g)).map { _ in "0123456789".randomElement(using: &g)! })
            let fraction = String((0..<Int.random(in: 0...12, using: &g)).map { _ in "0123456789".randomElement(using: &g)! })
            let dot = fraction.isEmpty ? (Bool.random(using: &g) ? "." : "") : "."
            let text = sign + integer + dot + fraction
            let fast = NumberSyntax.parse(text)
            let slow = Self.general(text)
            #expect(fast?.bitPattern == slow?.bitPattern, "'\(text)'")
        }
    }

    @Test(arguments: ["0", "-0", "+0", "0.0", "-0.0", ".5", "-.5", "5.", "017", "00", "0.05", "1e3", "1.5e-3", "0x1A", "",
                      "-", "+", ".", "1..2", "1.2.3", " 1", "1 ", "123456789012345", "1234567890123456", "9007199254740993",
                      "0.1", "0.3", "2.675", "1.005", "999999999999999", "0.000000000000001", "nan", "inf", "1,5"])
    func edgeCasesAgree(_ text: String) {
        #expect(NumberSyntax.parse(text)?.bitPattern == Self.general(text)?.bitPattern)
    }
}
