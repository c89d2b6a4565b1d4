/// Reads the common shape of a JSON profile straight from its bytes into a `Profile`, without
/// building a `Node` tree: what `--batch` does for every line.
///
/// It accepts only input it fully understands: ASCII JSON with no escapes, the keys `id`, `age`,
/// `sex`, `conditions`, `ruled_out`, `markers`, `scales` and `treatments` in their usual forms,
/// each value valid. Anything else — an error of any kind, an unusual form, a key it does not
/// handle — makes it return nil, and the caller takes the general path (`JSONLoader`, then
/// `ProfileDecoder`), which owns every error message. So the fast path never has to reproduce
/// an error, only the `Profile` the general path would build, locations included.
struct ProfileJSONFastPath {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    static func decode(_ input: [UInt8], file: String, limits: LoadLimits) -> Profile? {
        // Limits: a value cannot hold more nodes, deeper nesting or longer strings than it has
        // bytes, and this subset nests three deep; smaller limits are left to the general path.
        guard input.count <= limits.maxFileBytes, input.count <= limits.maxNodes,
              input.count <= limits.maxScalarBytes, limits.maxDepth >= 3 else { return nil }
        return input.withUnsafeBufferPointer { buffer in
            var reader = ProfileJSONFastPath(bytes: buffer, file: file)
            return reader.profile()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Where the value at `index` starts; columns are bytes + 1 because the input is ASCII.
    private var here: SourceLocation { SourceLocation(file: file, line: line, column: index - lineStart + 1) }

    private static let topLevelKeys = ["id", "age", "sex", "conditions", "ruled_out", "markers", "scales", "treatments"]

    private mutating func profile() -> Profile? {
        var profile = Profile()
        profile.file = file
        guard skipWhitespace(), peek == UInt8(ascii: "{") else { return nil }
        index += 1
        var seen: UInt16 = 0   // one bit per top-level key read, for duplicates
        guard skipWhitespace() else { return nil }
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard skipWhitespace(), peek == UInt8(ascii: "\""), let key = string()?.text,
                      let bit = ProfileJSONFastPath.topLevelKeys.firstIndex(of: key), seen & (1 << bit) == 0,
                      skipWhitespace(), peek == UInt8(ascii: ":") else { return nil }
                seen |= 1 << bit
                index += 1
                guard skipWhitespace() else { return nil }
                switch key {
                case "id":
                    guard let id = string(), hasVisible(id.text) else { return nil }
                    profile.id = id.text
                case "age":
                    let at = here
                    guard let age = number(), (0...130).contains(age) else { return nil }
                    profile.age = age
                    profile.ageLocation = at
                case "sex":
                    guard let word = string(), let sex = Sex(rawValue: word.text) else { return nil }
                    profile.sex = sex
                case "conditions":
                    guard let ids = identifierArray() else { return nil }
                    profile.conditions = ids
                case "ruled_out":
                    guard let ids = identifierArray() else { return nil }
                    profile.ruledOut = ids
                case "markers":
                    guard markers(into: &profile) else { return nil }
                case "scales":
                    guard scales(into: &profile) else { return nil }
                case "treatments":
                    guard treatments(into: &profile) else { return nil }
                default:
                    return nil
                }
                guard let more = separator(close: UInt8(ascii: "}")) else { return nil }
                if !more { break }
            }
        }
        // Nothing but whitespace may follow the value.
        guard !skipWhitespace() else { return nil }
        return profile
    }

    // MARK: sections

    /// `["a", "b"]`: distinct vocabulary ids, each located at its opening quote.
    private mutating func identifierArray() -> [Profile.Reference]? {
        guard peek == UInt8(ascii: "[") else { return nil }
        index += 1
        var result: [Profile.Reference] = []
        result.reserveCapacity(4)   // one allocation for typical lists instead of three
        guard skipWhitespace() else { return nil }
        if peek == UInt8(ascii: "]") {
            index += 1
            return result
        }
        while true {
            guard skipWhitespace(), let item = string(), Identifier.isVocabularyID(item.text),
                  !result.contains(where: { $0.id == item.text }) else { return nil }
            result.append(Profile.Reference(item.text, location: item.location))
            guard let more = separator(close: UInt8(ascii: "]")) else { return nil }
            if !more { return result }
        }
    }

    /// `{"crp": 18, "esr": "34 mm/h", "il6": {"value": 9.1, "unit": "pg/mL", "date": "2026-10-02"}}`.
    private mutating func markers(into profile: inout Profile) -> Bool {
        profile.markers.reserveCapacity(8)
        return objectEntries { reader, key, keyLocation in
            let at = reader.here
            let measurement: Profile.Measurement
            switch reader.peek {
            case UInt8(ascii: "\""):
                // Text is "value unit", read as the general path reads it.
                guard let text = reader.string()?.text,
                      let (value, unit) = TestSyntax.splitNumberAndUnit(text.trimmingWhitespace()) else { return false }
                measurement = Profile.Measurement(value: value, unit: unit, location: at)
            case UInt8(ascii: "{"):
                guard let m = reader.measurementObject() else { return false }
                measurement = m
            default:
                guard let value = reader.number() else { return false }
                measurement = Profile.Measurement(value: value, location: at)
            }
            guard !profile.markers.contains(where: { $0.id.id == key }) else { return false }
            profile.markers.append((Profile.Reference(key, location: keyLocation), measurement))
            return true
        }
    }

    /// `{"value": 9.1, "unit": "pg/mL", "date": "2026-10-02"}`; `value` is required.
    private mutating func measurementObject() -> Profile.Measurement? {
        var value: (Double, SourceLocation)?
        var unit: (String, SourceLocation)?
        var date: String?
        let ok = objectEntries(vocabularyKeys: false) { reader, key, _ in
            let at = reader.here
            switch key {
            case "value":
                guard value == nil, let v = reader.number() else { return false }
                value = (v, at)
            case "unit":
                guard unit == nil, let u = reader.string(), reader.hasVisible(u.text) else { return false }
                unit = (u.text, at)
            case "date":
                guard date == nil, let d = reader.string(), CalendarDate(d.text) != nil else { return false }
                date = d.text
            default:
                return false
            }
            return true
        }
        guard ok, let value else { return nil }
        var measurement = Profile.Measurement(value: value.0, unit: unit?.0, date: date, location: value.1)
        measurement.unitLocation = unit?.1
        return measurement
    }

    /// `{"pss10": 29, ...}`: plain numbers (a `{value, date}` form takes the general path).
    private mutating func scales(into profile: inout Profile) -> Bool {
        profile.scales.reserveCapacity(8)
        return objectEntries { reader, key, keyLocation in
            let at = reader.here
            guard let value = reader.number(), !profile.scales.contains(where: { $0.id.id == key }) else { return false }
            profile.scales.append((Profile.Reference(key, location: keyLocation), value, nil, at))
            return true
        }
    }

    /// `[{"option": "methotrexate", "status": "current", "response": "inadequate"}, ...]`.
    private mutating func treatments(into profile: inout Profile) -> Bool {
        guard peek == UInt8(ascii: "[") else { return false }
        profile.treatments.reserveCapacity(4)
        index += 1
        guard skipWhitespace() else { return false }
        if peek == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            guard skipWhitespace() else { return false }
            var option: (String, SourceLocation)?
            var status: Profile.Treatment.Status?
            var response: Profile.Treatment.Response?
            let ok = objectEntries(vocabularyKeys: false) { reader, key, _ in
                let at = reader.here
                guard let word = reader.string()?.text else { return false }
                switch key {
                case "option":
                    guard option == nil, Identifier.isVocabularyID(word) else { return false }
                    option = (word, at)
                case "status":
                    guard status == nil, let s = Profile.Treatment.Status(rawValue: word) else { return false }
                    status = s
                case "response":
                    guard response == nil, let r = Profile.Treatment.Response(rawValue: word) else { return false }
                    response = r
                default:
                    return false
                }
                return true
            }
            guard ok, let option, let status else { return false }
            profile.treatments.append(Profile.Treatment(option: option.0, status: status, response: response, location: option.1))
            guard let more = separator(close: UInt8(ascii: "]")) else { return false }
            if !more { return true }
        }
    }

    /// Calls `body` for each entry of the object at `index`, with the reader at the value; keys
    /// are vocabulary ids when `vocabularyKeys`. Each `body` refuses a key it has already seen.
    private mutating func objectEntries(
        vocabularyKeys: Bool = true, _ body: (inout ProfileJSONFastPath, String, SourceLocation) -> Bool
    ) -> Bool {
        guard peek == UInt8(ascii: "{") else { return false }
        index += 1
        guard skipWhitespace() else { return false }
        if peek == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            guard skipWhitespace(), let key = string(), !vocabularyKeys || Identifier.isVocabularyID(key.text),
                  skipWhitespace(), peek == UInt8(ascii: ":") else { return false }
            index += 1
            guard skipWhitespace(), body(&self, key.text, key.location) else { return false }
            guard let more = separator(close: UInt8(ascii: "}")) else { return false }
            if !more { return true }
        }
    }

    // MARK: tokens

    private var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

    /// Skips JSON whitespace; returns whether input remains.
    private mutating func skipWhitespace() -> Bool {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case 0x0D:
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                line += 1
                lineStart = index
            default: return true
            }
        }
        return false
    }

    /// After a value: `,` (true: another follows) or `close` (false: done); nil for anything
    /// else, a trailing comma included.
    private mutating func separator(close: UInt8) -> Bool? {
        guard skipWhitespace() else { return nil }
        if bytes[index] == close {
            index += 1
            return false
        }
        guard bytes[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        guard skipWhitespace(), bytes[index] != close else { return nil }
        return true
    }

    /// A string of printable ASCII without escapes, and where it starts.
    private mutating func string() -> (text: String, location: SourceLocation)? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let at = here
        let start = index + 1
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        index = end + 1
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), at)
    }

    /// A JSON number that is also a Regimen number (finite, no leading zero).
    private mutating func number() -> Double? {
        let start = index
        var end = index
        while end < bytes.count, let byte = Optional(bytes[end]),
              (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { end += 1 }
        guard end > start else { return nil }
        // JSON's grammar is stricter than NumberSyntax's (no '+', no '.5', no '5.'); anything
        // JSON refuses is left to the general path for its message.
        let first = bytes[start]
        guard first == UInt8(ascii: "-") || (first >= 48 && first <= 57) else { return nil }
        let digitsStart = first == UInt8(ascii: "-") ? start + 1 : start
        guard digitsStart < end, bytes[digitsStart] >= 48, bytes[digitsStart] <= 57 else { return nil }
        for i in start..<end where bytes[i] == UInt8(ascii: ".") {
            guard i + 1 < end, bytes[i + 1] >= 48, bytes[i + 1] <= 57 else { return nil }
        }
        for i in (start + 1)..<end where bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            guard bytes[i - 1] == UInt8(ascii: "e") || bytes[i - 1] == UInt8(ascii: "E") else { return nil }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = NumberSyntax.parse(text) else { return nil }
        index = end
        return value
    }

    /// Text with a visible character (what `NodeDecoder.string` accepts, for printable ASCII).
    private func hasVisible(_ text: String) -> Bool {
        text.utf8.contains { $0 != 0x20 }
    }
}
