import Testing
@testable import Regimen

/// Binding reads `markers` and `scales` entries through pointers at `MemoryLayout` offsets; each
/// field must come out as a plain `for` loop over the tuples gives it, for every entry.
@Suite struct ProfileEntriesTests {
    static func at(_ line: Int) -> Regimen.SourceLocation { Regimen.SourceLocation(file: "p.yaml", line: line, column: 3) }

    static var profile: Profile {
        var p = Profile(id: "p")
        p.markers = [
            (id: .init("crp", location: at(1)), measurement: .init(value: 1.8, unit: "mg/dL", date: "2026-01-02", location: at(2))),
            (id: .init("esr"), measurement: .init(value: 34)),
            (id: .init("il6", location: at(3)), measurement: .init(value: 7.25, unit: "pg/mL", location: at(4))),
        ]
        p.scales = [
            (id: .init("pss10", location: at(5)), value: 29, date: "2026-03-04", location: at(6)),
            (id: .init("phq9"), value: 12, date: nil, location: nil),
            (id: .init("gad7", location: at(7)), value: 8.5, date: nil, location: at(8)),
        ]
        return p
    }

    @Test func markerFieldsAreTheEntriesFields() {
        var seen: [String] = []
        Self.profile.forEachMarkerInPlace { fields in
            let m = fields.measurement.pointee
            seen.append("\(fields.id.pointee.id) \(fields.id.pointee.location.map(\.line) ?? 0) \(m.value) \(m.unit ?? "-") \(m.date ?? "-") \(m.location.map(\.line) ?? 0)")
        }
        let expected = Self.profile.markers.map { ref, m in
            "\(ref.id) \(ref.location.map(\.line) ?? 0) \(m.value) \(m.unit ?? "-") \(m.date ?? "-") \(m.location.map(\.line) ?? 0)"
        }
        #expect(seen == expected)
        #expect(seen.count == 3)
    }

    @Test func scaleFieldsAreTheEntriesFields() {
        var seen: [String] = []
        Self.profile.forEachScaleInPlace { fields in
            seen.append("\(fields.id.pointee.id) \(fields.id.pointee.location.map(\.line) ?? 0) \(fields.value) \(fields.date.pointee ?? "-") \(fields.location.pointee.map(\.line) ?? 0)")
        }
        let expected = Self.profile.scales.map { ref, value, date, location in
            "\(ref.id) \(ref.location.map(\.line) ?? 0) \(value) \(date ?? "-") \(location.map(\.line) ?? 0)"
        }
        #expect(seen == expected)
        #expect(seen.count == 3)
    }

    @Test func emptyListsVisitNothing() {
        var visits = 0
        Profile(id: "empty").forEachMarkerInPlace { _ in visits += 1 }
        Profile(id: "empty").forEachScaleInPlace { _ in visits += 1 }
        [Int]().forEachInPlace { _ in visits += 1 }
        #expect(visits == 0)
    }
}
