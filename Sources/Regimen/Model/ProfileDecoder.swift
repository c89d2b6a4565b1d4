/// Reads a profile (YAML or JSON, the same located nodes) into a `Profile`. Only the shape is
/// checked here; ids, units and ranges are checked when the profile is bound to a rule set.
struct ProfileDecoder {
    static let keys = ["id", "age", "sex", "conditions", "ruled_out", "markers", "scales", "treatments", "expect", "as_of", "notes"]
    var decoder = NodeDecoder()

    mutating func decode(_ root: Node, file: String?) -> Profile? {
        guard let f = decoder.fields(root, of: "a profile", allowed: ProfileDecoder.keys) else { return nil }
        var profile = Profile()
        profile.file = file
        if let node = f["id"] {
            if case .scalar(let s) = node.kind, !node.isNull, s.isPlain, NumberSyntax.parse(s.text) != nil {
                profile.id = s.text   // `id: 42` is a fine profile id
            } else {
                profile.id = decoder.string(node, of: "the profile id")
            }
        }
        if let node = f["age"], let age = decoder.number(node, of: "'age'") {
            if (0...130).contains(age) {
                profile.age = age
                profile.ageLocation = node.location
            } else {
                decoder.error("'age' must be from 0 to 130 years, found \(age.shortDescription)", at: node.location)
            }
        }
        if let node = f["sex"], let word = decoder.word(node, of: "'sex'", oneOf: Sex.allCases.map(\.rawValue)) {
            profile.sex = Sex(rawValue: word)
        }
        if let node = f["conditions"] {
            profile.conditions = decoder.identifierList(node, of: "'conditions'").map { Profile.Reference($0.id, location: $0.location) }
        }
        if let node = f["ruled_out"] {
            profile.ruledOut = decoder.identifierList(node, of: "'ruled_out'").map { Profile.Reference($0.id, location: $0.location) }
        }
        if let node = f["markers"], let entries = decoder.entries(node, of: "'markers'") {
            for entry in entries {
                guard decoder.checkIdentifier(entry.name, of: "the marker id", at: entry.key.location),
                      let measurement = measurement(entry.value, of: "marker '\(entry.name)'") else { continue }
                profile.markers.append((Profile.Reference(entry.name, location: entry.key.location), measurement))
            }
        }
        if let node = f["scales"], let entries = decoder.entries(node, of: "'scales'") {
            for entry in entries {
                guard decoder.checkIdentifier(entry.name, of: "the scale id", at: entry.key.location),
                      let (value, day) = scaleValue(entry.value, of: "scale '\(entry.name)'") else { continue }
                profile.scales.append((Profile.Reference(entry.name, location: entry.key.location), value, day, entry.value.location))
            }
        }
        if let node = f["treatments"], let items = decoder.list(node, of: "'treatments'") {
            for item in items {
                if let t = treatment(item) { profile.treatments.append(t) }
            }
        }
        if let node = f["as_of"] {
            profile.asOf = date(node, of: "'as_of'")
            profile.asOfLocation = node.location
        }
        if let node = f["notes"] {
            _ = decoder.string(node, of: "'notes'", allowEmpty: true)
        }
        if let node = f["expect"] {
            profile.expectations = expectations(node)
        }
        // Returned even after errors: binding it reports the vocabulary problems too, so the
        // author sees every mistake in one run. Entries that failed to decode are left out.
        return profile
    }

    /// `18`, `"1.8 mg/dL"`, or `{ value: 1.8, unit: mg/dL, date: 2026-10-02 }`.
    private mutating func measurement(_ node: Node, of what: String) -> Profile.Measurement? {
        switch node.kind {
        case .scalar(let s) where !node.isNull:
            if s.isPlain, let value = NumberSyntax.parse(s.text) {
                return Profile.Measurement(value: value, location: node.location)
            }
            let text = s.text.trimmingWhitespace()
            guard let (value, unit) = TestSyntax.splitNumberAndUnit(text) else {
                let first = String(text.split(separator: " ", maxSplits: 1).first ?? "")
                let reason = NumberSyntax.rejectionReason(first).map { ": \($0)" } ?? ""
                decoder.error("\(what) must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found \(node.kindDescription)\(reason)", at: node.location)
                return nil
            }
            return Profile.Measurement(value: value, unit: unit, location: node.location)
        case .mapping:
            guard let f = decoder.fields(node, of: what, allowed: ["value", "unit", "date"], required: ["value"]),
                  let value = f["value"].flatMap({ decoder.number($0, of: "the value of \(what)") }) else { return nil }
            var unit: String?
            if let node = f["unit"] {
                guard let u = decoder.string(node, of: "the unit of \(what)") else { return nil }
                unit = u
            }
            var day: String?
            if let node = f["date"] {
                guard let d = date(node, of: "the date of \(what)") else { return nil }
                day = d
            }
            var measurement = Profile.Measurement(value: value, unit: unit, date: day, location: f["value"]?.location ?? node.location)
            measurement.unitLocation = f["unit"]?.location
            return measurement
        default:
            decoder.error("\(what) must be a number, \"value unit\" (\"1.8 mg/dL\") or {value, unit, date}, found \(node.kindDescription)", at: node.location)
            return nil
        }
    }

    private mutating func scaleValue(_ node: Node, of what: String) -> (Double, String?)? {
        if case .mapping = node.kind {
            guard let f = decoder.fields(node, of: what, allowed: ["value", "date"], required: ["value"]) else { return nil }
            var day: String?
            if let d = f["date"] {
                guard let parsed = date(d, of: "the date of \(what)") else { return nil }
                day = parsed
            }
            return f["value"].flatMap { decoder.number($0, of: "the value of \(what)") }.map { ($0, day) }
        }
        return decoder.number(node, of: what).map { ($0, nil) }
    }

    /// An ISO calendar date, YYYY-MM-DD, that exists.
    private mutating func date(_ node: Node, of what: String) -> String? {
        guard let text = decoder.string(node, of: what) else { return nil }
        guard CalendarDate(text) != nil else {
            decoder.error("\(what) must be a date written YYYY-MM-DD, found '\(text.truncatedForMessage)'", at: node.location)
            return nil
        }
        return text
    }

    private mutating func treatment(_ node: Node) -> Profile.Treatment? {
        guard let f = decoder.fields(node, of: "a treatment", allowed: ["option", "status", "response", "since", "until", "notes"], required: ["option", "status"]),
              let option = f["option"].flatMap({ decoder.identifier($0, of: "the treatment option") }),
              let status = f["status"].flatMap({ decoder.word($0, of: "the treatment status", oneOf: Profile.Treatment.Status.allCases.map(\.rawValue)) })
        else { return nil }
        var response: Profile.Treatment.Response?
        if let node = f["response"] {
            guard let word = decoder.word(node, of: "the treatment response", oneOf: Profile.Treatment.Response.allCases.map(\.rawValue)) else { return nil }
            response = Profile.Treatment.Response(rawValue: word)
        }
        for key in ["since", "until"] {
            if let n = f[key], date(n, of: "'\(key)' of a treatment") == nil { return nil }
        }
        return Profile.Treatment(option: option, status: Profile.Treatment.Status(rawValue: status)!, response: response,
                                 location: f["option"]?.location)
    }

    private mutating func expectations(_ node: Node) -> Expectations? {
        let keys = ["recommend", "not_recommend", "avoid", "withheld", "requires", "gaps"]
        guard let f = decoder.fields(node, of: "'expect'", allowed: keys) else { return nil }
        var e = Expectations()
        e.location = node.location
        func ids(_ key: String) -> [String]? {
            f[key].map { decoder.identifierList($0, of: "'expect.\(key)'").map(\.id) }
        }
        e.recommend = ids("recommend")
        e.notRecommend = ids("not_recommend")
        e.avoid = ids("avoid")
        e.withheld = ids("withheld")
        e.requires = ids("requires")
        e.gaps = ids("gaps")
        return e
    }
}

/// A proleptic Gregorian calendar date, validated (no 2026-02-30).
struct CalendarDate: Sendable, Hashable, Comparable {
    var year: Int, month: Int, day: Int

    /// `YYYY-MM-DD` exactly: ten ASCII bytes, read in place. Splitting on `-` made arrays and
    /// substrings for every date a profile gives and for `--as-of` on every batch line.
    init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ CalendarDate.parse($0) }) else { return nil }
        self = parsed
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              (1...12).contains(m), (1...daysIn(month: m, of: y)).contains(d) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    private static func daysIn(month m: Int, of y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The same day `months` later, clamped to the month's end (2026-01-31 + 1 month = 2026-02-28).
    func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return CalendarDate(year: y, month: m, day: Swift.min(day, CalendarDate.daysIn(month: m, of: y)))
    }

    /// Whether a measurement taken on this date is still current on `asOf`.
    func isCurrent(on asOf: CalendarDate, for validity: Validity) -> Bool {
        switch validity.unit {
        case .days: return asOf.dayNumber - dayNumber <= validity.count
        case .weeks: return asOf.dayNumber - dayNumber <= validity.count * 7
        case .months: return !(adding(months: validity.count) < asOf)
        }
    }

    var text: String {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
