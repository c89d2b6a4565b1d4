import Foundation

/// A profile checked against a program's vocabulary and laid out in its slots: the evaluator's
/// input. NaN marks an unknown value (unmeasured, stale, or a derived fact that cannot be
/// computed), so the hot loop reads plain doubles; the notes say why, for explanations.
///
/// One array holds it all, whatever the vocabulary's size: every number, then every per-slot
/// flag as bytes in the same storage; staleness notes, when a profile has any, take a second.
/// Binding starts from the program's empty layout, so the array it writes is one allocation
/// (copy on write), and destroying it one free; eleven arrays, one per kind of fact, made
/// binding and dropping a profile mostly malloc, and the flags' own array was still one more
/// of each. The values, units and dates as given stay in the profile's own entries, which the
/// bound profile shares.
struct BoundProfile: Sendable {
    var id: String?
    var asOf: CalendarDate
    var age: Double
    var sex: Sex?
    /// Markers, scales, derived facts, each derived fact's computed value (NaN: none), per
    /// marker and per scale the index of the profile entry that gave it (NaN: none); then, as
    /// bytes from byte `flagBase`, the flags: conditions (a `Truth`), how each was decided (a
    /// `ConditionSource`), each option's treatment flags, whether the profile gives each
    /// derived fact (0 or 1).
    fileprivate(set) var numbers: [Double]
    fileprivate let flagBase: Int32
    /// Staleness notes, one entry per fact that has one, in the order bound; empty (no
    /// allocation) for a profile with none.
    fileprivate var annotations: [Annotation]
    /// The profile's marker and scale entries, shared with it (no copy): a given value, unit
    /// and date is read from the entry whose index `numbers` keeps, when an explanation shows
    /// it. Copying them into the bound profile cost an array and a retained string per field.
    private var markerEntries: [Profile.MarkerEntry] = []
    private var scaleEntries: [Profile.ScaleEntry] = []
    fileprivate let scaleBase: Int32, derivedBase: Int32, computedBase: Int32
    fileprivate let markerEntryBase: Int32, scaleEntryBase: Int32
    fileprivate let sourceBase: Int32, treatmentBase: Int32, givenBase: Int32

    enum ConditionSource: UInt8, Sendable { case listed, ruledOut, assumedAbsent, unknown }

    /// How a derived fact got its value: given by the profile (the computed one, if any, is
    /// kept to show), computed, or unknown (`Program.derivedExplanations` says why, when asked).
    /// Read it through `Program.derivedState`, which computes a given fact's formula.
    struct DerivedState: Sendable {
        var given: Bool = false
        var computed: Double?
    }

    /// Why a marker's or scale's value counts as unknown (it is stale).
    fileprivate struct Annotation: Sendable {
        /// A marker's slot, or a scale's slot as -(slot + 1).
        var key: Int32
        var note: String?
    }

    static let taking: UInt8 = 1, failed: UInt8 = 2, tried: UInt8 = 4

    /// A profile that gives nothing, laid out for `sets`' vocabulary.
    init(emptyFor sets: RuleSet, conditionDefaults: [Truth]) {
        self.init(markers: sets.markers.count, scales: sets.scales.count, derived: sets.derived.count,
                  options: sets.options.count, conditionDefaults: conditionDefaults)
    }

    /// A profile that gives nothing, laid out for a vocabulary of these sizes.
    init(markers: Int, scales: Int, derived: Int, options: Int, conditionDefaults: [Truth]) {
        let conditions = conditionDefaults.count
        id = nil
        asOf = CalendarDate(dayNumber: 0)
        age = .nan
        sex = nil
        var flags = conditionDefaults.map(\.rawValue)
        flags += conditionDefaults.map { ($0 == .unknown ? ConditionSource.unknown : .assumedAbsent).rawValue }
        flags += Array(repeating: 0, count: options + derived)
        let values = 2 * (markers + scales + derived)
        numbers = Array(repeating: .nan, count: values) + Array(repeating: 0, count: (flags.count + 7) / 8)
        flagBase = Int32(values * MemoryLayout<Double>.stride)
        numbers.withUnsafeMutableBytes { bytes in
            for (i, flag) in flags.enumerated() { bytes.storeBytes(of: flag, toByteOffset: values * MemoryLayout<Double>.stride + i, as: UInt8.self) }
        }
        annotations = []
        scaleBase = Int32(markers)
        derivedBase = Int32(markers + scales)
        computedBase = Int32(markers + scales + derived)
        markerEntryBase = Int32(markers + scales + 2 * derived)
        scaleEntryBase = Int32(2 * markers + scales + 2 * derived)
        sourceBase = Int32(conditions)
        treatmentBase = Int32(2 * conditions)
        givenBase = Int32(2 * conditions + options)
    }

    /// Where each kind of slot starts: the same for every profile bound for one program.
    struct Layout: Sendable {
        fileprivate let flagBase: Int32
        fileprivate let scaleBase: Int32, derivedBase: Int32, computedBase: Int32
        fileprivate let markerEntryBase: Int32, scaleEntryBase: Int32
        fileprivate let sourceBase: Int32, treatmentBase: Int32, givenBase: Int32
    }

    var layout: Layout {
        Layout(flagBase: flagBase, scaleBase: scaleBase, derivedBase: derivedBase, computedBase: computedBase,
               markerEntryBase: markerEntryBase, scaleEntryBase: scaleEntryBase,
               sourceBase: sourceBase, treatmentBase: treatmentBase, givenBase: givenBase)
    }

    /// `emptySlots`, laid out as `layout` says (an unbound profile's `numbers`, shared until
    /// written: copy on write), for `profile`, whose marker and scale entries it shares (the
    /// entry indexes `Writer.setMeasured` writes point into them). Made from the layout's plain
    /// numbers: copying an unbound profile and then setting its id and entries retained and
    /// released what binding replaced, and read the whole profile out of the program through
    /// the runtime's generic copy (about 140 instructions more per decision).
    @inline(__always)
    init(_ layout: Layout, emptySlots: [Double], of profile: Profile, asOf: CalendarDate) {
        id = profile.id
        self.asOf = asOf
        age = profile.age ?? .nan
        sex = profile.sex
        numbers = emptySlots
        annotations = []
        markerEntries = profile.markers
        scaleEntries = profile.scales
        flagBase = layout.flagBase
        (scaleBase, derivedBase, computedBase) = (layout.scaleBase, layout.derivedBase, layout.computedBase)
        (markerEntryBase, scaleEntryBase) = (layout.markerEntryBase, layout.scaleEntryBase)
        (sourceBase, treatmentBase, givenBase) = (layout.sourceBase, layout.treatmentBase, layout.givenBase)
    }

    // Reading, by slot.

    @inline(__always) func marker(_ slot: Int) -> Double { numbers[slot] }
    @inline(__always) func scale(_ slot: Int) -> Double { numbers[Int(scaleBase) + slot] }
    @inline(__always) func derivedValue(_ slot: Int) -> Double { numbers[Int(derivedBase) + slot] }
    /// Only `Truth` raw values are stored there.
    @inline(__always) func condition(_ slot: Int) -> Truth { unsafeBitCast(flag(slot), to: Truth.self) }
    @inline(__always) func sourceOfCondition(_ slot: Int) -> ConditionSource { unsafeBitCast(flag(Int(sourceBase) + slot), to: ConditionSource.self) }
    @inline(__always) func treatment(_ slot: Int) -> UInt8 { flag(Int(treatmentBase) + slot) }

    /// Flag `i` (counted from the first condition's).
    @inline(__always) private func flag(_ i: Int) -> UInt8 {
        numbers.withUnsafeBytes { $0.load(fromByteOffset: Int(flagBase) + i, as: UInt8.self) }
    }

    /// Whether the profile gives this derived fact's value.
    @inline(__always) func isDerivedGiven(_ slot: Int) -> Bool { flag(Int(givenBase) + slot) != 0 }
    /// Whether a given fact's computed value is kept (`keepGivenComputed`): its flag is 2.
    func isGivenComputedKept(_ slot: Int) -> Bool { flag(Int(givenBase) + slot) == 2 }
    /// The value binding computed for a derived fact the profile does not give (nil: none).
    /// Binding computes no given fact's formula: see `Program.derivedState` (and
    /// `keepGivenComputed`).
    func computedDerived(_ slot: Int) -> Double? {
        let computed = numbers[Int(computedBase) + slot]
        return computed.isNaN ? nil : computed
    }

    /// The slots as raw memory, for the loops that read many (deciding, formulas): read
    /// through the struct, every slot was bounds-checked, and a callee taking the profile by
    /// value could copy it (retaining every array) at each call.
    struct Slots {
        let numbers: UnsafePointer<Double>
        /// The flags' first byte (they are bytes inside the numbers' storage).
        let flags: UnsafeRawPointer
        let scaleBase: Int, derivedBase: Int, treatmentBase: Int
        let age: Double
        let sex: Sex?

        @inline(__always) func marker(_ slot: Int) -> Double { numbers[slot] }
        @inline(__always) func scale(_ slot: Int) -> Double { numbers[scaleBase + slot] }
        @inline(__always) func derivedValue(_ slot: Int) -> Double { numbers[derivedBase + slot] }
        /// Only `Truth` raw values are stored there.
        @inline(__always) func condition(_ slot: Int) -> Truth { unsafeBitCast(flags.load(fromByteOffset: slot, as: UInt8.self), to: Truth.self) }
        @inline(__always) func treatment(_ slot: Int) -> UInt8 { flags.load(fromByteOffset: treatmentBase + slot, as: UInt8.self) }
    }

    /// `body` with the profile's slots; the pointers are valid only inside it.
    @inline(__always)
    func withSlots<R>(_ body: (Slots) -> R) -> R {
        numbers.withUnsafeBufferPointer { n in
            // An empty array may have no storage: no slot is read through it then.
            let base = n.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Double>.alignment)!
            return body(Slots(numbers: base, flags: UnsafeRawPointer(base) + Int(flagBase), scaleBase: Int(scaleBase),
                              derivedBase: Int(derivedBase), treatmentBase: Int(treatmentBase), age: age, sex: sex))
        }
    }

    /// Computes every derived fact in `order` that the profile does not give, writing each
    /// value as `value` gives it, in place. `value` reads the slots as they are at that point,
    /// so a formula sees the facts before it. A given fact's formula is not run: deciding reads
    /// the given value, and only an explanation shows the computed one (`Program.derivedState`
    /// computes it then, from the same slots). `accepts` says whether a computed value is in
    /// its fact's range.
    mutating func computeDerived(_ order: [Int32], _ value: (Int, Slots) -> Double, accepts: (Int, Double) -> Bool) {
        let scaleBase = Int(scaleBase), derivedBase = Int(derivedBase), computedBase = Int(computedBase)
        let treatmentBase = Int(treatmentBase), givenBase = Int(givenBase)
        let age = age, sex = sex, flagBase = Int(flagBase)
        numbers.withUnsafeMutableBufferPointer { n in
            // Empty only for an empty vocabulary: no formula then.
            guard let numbers = n.baseAddress else { return }
            let flags = UnsafeRawPointer(numbers) + flagBase
            let slots = Slots(numbers: UnsafePointer(numbers), flags: flags, scaleBase: scaleBase,
                              derivedBase: derivedBase, treatmentBase: treatmentBase, age: age, sex: sex)
            for slot in order {
                let slot = Int(slot)
                if flags.load(fromByteOffset: givenBase + slot, as: UInt8.self) != 0 { continue }
                let v = value(slot, slots)
                guard !v.isNaN else { continue }
                let computed = Units.normalized(v)
                n[computedBase + slot] = computed
                if accepts(slot, computed) { n[derivedBase + slot] = computed }
            }
        }
    }

    private func index(_ key: Int32) -> Int? {
        for i in annotations.indices where annotations[i].key == key { return i }
        return nil
    }
    /// A marker's value, unit and date as the profile gives them (before conversion).
    func givenMarker(_ slot: Int) -> (value: Double, unit: String?, date: String?)? {
        let entry = numbers[Int(markerEntryBase) + slot]
        guard !entry.isNaN else { return nil }
        return Profile.measurement(of: markerEntries, at: Int(entry))
    }
    func markerNote(_ slot: Int) -> String? {
        guard !annotations.isEmpty, let i = index(Int32(slot)) else { return nil }
        return annotations[i].note
    }
    /// The date the profile gives a scale's value (nil: none, or no value).
    func scaleDate(_ slot: Int) -> String? {
        let entry = numbers[Int(scaleEntryBase) + slot]
        guard !entry.isNaN else { return nil }
        return Profile.date(of: scaleEntries, at: Int(entry))
    }
    func scaleNote(_ slot: Int) -> String? {
        guard !annotations.isEmpty, let i = index(-Int32(slot) - 1) else { return nil }
        return annotations[i].note
    }

    /// Every marker's and scale's value by slot, in canonical units (NaN: unknown).
    var markers: SlotView<Double> { SlotView(numbers, from: 0, count: Int(scaleBase)) }
    var scales: SlotView<Double> { SlotView(numbers, from: Int(scaleBase), count: Int(derivedBase - scaleBase)) }
    /// Every derived fact's value by slot (NaN: unknown).
    var derived: SlotView<Double> { SlotView(numbers, from: Int(derivedBase), count: Int(computedBase - derivedBase)) }

    /// Keeps a given fact's computed value (nil: the formula gives none), marking it kept
    /// (flag 2, see `isGivenComputedKept`). Not binding's: a writer for JSON lines, after it.
    mutating func keepGivenComputed(_ slot: Int, _ value: Double?) {
        numbers[Int(computedBase) + slot] = value ?? .nan
        numbers.withUnsafeMutableBytes { $0.storeBytes(of: 2, toByteOffset: Int(flagBase + givenBase) + slot, as: UInt8.self) }
    }
}

/// Binding's writes, through one pointer into the numbers and flags: each write through the
/// struct's own setters checked the array's uniqueness and the slot's bounds again, about
/// twenty times per profile. Slots come from the program's vocabulary, so they are in range.
extension BoundProfile {
    struct Writer {
        fileprivate let numbers: UnsafeMutablePointer<Double>
        fileprivate let flags: UnsafeMutableRawPointer
        fileprivate let scaleBase: Int, derivedBase: Int, markerEntryBase: Int, scaleEntryBase: Int
        fileprivate let sourceBase: Int, treatmentBase: Int, givenBase: Int
        fileprivate var annotations: [Annotation]

        /// A measured fact: a marker or a scale. Its value, the index of the profile entry
        /// that gave it, and its staleness note are kept per kind.
        enum Measured { case marker, scale }

        func setMarker(_ slot: Int, _ value: Double) { numbers[slot] = value }
        func setScale(_ slot: Int, _ value: Double) { numbers[scaleBase + slot] = value }
        func setDerived(_ slot: Int, _ value: Double) { numbers[derivedBase + slot] = value }
        func setGiven(_ slot: Int) { flags.storeBytes(of: 1, toByteOffset: givenBase + slot, as: UInt8.self) }
        func setCondition(_ slot: Int, _ truth: Truth, _ source: ConditionSource) {
            flags.storeBytes(of: truth.rawValue, toByteOffset: slot, as: UInt8.self)
            flags.storeBytes(of: source.rawValue, toByteOffset: sourceBase + slot, as: UInt8.self)
        }
        func sourceOfCondition(_ slot: Int) -> ConditionSource {
            unsafeBitCast(flags.load(fromByteOffset: sourceBase + slot, as: UInt8.self), to: ConditionSource.self)
        }
        func addTreatment(_ slot: Int, _ bits: UInt8) {
            let old = flags.load(fromByteOffset: treatmentBase + slot, as: UInt8.self)
            flags.storeBytes(of: old | bits, toByteOffset: treatmentBase + slot, as: UInt8.self)
        }
        /// A measured value as bound: current, or stale (unknown), with the note that says why.
        enum Reading { case current(Double), stale(note: String) }

        /// A measured fact as bound: `entry` is the profile entry that gave it (whose value,
        /// unit and date as given the explanation shows; a later entry for the same fact
        /// replaces an earlier one); a current reading keeps its value, a stale one leaves the
        /// value unknown and keeps the note. Binding calls it with a constant case in each
        /// branch, which inlining folds: one `Reading` chosen at run time cost about five
        /// instructions per measurement.
        @inline(__always)
        mutating func setMeasured(_ kind: Measured, _ slot: Int, entry: Int, _ reading: Reading) {
            numbers[(kind == .marker ? markerEntryBase : scaleEntryBase) + slot] = Double(entry)
            switch reading {
            case .current(let value): numbers[(kind == .marker ? 0 : scaleBase) + slot] = value
            case .stale(let note): annotate(kind == .marker ? Int32(slot) : -Int32(slot) - 1, note)
            }
        }

        private mutating func annotate(_ key: Int32, _ note: String) {
            if let i = annotations.firstIndex(where: { $0.key == key }) {
                annotations[i].note = note
            } else {
                annotations.append(Annotation(key: key, note: note))
            }
        }
    }

    /// `body` with a writer for this profile's slots, valid only inside it.
    mutating func write<R>(_ body: (inout Writer) -> R) -> R {
        var notes = annotations
        annotations = []
        let (scaleBase, derivedBase, markerEntryBase, scaleEntryBase) = (Int(scaleBase), Int(derivedBase), Int(markerEntryBase), Int(scaleEntryBase))
        let (sourceBase, treatmentBase, givenBase, flagBase) = (Int(sourceBase), Int(treatmentBase), Int(givenBase), Int(flagBase))
        let result = numbers.withUnsafeMutableBufferPointer { n in
            // Empty only for an empty vocabulary: no slot is written then.
            let base = n.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!
            var writer = Writer(numbers: base, flags: UnsafeMutableRawPointer(base) + flagBase, scaleBase: scaleBase,
                                derivedBase: derivedBase, markerEntryBase: markerEntryBase, scaleEntryBase: scaleEntryBase,
                                sourceBase: sourceBase, treatmentBase: treatmentBase, givenBase: givenBase, annotations: notes)
            let result = body(&writer)
            notes = writer.annotations
            return result
        }
        annotations = notes
        return result
    }
}

/// A read-only run of slots inside one of a bound profile's arrays, indexed from 0.
struct SlotView<Element>: RandomAccessCollection {
    private let storage: [Element]
    private let base: Int
    let count: Int

    init(_ storage: [Element], from base: Int, count: Int) {
        self.storage = storage
        self.base = base
        self.count = count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(i: Int) -> Element { storage[base + i] }
}

extension SlotView: Sendable where Element: Sendable {}

extension CalendarDate {
    /// Today in UTC: the default evaluation date, read on every bind. The clock is read
    /// directly: `Date()` went through Foundation's absolute time and floating point, 42 more
    /// instructions per evaluation (callgrind).
    static var today: CalendarDate {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return CalendarDate(dayNumber: dayNumber(ofUnixSeconds: Int(now.tv_sec)))
    }

    /// The day a time in seconds since 1970-01-01T00:00:00Z falls on, counted from that date
    /// (floored, so a second before the epoch is day -1).
    static func dayNumber(ofUnixSeconds seconds: Int) -> Int {
        seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    }

    /// Inverse of `dayNumber`. Binding makes today's date this way for every profile without
    /// `as_of`: Neri and Schneider's form of civil_from_days ("Euclidean affine functions and
    /// their application to calendar algorithms", 2022), which multiplies and shifts where
    /// Howard Hinnant's divides, for days from year -32,800 to about 2.9 million; Hinnant's,
    /// which it replaced (about 100 instructions against 40), outside that.
    init(dayNumber: Int) {
        // Days counted from 1 March of year -32,800 (82 eras of 400 years before year 0).
        let shifted = dayNumber + 12_699_422
        if shifted >= 0, shifted < 1 << 30 {
            let n = UInt32(shifted)
            let century = (4 * n + 3) / 146_097
            let dayOfCentury = (4 * n + 3) % 146_097 / 4
            let p = UInt64(2_939_745) * UInt64(4 * dayOfCentury + 3)
            let yearOfCentury = UInt32(truncatingIfNeeded: p >> 32)
            let dayOfYear = UInt32(truncatingIfNeeded: p) / 2_939_745 / 4
            let monthDay = 2_141 * dayOfYear + 197_913
            let month = monthDay / 65_536, day = monthDay % 65_536 / 2_141 + 1
            // The year starts on 1 March: January and February belong to the next one.
            let january = dayOfYear >= 306
            self.init(year: Int(100 * century + yearOfCentury) - 32_800 + (january ? 1 : 0),
                      month: Int(january ? month - 12 : month), day: Int(day))
            return
        }
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }
}

/// Why each derived fact is unknown, by slot (see `Program.derivedExplanations`).
typealias DerivedExplanations = [(reason: String?, missing: [Program.Fact])]

/// What formulas read from a bound profile, behind one reference: the explanatory evaluation
/// passes its reader down every level of a formula, and a struct of arrays (or the whole
/// profile) would be copied, and retained array by array, at each.
final class FormulaInputs {
    let profile: BoundProfile

    init(_ p: BoundProfile) { profile = p }
}

extension Program {
    /// Checks every id, unit, value and date of `profile`, lays it out, and computes the
    /// derived facts; all problems at once. `asOf` overrides the profile's own `as_of`.
    /// `judgingDates` false leaves out the one check that depends on the evaluation date
    /// (a measurement dated after it), for checking a profile before that date is known.
    func bind(_ profile: Profile, asOf override: CalendarDate? = nil, judgingDates: Bool = true) -> Result<BoundProfile, DiagnosticsError> {
        var diagnostics: [Diagnostic] = []
        func fail(_ message: String, _ location: SourceLocation?, notes: [Diagnostic.Note] = []) {
            let fallback = profile.file.map { SourceLocation(file: $0, line: 1, column: 1) }
            diagnostics.append(.error(message, at: location ?? fallback, notes: notes))
        }
        /// `fail` for binding's loops over entries: the message and location are made only
        /// when called, and out of line, so the loops' code for a valid entry does not set up
        /// the frame their strings need.
        @inline(never)
        func reject(_ message: @autoclosure () -> String, _ location: @autoclosure () -> SourceLocation?) {
            fail(message(), location())
        }
        let sets = ruleSet
        var asOf = override ?? .today
        if override == nil, let text = profile.asOf {
            if let date = CalendarDate(text) { asOf = date } else { fail("'as_of' must be a date written YYYY-MM-DD, found '\(text)'", profile.asOfLocation) }
        }
        // Starts from the program's empty layout: its slots are shared until written (copy on
        // write).
        var bound = BoundProfile(unboundLayout, emptySlots: unboundSlots, of: profile, asOf: asOf)
        if let age = profile.age, !(0...130).contains(age) {
            fail("'age' must be from 0 to 130 years, found \(age.shortDescription)", profile.ageLocation)
        }

        /// nil when current; a note when stale; reports dates after the evaluation date. Out
        /// of line, and its date read only for an entry that has one: the loops' code for an
        /// undated entry then neither copies (retains) a date nor sets up this one's frame.
        @inline(never)
        func staleness(_ dateText: String?, validFor: Validity?, name: String, at location: SourceLocation?) -> String? {
            guard let dateText, let date = CalendarDate(dateText) else { return nil }
            if asOf < date {
                guard judgingDates else { return nil }
                fail("\(name) is dated \(dateText), after the evaluation date \(asOf.text) (set 'as_of' or --as-of)", location)
                return nil
            }
            guard let validFor, !date.isCurrent(on: asOf, for: validFor) else { return nil }
            return "\(name) measured \(dateText), older than \(validFor): re-measure"
        }

        /// The slot of a listed or ruled-out condition. The error is reported out of line:
        /// inlined, its strings and notes gave every lookup a large stack frame to set up.
        @inline(__always)
        func conditionSlot(_ ref: UnsafePointer<Profile.Reference>, in what: String) -> Int32? {
            let entry = vocabulary.find(ref.pointee.id)
            if let slot = entry?.condition, slot >= 0 { return slot }
            unknownCondition(ref, entry, in: what)
            return nil
        }
        @inline(never)
        func unknownCondition(_ ref: UnsafePointer<Profile.Reference>, _ entry: VocabularyTable.Entry?, in what: String) {
            let id = ref.pointee.id
            var hint = Suggestion.hint(for: id, in: sets.conditions.map(\.id))
            if let entry, entry.marker >= 0 || entry.scale >= 0 {
                hint = " ('\(id)' is a measurement: put it under 'markers' or 'scales')"
            }
            fail("unknown condition '\(id)' in '\(what)'\(hint)", ref.pointee.location)
        }
        bound.write { w in
            // Entries are read in place (see ProfileEntries.swift).
            profile.conditions.forEachInPlace { ref in
                if let slot = conditionSlot(ref, in: "conditions") {
                    w.setCondition(Int(slot), .true, .listed)
                }
            }
            profile.ruledOut.forEachInPlace { ref in
                if let slot = conditionSlot(ref, in: "ruled_out") {
                    if w.sourceOfCondition(Int(slot)) == .listed {
                        let id = ref.pointee.id
                        let listed = profile.conditions.first { $0.id == id }?.location
                        fail("'\(id)' is both listed in 'conditions' and in 'ruled_out'", ref.pointee.location,
                             notes: listed.map { [.init("listed as present here", at: $0)] } ?? [])
                    }
                    w.setCondition(Int(slot), .false, .ruledOut)
                }
            }

            profile.forEachMarkerInPlace { fields in
                let ref = fields.id, m = fields.measurement
                // Read in place; a copy (retained) only for an error.
                var id: String { ref.pointee.id }
                // Each field read once (the date only when there is one, see `staleness`): every
                // read through the pointer copied the whole measurement.
                let value = m.pointee.value, unit = m.pointee.unit
                var location: SourceLocation? { m.pointee.location ?? ref.pointee.location }
                let entry = vocabulary.find(ref.pointee.id)
                guard let slot = entry?.marker, slot >= 0 else {
                    let hint = (entry?.scale ?? -1) >= 0 ? " ('\(id)' is a scale: put it under 'scales')"
                        : (entry?.derived ?? -1) >= 0 ? " ('\(id)' is a derived score: give it under 'scales', or give its inputs)"
                        : Suggestion.hint(for: id, in: sets.markers.map(\.id))
                    reject("unknown marker '\(id)'\(hint)", ref.pointee.location)
                    return
                }
                guard value.isFinite else {
                    reject("marker '\(id)' must be a finite number", location)
                    return
                }
                var factor = 1.0
                if let unit {
                    guard let f = ruleSet.unitFactor(marker: Int(slot), unit) else {
                        let marker = sets.markers[Int(slot)]
                        reject("'\(unit)' is not a unit of marker '\(id)' (\(marker.name)): use one of \(marker.acceptedUnits.joined(separator: ", "))\(Suggestion.hint(for: unit, in: marker.acceptedUnits))", m.pointee.unitLocation ?? location)
                        return
                    }
                    factor = f
                }
                if value < 0 {
                    reject("marker '\(id)' cannot be negative, found \(value.shortDescription)", location)
                    return
                }
                let canonical = factor == 1 ? value : Units.normalized(value * factor)
                if !bindingChecks.markers[Int(slot)].admits(canonical), let range = sets.markers[Int(slot)].range {
                    let unit = sets.markers[Int(slot)].unit
                    reject("marker '\(id)' of \(canonical.shortDescription) \(unit) is outside its plausible range \(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription) \(unit)", location)
                    return
                }
                if m.pointee.date != nil, let note = staleness(m.pointee.date, validFor: sets.markers[Int(slot)].validFor, name: sets.markers[Int(slot)].name, at: location) {
                    w.setMeasured(.marker, Int(slot), entry: fields.index, .stale(note: note))
                } else {
                    w.setMeasured(.marker, Int(slot), entry: fields.index, .current(canonical))
                }
            }

            profile.forEachScaleInPlace { fields in
                let ref = fields.id, value = fields.value
                // Read in place; a copy (retained) only for an error.
                var id: String { ref.pointee.id }
                var location: SourceLocation? { fields.location.pointee ?? ref.pointee.location }
                let entry = vocabulary.find(ref.pointee.id)
                if let slot = entry?.derived, slot >= 0 {
                    if !(value.isFinite && bindingChecks.derived[Int(slot)].admits(value)), let range = sets.derived[Int(slot)].range {
                        reject("'\(id)' (\(sets.derived[Int(slot)].name)) runs from \(range.lowerBound.shortDescription) to \(range.upperBound.shortDescription), found \(value.shortDescription)", location)
                        return
                    }
                    w.setDerived(Int(slot), value)
                    w.setGiven(Int(slot))
                    return
                }
                guard let slot = entry?.scale, slot >= 0 else {
                    let hint = (entry?.marker ?? -1) >= 0 ? " ('\(id)' is a marker: put it under 'markers')"
                        : Suggestion.hint(for: id, in: sets.scales.map(\.id) + sets.derived.map(\.id))
                    reject("unknown scale '\(id)'\(hint)", ref.pointee.location)
                    return
                }
                let check = bindingChecks.scales[Int(slot)]
                if check.integer, !BindingChecks.isWhole(value) {
                    reject("scale '\(id)' (\(sets.scales[Int(slot)].name)) takes whole numbers, found \(value.shortDescription)", location)
                    return
                }
                guard value.isFinite, check.lower <= value, value <= check.upper else {
                    let range = sets.scales[Int(slot)].range
                    reject("scale '\(id)' (\(sets.scales[Int(slot)].name)) runs from \(range.lowerBound.shortDescription) to \(range.upperBound.shortDescription), found \(value.shortDescription)", location)
                    return
                }
                if fields.date.pointee != nil, let note = staleness(fields.date.pointee, validFor: sets.scales[Int(slot)].validFor, name: sets.scales[Int(slot)].name, at: location) {
                    w.setMeasured(.scale, Int(slot), entry: fields.index, .stale(note: note))
                } else {
                    w.setMeasured(.scale, Int(slot), entry: fields.index, .current(value))
                }
            }

            profile.treatments.forEachInPlace { treatment in
                guard let slot = vocabulary.find(treatment.pointee.option)?.option, slot >= 0 else {
                    let option = treatment.pointee.option
                    reject("unknown option '\(option)' in 'treatments'\(Suggestion.hint(for: option, in: sets.options.map(\.id)))", treatment.pointee.location)
                    return
                }
                var flags = BoundProfile.tried
                if treatment.pointee.status == .current { flags |= BoundProfile.taking }
                if treatment.pointee.response == .inadequate || treatment.pointee.response == .intolerant { flags |= BoundProfile.failed }
                w.addTreatment(Int(slot), flags)
            }
        }
        computeDerived(&bound)
        // Its last use: consumed, so returning it need not copy it.
        if diagnostics.isEmpty { return .success(consume bound) }
        return .failure(DiagnosticsError(diagnostics))
    }

    /// Computes every derived fact the profile does not give, in dependency order. Why a value
    /// is unknown is not worked out here: `derivedExplanations` does it for the explanations
    /// that need it; nor is a given fact's formula run: `derivedState` does it for them.
    func computeDerived(_ p: inout BoundProfile) {
        guard !derivedOrder.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(formulaDepth, 1)) { stack in
            formulaCode.withUnsafeBufferPointer { code in
                bindingChecks.derived.withUnsafeBufferPointer { ranges in
                    p.computeDerived(derivedOrder, { slot, slots in code[slot].value(slots, stack: stack.baseAddress!) },
                                     accepts: { slot, value in ranges[slot].admits(value) })
                }
            }
        }
    }

    /// How a derived fact got its value for `p`. A fact the profile gives has its formula run
    /// here, on the bound slots, as binding would have run it in its turn: the formulas before
    /// it in `derivedOrder` are final by then and it reads none after it, so the value is the
    /// one binding computed when it ran every formula. A given value wins whatever the
    /// formula gives, so deciding never needs it.
    func derivedState(_ slot: Int, of p: BoundProfile) -> BoundProfile.DerivedState {
        guard p.isDerivedGiven(slot) else { return BoundProfile.DerivedState(given: false, computed: p.computedDerived(slot)) }
        if p.isGivenComputedKept(slot) { return BoundProfile.DerivedState(given: true, computed: p.computedDerived(slot)) }
        let v = withUnsafeTemporaryAllocation(of: Double.self, capacity: max(formulaDepth, 1)) { stack in
            formulaCode[slot].value(p, stack: stack.baseAddress!)
        }
        return BoundProfile.DerivedState(given: true, computed: v.isNaN ? nil : Units.normalized(v))
    }

    /// Runs the formula of each derived fact the profile gives and keeps its value where
    /// `derivedState` finds it: for a writer that shows every derived fact and each match of
    /// one (a JSON line), once instead of at each. The values are those `derivedState` computes.
    func computeGivenDerived(_ p: inout BoundProfile) {
        for slot in derivedOrder where p.isDerivedGiven(Int(slot)) {
            p.keepGivenComputed(Int(slot), derivedState(Int(slot), of: p).computed)
        }
    }

    /// Why each derived fact is unknown (nil when it is known or given) and the inputs whose
    /// measurement would let it be computed: the explanatory evaluation of every formula
    /// whose value is unknown, in dependency order, so each runs once.
    func derivedExplanations(_ p: BoundProfile) -> DerivedExplanations {
        var result = DerivedExplanations(repeating: (nil, []), count: formulas.count)
        let inputs = FormulaInputs(p)
        for slot in derivedOrder.map(Int.init) where !p.isDerivedGiven(slot) {
            if let value = p.computedDerived(slot) {
                if let range = ruleSet.derived[slot].range, !range.contains(value) {
                    result[slot].reason = "computed \(value.shortDescription), outside its range \(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription): check the inputs"
                }
                continue
            }
            if case .unknown(let reason, let missing) = formulas[slot].evaluate({ leaf in read(leaf, inputs, result) }) {
                result[slot] = (reason, missing)
            }
        }
        return result
    }

    private func read(_ leaf: CompiledFormula, _ inputs: FormulaInputs, _ explained: DerivedExplanations) -> Computed {
        // Read through `inputs` each time: a local copy of the profile retained its arrays
        // for every leaf.
        func number(_ v: Double, _ fact: Fact, note: @autoclosure () -> String?) -> Computed {
            v.isNaN ? .unknown(reason: note() ?? "\(id(of: fact)) is not known", missing: [fact]) : .value(v)
        }
        switch leaf {
        case .marker(let s): return number(inputs.profile.marker(Int(s)), .marker(s), note: inputs.profile.markerNote(Int(s)))
        case .scale(let s): return number(inputs.profile.scale(Int(s)), .scale(s), note: inputs.profile.scaleNote(Int(s)))
        case .derived(let s):
            let v = inputs.profile.derivedValue(Int(s))
            if v.isNaN {
                let state = explained[Int(s)]
                return .unknown(reason: state.reason ?? "\(id(of: .derived(s))) is not known", missing: state.missing.isEmpty ? [.derived(s)] : state.missing)
            }
            return .value(v)
        case .age: return number(inputs.profile.age, .age, note: nil)
        case .sexIs(let sex, let negated):
            guard let actual = inputs.profile.sex else { return .unknown(reason: "sex is not known", missing: [.sex]) }
            return .value((actual == sex) != negated ? 1 : 0)
        default: return .unknown(reason: "not a fact", missing: [])
        }
    }
}
