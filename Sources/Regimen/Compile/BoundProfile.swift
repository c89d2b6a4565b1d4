import Foundation

/// A profile checked against a program's vocabulary and laid out in its slots: the evaluator's
/// input. NaN marks an unknown value (unmeasured, stale, or a derived fact that cannot be
/// computed), so the hot loop reads plain doubles; the notes say why, for explanations.
struct BoundProfile: Sendable {
    var id: String?
    var asOf: CalendarDate
    var markers: [Double]
    var markerGiven: [Profile.Measurement?]
    var scales: [Double]
    var scaleDates: [String?]
    /// Why a marker or scale counts as unknown although the profile gives it (stale).
    var markerNotes: [String?]
    var scaleNotes: [String?]
    var derived: [Double]
    var derivedStates: [DerivedState]
    var conditions: [Truth]
    /// How a condition's truth was decided, for explanations.
    var conditionSource: [ConditionSource]
    /// Per option: bit 0 taking, bit 1 failed, bit 2 tried.
    var treatments: [UInt8]
    var age: Double
    var sex: Sex?

    enum ConditionSource: Sendable { case listed, ruledOut, assumedAbsent, unknown }

    /// How a derived fact got its value: given by the profile (the computed one, if any, is
    /// kept to show), computed, or unknown (`Program.derivedExplanations` says why, when asked).
    struct DerivedState: Sendable {
        var given: Bool = false
        var computed: Double?
    }

    static let taking: UInt8 = 1, failed: UInt8 = 2, tried: UInt8 = 4
}

extension CalendarDate {
    /// Today in UTC: the default evaluation date.
    static var today: CalendarDate {
        let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return CalendarDate(dayNumber: days)
    }

    /// Inverse of `dayNumber` (Howard Hinnant's civil_from_days).
    init(dayNumber: Int) {
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
    let markers: [Double], scales: [Double], derived: [Double]
    let markerNotes: [String?], scaleNotes: [String?]
    let age: Double
    let sex: Sex?

    init(_ p: BoundProfile) {
        markers = p.markers; scales = p.scales; derived = p.derived
        markerNotes = p.markerNotes; scaleNotes = p.scaleNotes
        age = p.age; sex = p.sex
    }
}

extension BoundProfile {
    /// A profile that gives nothing, laid out for `program`'s vocabulary.
    init(emptyFor sets: RuleSet, conditionDefaults: [Truth]) {
        self.init(
            id: nil, asOf: CalendarDate(dayNumber: 0),
            markers: Array(repeating: .nan, count: sets.markers.count),
            markerGiven: Array(repeating: nil, count: sets.markers.count),
            scales: Array(repeating: .nan, count: sets.scales.count),
            scaleDates: Array(repeating: nil, count: sets.scales.count),
            markerNotes: Array(repeating: nil, count: sets.markers.count),
            scaleNotes: Array(repeating: nil, count: sets.scales.count),
            derived: Array(repeating: .nan, count: sets.derived.count),
            derivedStates: Array(repeating: .init(), count: sets.derived.count),
            conditions: conditionDefaults,
            conditionSource: conditionDefaults.map { $0 == .unknown ? .unknown : .assumedAbsent },
            treatments: Array(repeating: 0, count: sets.options.count),
            age: .nan, sex: nil)
    }
}

extension Program {
    /// Checks every id, unit, value and date of `profile`, lays it out, and computes the
    /// derived facts; all problems at once. `asOf` overrides the profile's own `as_of`.
    func bind(_ profile: Profile, asOf override: CalendarDate? = nil) -> Result<BoundProfile, DiagnosticsError> {
        var diagnostics: [Diagnostic] = []
        let fallback = profile.file.map { SourceLocation(file: $0, line: 1, column: 1) }
        func fail(_ message: String, _ location: SourceLocation?, notes: [Diagnostic.Note] = []) {
            diagnostics.append(.error(message, at: location ?? fallback, notes: notes))
        }
        let sets = ruleSet
        var asOf = override ?? .today
        if override == nil, let text = profile.asOf {
            if let date = CalendarDate(text) { asOf = date } else { fail("'as_of' must be a date written YYYY-MM-DD, found '\(text)'", profile.asOfLocation) }
        }
        // Starts from the program's empty layout: copying it shares every array, and only the
        // arrays this profile writes to are then allocated (copy on write).
        var bound = unboundProfile
        bound.id = profile.id
        bound.asOf = asOf
        bound.age = profile.age ?? .nan
        bound.sex = profile.sex
        if let age = profile.age, !(0...130).contains(age) {
            fail("'age' must be from 0 to 130 years, found \(age.shortDescription)", profile.ageLocation)
        }

        /// nil when current; a note when stale; reports dates after the evaluation date.
        func staleness(_ dateText: String?, validFor: Validity?, name: String, at location: SourceLocation?) -> String? {
            guard let dateText, let date = CalendarDate(dateText) else { return nil }
            if asOf < date {
                fail("\(name) is dated \(dateText), after the evaluation date \(asOf.text) (set 'as_of' or --as-of)", location)
                return nil
            }
            guard let validFor, !date.isCurrent(on: asOf, for: validFor) else { return nil }
            return "\(name) measured \(dateText), older than \(validFor): re-measure"
        }

        func conditionSlot(_ ref: Profile.Reference, in what: String) -> Int32? {
            let entry = vocabulary.find(ref.id)
            if let slot = entry?.condition, slot >= 0 { return slot }
            var hint = Suggestion.hint(for: ref.id, in: sets.conditions.map(\.id))
            if let entry, entry.marker >= 0 || entry.scale >= 0 {
                hint = " ('\(ref.id)' is a measurement: put it under 'markers' or 'scales')"
            }
            fail("unknown condition '\(ref.id)' in '\(what)'\(hint)", ref.location)
            return nil
        }
        for ref in profile.conditions {
            if let slot = conditionSlot(ref, in: "conditions") {
                bound.conditions[Int(slot)] = .true
                bound.conditionSource[Int(slot)] = .listed
            }
        }
        for ref in profile.ruledOut {
            if let slot = conditionSlot(ref, in: "ruled_out") {
                if bound.conditionSource[Int(slot)] == .listed {
                    let listed = profile.conditions.first { $0.id == ref.id }?.location
                    fail("'\(ref.id)' is both listed in 'conditions' and in 'ruled_out'", ref.location,
                         notes: listed.map { [.init("listed as present here", at: $0)] } ?? [])
                }
                bound.conditions[Int(slot)] = .false
                bound.conditionSource[Int(slot)] = .ruledOut
            }
        }

        for (ref, measurement) in profile.markers {
            let entry = vocabulary.find(ref.id)
            guard let slot = entry?.marker, slot >= 0 else {
                let hint = (entry?.scale ?? -1) >= 0 ? " ('\(ref.id)' is a scale: put it under 'scales')"
                    : (entry?.derived ?? -1) >= 0 ? " ('\(ref.id)' is a derived score: give it under 'scales', or give its inputs)"
                    : Suggestion.hint(for: ref.id, in: sets.markers.map(\.id))
                fail("unknown marker '\(ref.id)'\(hint)", ref.location)
                continue
            }
            guard measurement.value.isFinite else {
                fail("marker '\(ref.id)' must be a finite number", measurement.location ?? ref.location)
                continue
            }
            var factor = 1.0
            if let unit = measurement.unit {
                guard let f = sets.markers[Int(slot)].factor(for: unit) else {
                    let marker = sets.markers[Int(slot)]
                    fail("'\(unit)' is not a unit of marker '\(ref.id)' (\(marker.name)): use one of \(marker.acceptedUnits.joined(separator: ", "))\(Suggestion.hint(for: unit, in: marker.acceptedUnits))", measurement.unitLocation ?? measurement.location ?? ref.location)
                    continue
                }
                factor = f
            }
            if measurement.value < 0 {
                fail("marker '\(ref.id)' cannot be negative, found \(measurement.value.shortDescription)", measurement.location ?? ref.location)
                continue
            }
            let canonical = factor == 1 ? measurement.value : Units.normalized(measurement.value * factor)
            if let range = sets.markers[Int(slot)].range, !range.contains(canonical) {
                let unit = sets.markers[Int(slot)].unit
                fail("marker '\(ref.id)' of \(canonical.shortDescription) \(unit) is outside its plausible range \(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription) \(unit)", measurement.location ?? ref.location)
                continue
            }
            bound.markerGiven[Int(slot)] = measurement
            if measurement.date != nil,
               let note = staleness(measurement.date, validFor: sets.markers[Int(slot)].validFor, name: sets.markers[Int(slot)].name, at: measurement.location ?? ref.location) {
                bound.markerNotes[Int(slot)] = note
            } else {
                bound.markers[Int(slot)] = canonical
            }
        }

        for (ref, value, date, location) in profile.scales {
            let entry = vocabulary.find(ref.id)
            if let slot = entry?.derived, slot >= 0 {
                if let range = sets.derived[Int(slot)].range, !(value.isFinite && range.contains(value)) {
                    fail("'\(ref.id)' (\(sets.derived[Int(slot)].name)) runs from \(range.lowerBound.shortDescription) to \(range.upperBound.shortDescription), found \(value.shortDescription)", location ?? ref.location)
                    continue
                }
                bound.derived[Int(slot)] = value
                bound.derivedStates[Int(slot)].given = true
                continue
            }
            guard let slot = entry?.scale, slot >= 0 else {
                let hint = (entry?.marker ?? -1) >= 0 ? " ('\(ref.id)' is a marker: put it under 'markers')"
                    : Suggestion.hint(for: ref.id, in: sets.scales.map(\.id) + sets.derived.map(\.id))
                fail("unknown scale '\(ref.id)'\(hint)", ref.location)
                continue
            }
            if sets.scales[Int(slot)].integer, value != value.rounded() {
                fail("scale '\(ref.id)' (\(sets.scales[Int(slot)].name)) takes whole numbers, found \(value.shortDescription)", location ?? ref.location)
                continue
            }
            let range = sets.scales[Int(slot)].range
            guard value.isFinite, range.contains(value) else {
                fail("scale '\(ref.id)' (\(sets.scales[Int(slot)].name)) runs from \(range.lowerBound.shortDescription) to \(range.upperBound.shortDescription), found \(value.shortDescription)", location ?? ref.location)
                continue
            }
            if date != nil || bound.scaleDates[Int(slot)] != nil { bound.scaleDates[Int(slot)] = date }
            if date != nil,
               let note = staleness(date, validFor: sets.scales[Int(slot)].validFor, name: sets.scales[Int(slot)].name, at: location ?? ref.location) {
                bound.scaleNotes[Int(slot)] = note
            } else {
                bound.scales[Int(slot)] = value
            }
        }

        for treatment in profile.treatments {
            guard let slot = vocabulary.find(treatment.option)?.option, slot >= 0 else {
                fail("unknown option '\(treatment.option)' in 'treatments'\(Suggestion.hint(for: treatment.option, in: sets.options.map(\.id)))", treatment.location)
                continue
            }
            var flags = BoundProfile.tried
            if treatment.status == .current { flags |= BoundProfile.taking }
            if treatment.response == .inadequate || treatment.response == .intolerant { flags |= BoundProfile.failed }
            bound.treatments[Int(slot)] |= flags
        }
        computeDerived(&bound)
        if diagnostics.isEmpty { return .success(bound) }
        return .failure(DiagnosticsError(diagnostics))
    }

    /// Computes every derived fact in dependency order. A value the profile gives wins; the
    /// computed one is kept for the explanation. Why a value is unknown is not worked out
    /// here: `derivedExplanations` does it for the explanations that need it.
    func computeDerived(_ p: inout BoundProfile) {
        guard !derivedOrder.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(formulaDepth, 1)) { stack in
            for slot in derivedOrder {
                let slot = Int(slot)
                let v = formulaCode[slot].value(p, stack: stack.baseAddress!)
                guard !v.isNaN else { continue }
                let value = Units.normalized(v)
                p.derivedStates[slot].computed = value
                if let range = derivedRanges[slot], !range.contains(value) { continue }
                if !p.derivedStates[slot].given { p.derived[slot] = value }
            }
        }
    }

    /// Why each derived fact is unknown (nil when it is known or given) and the inputs whose
    /// measurement would let it be computed: the explanatory evaluation of every formula
    /// whose value is unknown, in dependency order, so each runs once.
    func derivedExplanations(_ p: BoundProfile) -> DerivedExplanations {
        var result = DerivedExplanations(repeating: (nil, []), count: formulas.count)
        let inputs = FormulaInputs(p)
        for slot in derivedOrder.map(Int.init) where !p.derivedStates[slot].given {
            if let value = p.derivedStates[slot].computed {
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

    private func read(_ leaf: CompiledFormula, _ p: FormulaInputs, _ explained: DerivedExplanations) -> Computed {
        func number(_ v: Double, _ fact: Fact, note: String?) -> Computed {
            v.isNaN ? .unknown(reason: note ?? "\(id(of: fact)) is not known", missing: [fact]) : .value(v)
        }
        switch leaf {
        case .marker(let s): return number(p.markers[Int(s)], .marker(s), note: p.markerNotes[Int(s)])
        case .scale(let s): return number(p.scales[Int(s)], .scale(s), note: p.scaleNotes[Int(s)])
        case .derived(let s):
            let v = p.derived[Int(s)]
            if v.isNaN {
                let state = explained[Int(s)]
                return .unknown(reason: state.reason ?? "\(id(of: .derived(s))) is not known", missing: state.missing.isEmpty ? [.derived(s)] : state.missing)
            }
            return .value(v)
        case .age: return number(p.age, .age, note: nil)
        case .sexIs(let sex, let negated):
            guard let actual = p.sex else { return .unknown(reason: "sex is not known", missing: [.sex]) }
            return .value((actual == sex) != negated ? 1 : 0)
        default: return .unknown(reason: "not a fact", missing: [])
        }
    }
}
