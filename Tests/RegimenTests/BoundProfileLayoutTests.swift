import Testing
@testable import Regimen

/// A bound profile keeps its flags as bytes after its numbers, in one array: every flag and
/// every number reads back as written, whatever the counts (flags not a multiple of eight,
/// none at all), writing one never disturbs another, and a copy (the program's empty layout)
/// is left as it was.
@Suite struct BoundProfileLayoutTests {
    @Test(arguments: [(0, 0, 0, 0, 0), (1, 1, 1, 1, 1), (3, 2, 5, 7, 2), (13, 9, 4, 11, 6), (64, 3, 0, 0, 0)])
    func flagsAndNumbersReadBackAsWritten(conditions: Int, markers: Int, scales: Int, options: Int, derived: Int) {
        let defaults = (0..<conditions).map { $0 % 3 == 0 ? Truth.unknown : .false }
        let empty = BoundProfile(markers: markers, scales: scales, derived: derived, options: options, conditionDefaults: defaults)
        var p = empty
        for c in 0..<conditions {
            #expect(p.condition(c) == defaults[c])
            #expect(p.sourceOfCondition(c) == (defaults[c] == .unknown ? .unknown : .assumedAbsent))
        }
        p.write { w in
            for c in stride(from: 0, to: conditions, by: 2) { w.setCondition(c, .true, .listed) }
            for o in 0..<options { w.addTreatment(o, UInt8(o % 7)) }
            for o in stride(from: 0, to: options, by: 3) { w.addTreatment(o, BoundProfile.failed) }
            for d in stride(from: 1, to: derived, by: 2) { w.setGiven(d) }
            for m in 0..<markers { w.setMarker(m, Double(m) + 0.5) }
            for s in 0..<scales { w.setScale(s, Double(s) * 2) }
            for d in 0..<derived { w.setDerived(d, -Double(d)) }
        }
        for c in 0..<conditions {
            #expect(p.condition(c) == (c % 2 == 0 ? .true : defaults[c]))
            #expect(p.sourceOfCondition(c) == (c % 2 == 0 ? .listed : defaults[c] == .unknown ? .unknown : .assumedAbsent))
        }
        for o in 0..<options { #expect(p.treatment(o) == UInt8(o % 7) | (o % 3 == 0 ? BoundProfile.failed : 0)) }
        for d in 0..<derived { #expect(p.isDerivedGiven(d) == (d % 2 == 1)) }
        #expect(Array(p.markers) == (0..<markers).map { Double($0) + 0.5 })
        #expect(Array(p.scales) == (0..<scales).map { Double($0) * 2 })
        #expect(Array(p.derived) == (0..<derived).map { -Double($0) })
        for m in 0..<markers { #expect(p.givenMarker(m) == nil) }
        p.withSlots { slots in
            for c in 0..<conditions { #expect(slots.condition(c) == p.condition(c)) }
            for o in 0..<options { #expect(slots.treatment(o) == p.treatment(o)) }
            for m in 0..<markers { #expect(slots.marker(m) == p.marker(m)) }
        }
        // The empty layout the profile was copied from is unchanged.
        for c in 0..<conditions { #expect(empty.condition(c) == defaults[c]) }
        for o in 0..<options { #expect(empty.treatment(o) == 0) }
        #expect(empty.markers.allSatisfy { $0.isNaN })
    }
}
