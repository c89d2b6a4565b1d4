import Testing
@testable import Regimen

/// `TestSyntax.splitNumberAndUnit` splits ASCII text by bytes; it must answer exactly as the
/// Character-based `split` it stands in for, on ordinary and awkward spacing alike.
@Suite struct NumberAndUnitSplitTests {
    /// The general path, as the function read before its ASCII shortcut.
    static func reference(_ text: String) -> (Double, String?)? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = parts.first, let value = NumberSyntax.parse(first) else { return nil }
        let unit = parts.count > 1 ? String(parts[1]).trimmingWhitespace() : nil
        return (value, unit?.isEmpty == true ? nil : unit)
    }

    @Test(arguments: [
        "10", "10 mg/L", "10  mg/L", "10 ", "10  ", " 10 mg/L", "  10", "", " ", "mg/L", "10mg/L",
        "1.5 10*9/L", "-0 mg", "1e3 mg dL", "10\tmg", "10 \tmg\t", "10 mg\r\n", "10\r\n mg", "017 mg",
        "10 µmol/L", "10\u{00A0}mg", "١٠ mg", "10 m\u{0301}g", "10 \u{0301}mg", ".5", "+2.0E-3 U/L",
    ])
    func matchesTheCharacterSplit(_ text: String) {
        let fast = TestSyntax.splitNumberAndUnit(text)
        let slow = Self.reference(text)
        #expect(fast?.0 == slow?.0)
        #expect(fast?.1 == slow?.1)
        #expect((fast == nil) == (slow == nil))
    }
}
