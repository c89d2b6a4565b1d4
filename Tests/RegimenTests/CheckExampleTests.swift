import Testing
@testable import Regimen

/// Every validation check is tested from its own description: the failing example yields the
/// check's finding exactly where `1️⃣` marks it, and the passing example validates clean.
@Suite struct CheckExampleTests {
    static let marker = "1️⃣"

    /// The text without the marker, and the marker's 1-based line and column (in scalars).
    static func locate(_ text: String) -> (String, line: Int, column: Int)? {
        guard let range = text.range(of: marker) else { return nil }
        let before = text[..<range.lowerBound]
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        let column = (lines.last.map { $0.unicodeScalars.count } ?? 0) + 1
        return (text.replacingCharacters(in: range, with: ""), lines.count, column)
    }

    static func validate(_ example: String) -> ValidationReport {
        Validator.validate([.text(Checks.exampleBase, name: "base.yaml"), .text(example, name: "example.yaml")])
    }

    @Test func exampleBaseIsClean() {
        let report = Validator.validate([.text(Checks.exampleBase, name: "base.yaml")])
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description))")
    }

    @Test func everyCheckIDIsDescribedOnce() {
        let ids = Checks.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { id in Identifier.isDottedID(id) })
    }

    @Test(arguments: Checks.all)
    func failingExampleTriggersTheCheckAtTheMarker(check: CheckDescription) throws {
        let (text, line, column) = try #require(Self.locate(check.failingExample), "\(check.id): failing example has no 1️⃣ marker")
        let report = Self.validate(text)
        let found = report.findings.filter { $0.code == check.id }
        #expect(!found.isEmpty, "\(check.id): no finding; got \(report.findings.map(\.headline))")
        let expected = SourceLocation(file: "example.yaml", line: line, column: column)
        #expect(found.contains { $0.location == expected }, "\(check.id): expected at \(expected), got \(found.map(\.headline))")
        #expect(found.allSatisfy { $0.severity == check.severity }, "\(check.id): severity")
    }

    @Test(arguments: Checks.all)
    func passingExampleIsClean(check: CheckDescription) {
        let report = Self.validate(check.passingExample)
        #expect(report.findings.isEmpty, "\(check.id): \(report.findings.map(\.headline))")
    }
}
