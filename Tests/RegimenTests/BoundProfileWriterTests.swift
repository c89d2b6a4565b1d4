import Testing
@testable import Regimen

/// Binding writes through `BoundProfile.Writer` (one pointer) instead of the profile's own
/// setters; random sequences of the same writes, through each, must leave profiles that read
/// back the same in every accessor, and the empty layout they were copied from untouched.
@Suite struct BoundProfileWriterTests {
    @Test(arguments: [(0, 0, 0, 0, 0), (1, 1, 1, 1, 1), (3, 2, 5, 7, 2), (13, 9, 4, 11, 6), (64, 3, 0, 0, 0), (40, 11, 18, 36, 2)])
    func writerAndSettersLeaveTheSameProfile(conditions: Int, markers: Int, scales: Int, options: Int, derived: Int) {
        let defaults = (0..<conditions).map { $0 % 3 == 0 ? Truth.unknown : .false }
        let empty = BoundProfile(markers: markers, scales: scales, derived: derived, options: options, conditionDefaults: defaults)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var bySetters = empty, byWriter = empty
            var ops: [(inout BoundProfile) -> Void] = []
            var writes: [(inout BoundProfile.Writer) -> Void] = []
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                let value = Double(Int.random(in: -1000...1000, using: &generator)) / 8
                let index = Int.random(in: 0...9, using: &generator)
                let note = "note \(Int.random(in: 0...3, using: &generator))"
                switch Int.random(in: 0..<11, using: &generator) {
                case 0 where conditions > 0:
                    let c = Int.random(in: 0..<conditions, using: &generator)
                    let t = [Truth.false, .unknown, .true].randomElement(using: &generator)!
                    let s = [BoundProfile.ConditionSource.listed, .ruledOut, .assumedAbsent, .unknown].randomElement(using: &generator)!
                    ops.append { $0.setCondition(c, t, s) }; writes.append { $0.setCondition(c, t, s) }
                case 1 where markers > 0:
                    let m = Int.random(in: 0..<markers, using: &generator)
                    ops.append { $0.setMarker(m, value) }; writes.append { $0.setMarker(m, value) }
                case 2 where scales > 0:
                    let s = Int.random(in: 0..<scales, using: &generator)
                    ops.append { $0.setScale(s, value) }; writes.append { $0.setScale(s, value) }
                case 3 where derived > 0:
                    let d = Int.random(in: 0..<derived, using: &generator)
                    ops.append { $0.setDerived(d, value) }; writes.append { $0.setDerived(d, value) }
                case 4 where derived > 0:
                    let d = Int.random(in: 0..<derived, using: &generator)
                    ops.append { $0.setGiven(d) }; writes.append { $0.setGiven(d) }
                case 5 where options > 0:
                    let o = Int.random(in: 0..<options, using: &generator), bits = UInt8.random(in: 0...7, using: &generator)
                    ops.append { $0.addTreatment(o, bits) }; writes.append { $0.addTreatment(o, bits) }
                case 6 where markers > 0:
                    let m = Int.random(in: 0..<markers, using: &generator)
                    ops.append { $0.setMarkerEntry(m, index) }; writes.append { $0.setMarkerEntry(m, index) }
                case 7 where scales > 0:
                    let s = Int.random(in: 0..<scales, using: &generator)
                    ops.append { $0.setScaleEntry(s, index) }; writes.append { $0.setScaleEntry(s, index) }
                case 8 where markers > 0:
                    let m = Int.random(in: 0..<markers, using: &generator)
                    ops.append { $0.setMarkerNote(m, note) }; writes.append { $0.setMarkerNote(m, note) }
                case 9 where scales > 0:
                    let s = Int.random(in: 0..<scales, using: &generator)
                    ops.append { $0.setScaleNote(s, note) }; writes.append { $0.setScaleNote(s, note) }
                default: break
                }
            }
            for op in ops { op(&bySetters) }
            byWriter.write { w in for write in writes { write(&w) } }
            // Every number and every flag byte (the flags are inside the numbers' storage).
            #expect(byWriter.numbers.map(\.bitPattern) == bySetters.numbers.map(\.bitPattern))
            for c in 0..<conditions {
                #expect(byWriter.condition(c) == bySetters.condition(c))
                #expect(byWriter.sourceOfCondition(c) == bySetters.sourceOfCondition(c))
            }
            for o in 0..<options { #expect(byWriter.treatment(o) == bySetters.treatment(o)) }
            for d in 0..<derived { #expect(byWriter.isDerivedGiven(d) == bySetters.isDerivedGiven(d)) }
            #expect(Array(byWriter.markers).map(\.bitPattern) == Array(bySetters.markers).map(\.bitPattern))
            #expect(Array(byWriter.scales).map(\.bitPattern) == Array(bySetters.scales).map(\.bitPattern))
            #expect(Array(byWriter.derived).map(\.bitPattern) == Array(bySetters.derived).map(\.bitPattern))
            for m in 0..<markers { #expect(byWriter.markerNote(m) == bySetters.markerNote(m)) }
            for s in 0..<scales {
                #expect(byWriter.scaleNote(s) == bySetters.scaleNote(s))
            }
        }
        // The empty layout both were copied from is unchanged.
        for c in 0..<conditions { #expect(empty.condition(c) == defaults[c]) }
        #expect(empty.markers.allSatisfy(\.isNaN) && empty.scales.allSatisfy(\.isNaN))
    }
}
