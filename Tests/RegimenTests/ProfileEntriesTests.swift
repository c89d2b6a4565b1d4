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

    /// The index each entry is visited with, and the fields read back by index (what a bound
    /// profile shows of a given marker or scale), are the entry's own.
    @Test func entriesReadBackByIndex() {
        let p = Self.profile
        var indices: [Int] = []
        p.forEachMarkerInPlace { indices.append($0.index) }
        p.forEachScaleInPlace { indices.append($0.index) }
        #expect(indices == [0, 1, 2, 0, 1, 2])
        for (i, entry) in p.markers.enumerated() {
            let read = Profile.measurement(of: p.markers, at: i)
            #expect(read.value == entry.measurement.value)
            #expect(read.unit == entry.measurement.unit)
            #expect(read.date == entry.measurement.date)
        }
        #expect(p.scales.indices.map { Profile.date(of: p.scales, at: $0) } == p.scales.map(\.date))
    }

    /// A marker given twice shows the later entry's value, unit and date; one never given
    /// shows none.
    @Test func aBoundProfileShowsTheLastValidEntry() throws {
        let engine = try Snippet.engine("rules:\n  - { id: r, title: t, when: { crp: \"> 10\" }, recommend: cbt, strength: strong, because: x, evidence: [ev1] }\n")
        let program = engine.program
        var profile = Profile(id: "p")
        profile.markers = [
            (id: .init("crp"), measurement: .init(value: 1.8, unit: "mg/dL", date: "2026-01-02")),
            (id: .init("cortisol"), measurement: .init(value: 14.2, unit: "ug/dL")),
            (id: .init("crp"), measurement: .init(value: 25, date: "2026-11-01")),
        ]
        let bound = try program.bind(profile, asOf: CalendarDate("2026-11-24")).get()
        let crp = Int(program.markerSlots["crp"]!), cortisol = Int(program.markerSlots["cortisol"]!), il6 = Int(program.markerSlots["il6"]!)
        #expect(bound.givenMarker(crp).map { "\($0.value) \($0.unit ?? "-") \($0.date ?? "-")" } == "25.0 - 2026-11-01")
        #expect(bound.givenMarker(cortisol).map { "\($0.value) \($0.unit ?? "-") \($0.date ?? "-")" } == "14.2 ug/dL -")
        #expect(bound.givenMarker(il6) == nil)
        #expect(bound.marker(crp) == 25)
        #expect(bound.markerNote(crp) == nil)
    }

    @Test func emptyListsVisitNothing() {
        var visits = 0
        Profile(id: "empty").forEachMarkerInPlace { _ in visits += 1 }
        Profile(id: "empty").forEachScaleInPlace { _ in visits += 1 }
        [Int]().forEachInPlace { _ in visits += 1 }
        #expect(visits == 0)
    }
}
