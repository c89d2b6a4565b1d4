/// A profile checked against a program's vocabulary and laid out in its slots: the evaluator's
/// input. NaN marks an unmeasured value, so the hot loop reads plain doubles.
struct BoundProfile: Sendable {
    var id: String?
    var markers: [Double]
    var markerGiven: [Profile.Measurement?]
    var scales: [Double]
    var conditions: [Truth]
    /// How a condition's truth was decided, for explanations.
    var conditionSource: [ConditionSource]
    /// Per option: bit 0 taking, bit 1 failed, bit 2 tried.
    var treatments: [UInt8]
    var age: Double
    var sex: Sex?

    enum ConditionSource: Sendable { case listed, ruledOut, assumedAbsent, unknown }

    static let taking: UInt8 = 1, failed: UInt8 = 2, tried: UInt8 = 4
}

extension Program {
    /// Checks every id, unit and value of `profile` and lays it out; all problems at once.
    func bind(_ profile: Profile) -> Result<BoundProfile, DiagnosticsError> {
        var diagnostics: [Diagnostic] = []
        let fallback = profile.file.map { SourceLocation(file: $0, line: 1, column: 1) }
        func fail(_ message: String, _ location: SourceLocation?, notes: [Diagnostic.Note] = []) {
            diagnostics.append(.error(message, at: location ?? fallback, notes: notes))
        }
        let sets = ruleSet
        var bound = BoundProfile(
            id: profile.id,
            markers: Array(repeating: .nan, count: sets.markers.count),
            markerGiven: Array(repeating: nil, count: sets.markers.count),
            scales: Array(repeating: .nan, count: sets.scales.count),
            conditions: sets.conditions.map { $0.assume == .unknown ? .unknown : .false },
            conditionSource: sets.conditions.map { $0.assume == .unknown ? .unknown : .assumedAbsent },
            treatments: Array(repeating: 0, count: sets.options.count),
            age: profile.age ?? .nan, sex: profile.sex)
        if let age = profile.age, !(0...130).contains(age) {
            fail("'age' must be from 0 to 130 years, found \(age.shortDescription)", profile.ageLocation)
        }

        func conditionSlot(_ ref: Profile.Reference, in what: String) -> Int32? {
            if let slot = conditionSlots[ref.id] { return slot }
            var hint = Suggestion.hint(for: ref.id, in: sets.conditions.map(\.id))
            if markerSlots[ref.id] != nil || scaleSlots[ref.id] != nil {
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
                    fail("'\(ref.id)' is both listed in 'conditions' and in 'ruled_out'", ref.location)
                }
                bound.conditions[Int(slot)] = .false
                bound.conditionSource[Int(slot)] = .ruledOut
            }
        }

        for (ref, measurement) in profile.markers {
            guard let slot = markerSlots[ref.id] else {
                let hint = scaleSlots[ref.id] != nil ? " ('\(ref.id)' is a scale: put it under 'scales')"
                    : Suggestion.hint(for: ref.id, in: sets.markers.map(\.id))
                fail("unknown marker '\(ref.id)'\(hint)", ref.location)
                continue
            }
            let marker = sets.markers[Int(slot)]
            guard measurement.value.isFinite else {
                fail("marker '\(ref.id)' must be a finite number", measurement.location ?? ref.location)
                continue
            }
            var factor = 1.0
            if let unit = measurement.unit {
                guard let f = marker.factor(for: unit) else {
                    fail("'\(unit)' is not a unit of marker '\(ref.id)' (\(marker.name)): use one of \(marker.acceptedUnits.joined(separator: ", "))\(Suggestion.hint(for: unit, in: marker.acceptedUnits))", measurement.location ?? ref.location)
                    continue
                }
                factor = f
            }
            if measurement.value < 0 {
                fail("marker '\(ref.id)' cannot be negative, found \(measurement.value.shortDescription)", measurement.location ?? ref.location)
                continue
            }
            let canonical = factor == 1 ? measurement.value : Units.normalized(measurement.value * factor)
            if let range = marker.range, !range.contains(canonical) {
                fail("marker '\(ref.id)' of \(canonical.shortDescription) \(marker.unit) is outside its plausible range \(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription) \(marker.unit)", measurement.location ?? ref.location)
                continue
            }
            bound.markers[Int(slot)] = canonical
            bound.markerGiven[Int(slot)] = measurement
        }

        for (ref, value, location) in profile.scales {
            guard let slot = scaleSlots[ref.id] else {
                let hint = markerSlots[ref.id] != nil ? " ('\(ref.id)' is a marker: put it under 'markers')"
                    : Suggestion.hint(for: ref.id, in: sets.scales.map(\.id))
                fail("unknown scale '\(ref.id)'\(hint)", ref.location)
                continue
            }
            let scale = sets.scales[Int(slot)]
            if scale.integer, value != value.rounded() {
                fail("scale '\(ref.id)' (\(scale.name)) takes whole numbers, found \(value.shortDescription)", location ?? ref.location)
                continue
            }
            guard value.isFinite, scale.range.contains(value) else {
                fail("scale '\(ref.id)' (\(scale.name)) runs from \(scale.range.lowerBound.shortDescription) to \(scale.range.upperBound.shortDescription), found \(value.shortDescription)", location ?? ref.location)
                continue
            }
            bound.scales[Int(slot)] = value
        }

        for treatment in profile.treatments {
            guard let slot = optionSlots[treatment.option] else {
                fail("unknown option '\(treatment.option)' in 'treatments'\(Suggestion.hint(for: treatment.option, in: sets.options.map(\.id)))", treatment.location)
                continue
            }
            var flags = BoundProfile.tried
            if treatment.status == .current { flags |= BoundProfile.taking }
            if treatment.response == .inadequate || treatment.response == .intolerant { flags |= BoundProfile.failed }
            bound.treatments[Int(slot)] |= flags
        }
        if diagnostics.isEmpty { return .success(bound) }
        return .failure(DiagnosticsError(diagnostics))
    }
}
