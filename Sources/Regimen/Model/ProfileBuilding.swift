/// Building a profile in code, for tools that hold patient data in their own types.
///
/// ```swift
/// var profile = Profile(id: "patient-7")
/// profile.age = 58
/// profile.add(condition: "rheumatoid_arthritis")
/// profile.set(marker: "crp", 1.8, unit: "mg/dL")
/// profile.add(treatment: "methotrexate", status: .current, response: .inadequate)
/// ```
extension Profile {
    /// Lists a condition as present.
    public mutating func add(condition id: String) {
        conditions.append(Reference(id))
    }

    /// Records that a condition was looked for and is absent.
    public mutating func ruleOut(_ id: String) {
        ruledOut.append(Reference(id))
    }

    /// Sets a marker measurement; `unit` nil means the marker's canonical unit.
    public mutating func set(marker id: String, _ value: Double, unit: String? = nil, date: String? = nil) {
        markers.removeAll { $0.id.id == id }
        markers.append((Reference(id), Measurement(value: value, unit: unit, date: date)))
    }

    /// Sets a scale score (or the value of a derived score such as `das28_crp`).
    public mutating func set(scale id: String, _ value: Double, date: String? = nil) {
        scales.removeAll { $0.id.id == id }
        scales.append((Reference(id), value, date, nil))
    }

    /// Records a current or past treatment and how it went.
    public mutating func add(treatment option: String, status: Treatment.Status, response: Treatment.Response? = nil) {
        treatments.append(Treatment(option: option, status: status, response: response))
    }
}
