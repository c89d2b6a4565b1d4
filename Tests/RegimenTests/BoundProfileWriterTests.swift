import Testing
@testable import Regimen

/// Binding writes a profile's slots through `BoundProfile.Writer`, the one place that knows
/// the layout. Random sequences of writes are checked against a model of the layout written
/// out here from its description (`BoundProfile.numbers`): every number, every flag byte and
/// every note must be where the model puts it, and the empty layout the profile was copied
/// from must be untouched.
@Suite struct BoundProfileWriterTests {
    /// The layout, from the counts alone: numbers are markers, scales, derived facts, computed
    /// derived facts, marker entries, scale entries; the flags, as bytes after them, are
    /// conditions, their sources, treatments, whether each derived fact is given.
    struct Model {
        let markers: Int, scales: Int, derived: Int, conditions: Int, options: Int
        var numbers: [Double]
        var flags: [UInt8]
        var markerNotes: [Int: String] = [:], scaleNotes: [Int: String] = [:]

        init(conditions: Int, markers: Int, scales: Int, options: Int, derived: Int, defaults: [Truth]) {
            (self.conditions, self.markers, self.scales, self.options, self.derived) = (conditions, markers, scales, options, derived)
            numbers = Array(repeating: .nan, count: 2 * (markers + scales + derived))
            flags = defaults.map(\.rawValue) + defaults.map { ($0 == .unknown ? BoundProfile.ConditionSource.unknown : .assumedAbsent).rawValue }
                + Array(repeating: 0, count: options + derived)
        }

        func marker(_ m: Int) -> Int { m }
        func scale(_ s: Int) -> Int { markers + s }
        func derivedValue(_ d: Int) -> Int { markers + scales + d }
        func computed(_ d: Int) -> Int { markers + scales + derived + d }
        func markerEntry(_ m: Int) -> Int { markers + scales + 2 * derived + m }
        func scaleEntry(_ s: Int) -> Int { 2 * markers + scales + 2 * derived + s }
        func source(_ c: Int) -> Int { conditions + c }
        func treatment(_ o: Int) -> Int { 2 * conditions + o }
        func given(_ d: Int) -> Int { 2 * conditions + options + d }
    }

    @Test(arguments: [(0, 0, 0, 0, 0), (1, 1, 1, 1, 1), (3, 2, 5, 7, 2), (13, 9, 4, 11, 6), (64, 3, 0, 0, 0), (40, 11, 18, 36, 2)])
    func writesLandWhereTheLayoutSays(conditions: Int, markers: Int, scales: Int, options: Int, derived: Int) {
        let defaults = (0..<conditions).map { $0 % 3 == 0 ? Truth.unknown : .false }
        let empty = BoundProfile(markers: markers, scales: scales, derived: derived, options: options, conditionDefaults: defaults)
        let fresh = Model(conditions: conditions, markers: markers, scales: scales, options: options, derived: derived, defaults: defaults)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var model = fresh, p = empty
            // Writes go through one writer at a time; a `keepGivenComputed`, the profile's own
            // (one write through a writer), ends the batch before it, so the order holds.
            var steps: [(inout BoundProfile) -> Void] = []
            var writes: [(inout BoundProfile.Writer) -> Void] = []
            func flush() {
                let batch = writes
                writes = []
                steps.append { p in p.write { w in for write in batch { write(&w) } } }
            }
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                let value = Double(Int.random(in: -1000...1000, using: &generator)) / 8
                let entry = Int.random(in: 0...9, using: &generator)
                let note = Bool.random(using: &generator) ? "note \(Int.random(in: 0...3, using: &generator))" : nil
                switch Int.random(in: 0..<10, using: &generator) {
                case 0 where conditions > 0:
                    let c = Int.random(in: 0..<conditions, using: &generator)
                    let t = [Truth.false, .unknown, .true].randomElement(using: &generator)!
                    let s = [BoundProfile.ConditionSource.listed, .ruledOut, .assumedAbsent, .unknown].randomElement(using: &generator)!
                    model.flags[c] = t.rawValue
                    model.flags[model.source(c)] = s.rawValue
                    writes.append { $0.setCondition(c, t, s) }
                case 1 where markers > 0:
                    let m = Int.random(in: 0..<markers, using: &generator)
                    model.numbers[model.marker(m)] = value
                    writes.append { $0.setMarker(m, value) }
                case 2 where scales > 0:
                    let s = Int.random(in: 0..<scales, using: &generator)
                    model.numbers[model.scale(s)] = value
                    writes.append { $0.setScale(s, value) }
                case 3 where derived > 0:
                    let d = Int.random(in: 0..<derived, using: &generator)
                    model.numbers[model.derivedValue(d)] = value
                    writes.append { $0.setDerived(d, value) }
                case 4 where derived > 0:
                    let d = Int.random(in: 0..<derived, using: &generator)
                    model.flags[model.given(d)] = 1
                    writes.append { $0.setGiven(d) }
                case 5 where options > 0:
                    let o = Int.random(in: 0..<options, using: &generator), bits = UInt8.random(in: 0...7, using: &generator)
                    model.flags[model.treatment(o)] |= bits
                    writes.append { $0.addTreatment(o, bits) }
                case 6 where markers > 0:
                    let m = Int.random(in: 0..<markers, using: &generator)
                    model.numbers[model.markerEntry(m)] = Double(entry)
                    if let note { model.markerNotes[m] = note } else { model.numbers[model.marker(m)] = value }
                    writes.append { $0.setMeasured(.marker, m, entry: entry, note.map { .stale(note: $0) } ?? .current(value)) }
                case 7 where scales > 0:
                    let s = Int.random(in: 0..<scales, using: &generator)
                    model.numbers[model.scaleEntry(s)] = Double(entry)
                    if let note { model.scaleNotes[s] = note } else { model.numbers[model.scale(s)] = value }
                    writes.append { $0.setMeasured(.scale, s, entry: entry, note.map { .stale(note: $0) } ?? .current(value)) }
                case 8 where derived > 0:
                    // Through the profile's own method, which is one write through a writer.
                    let d = Int.random(in: 0..<derived, using: &generator), computed = Bool.random(using: &generator) ? value : nil
                    model.numbers[model.computed(d)] = computed ?? .nan
                    model.flags[model.given(d)] = 2
                    flush()
                    steps.append { $0.keepGivenComputed(d, computed) }
                default: break
                }
            }
            flush()
            for step in steps { step(&p) }
            #expect(p.numbers.prefix(model.numbers.count).map(\.bitPattern) == model.numbers.map(\.bitPattern))
            let flagBytes = p.numbers.withUnsafeBytes { Array($0[(model.numbers.count * 8)...]) }
            #expect(Array(flagBytes.prefix(model.flags.count)) == model.flags)
            #expect(flagBytes.count == (model.flags.count + 7) / 8 * 8 && flagBytes.dropFirst(model.flags.count).allSatisfy { $0 == 0 })
            // And the accessors read them back from there.
            for c in 0..<conditions {
                #expect(p.condition(c).rawValue == model.flags[c])
                #expect(p.sourceOfCondition(c).rawValue == model.flags[model.source(c)])
            }
            for o in 0..<options { #expect(p.treatment(o) == model.flags[model.treatment(o)]) }
            for d in 0..<derived {
                #expect(p.isDerivedGiven(d) == (model.flags[model.given(d)] != 0))
                #expect(p.isGivenComputedKept(d) == (model.flags[model.given(d)] == 2))
                #expect(p.computedDerived(d)?.bitPattern == Optional(model.numbers[model.computed(d)]).flatMap { $0.isNaN ? nil : $0.bitPattern })
            }
            #expect(Array(p.markers).map(\.bitPattern) == (0..<markers).map { model.numbers[model.marker($0)].bitPattern })
            #expect(Array(p.scales).map(\.bitPattern) == (0..<scales).map { model.numbers[model.scale($0)].bitPattern })
            #expect(Array(p.derived).map(\.bitPattern) == (0..<derived).map { model.numbers[model.derivedValue($0)].bitPattern })
            for m in 0..<markers { #expect(p.markerNote(m) == model.markerNotes[m]) }
            for s in 0..<scales { #expect(p.scaleNote(s) == model.scaleNotes[s]) }
        }
        // The empty layout every profile was copied from is unchanged.
        #expect(empty.numbers.map(\.bitPattern) == BoundProfile(markers: markers, scales: scales, derived: derived, options: options, conditionDefaults: defaults).numbers.map(\.bitPattern))
        for c in 0..<conditions { #expect(empty.condition(c) == defaults[c]) }
    }
}
