import Foundation
import Testing
@testable import Regimen

/// The JSON fast path (`ProfileJSONFastPath`) must build exactly the `Profile` the general path
/// (`JSONLoader` then `ProfileDecoder`) builds, locations included, and must hand everything
/// else (errors above all) to the general path by returning nil.
@Suite struct ProfileJSONFastPathTests {
    /// Every field of a profile the decoders set, with every location, as one comparable text.
    static func dump(_ p: Profile) -> String {
        func at(_ l: Regimen.SourceLocation?) -> String { l.map { "@\($0)" } ?? "@-" }
        var out = "file=\(p.file ?? "-") id=\(p.id ?? "-") age=\(p.age.map { "\($0)" } ?? "-")\(at(p.ageLocation)) sex=\(p.sex?.rawValue ?? "-")"
        out += " asOf=\(p.asOf ?? "-")\(at(p.asOfLocation)) expect=\(p.expectations == nil ? "no" : "yes")"
        out += " conditions=" + p.conditions.map { "\($0.id)\(at($0.location))" }.joined(separator: ",")
        out += " ruledOut=" + p.ruledOut.map { "\($0.id)\(at($0.location))" }.joined(separator: ",")
        out += " markers=" + p.markers.map { m in
            "\(m.id.id)\(at(m.id.location))=\(m.measurement.value) \(m.measurement.unit ?? "-")\(at(m.measurement.unitLocation)) \(m.measurement.date ?? "-")\(at(m.measurement.location))"
        }.joined(separator: ",")
        out += " scales=" + p.scales.map { "\($0.id.id)\(at($0.id.location))=\($0.value) \($0.date ?? "-")\(at($0.location))" }.joined(separator: ",")
        out += " treatments=" + p.treatments.map { "\($0.option):\($0.status.rawValue):\($0.response?.rawValue ?? "-")\(at($0.location))" }.joined(separator: ",")
        return out
    }

    static func general(_ text: String, limits: LoadLimits = .default) -> Profile? {
        let output = JSONLoader(limits: limits).load(Array(text.utf8), file: "p.json")
        guard let root = output.root, !output.diagnostics.hasErrors else { return nil }
        var decoder = ProfileDecoder()
        let profile = decoder.decode(root, file: "p.json")
        return decoder.decoder.diagnostics.hasErrors ? nil : profile
    }

    static let accepted = [
        #"{"id":"bench-0001","age":58,"sex":"female","conditions":["rheumatoid_arthritis","fibromyalgia","depression"],"ruled_out":["latent_tb","hepatitis_b"],"markers":{"crp":"1.8 mg/dL","esr":34,"cortisol":{"value":14.2,"unit":"ug/dL"}},"scales":{"pss10":29,"phq9":12,"gad7":8,"nrs":7,"wpi":9,"sss":6,"das28_crp":5.4},"treatments":[{"option":"methotrexate","status":"current","response":"inadequate"},{"option":"duloxetine","status":"past","response":"intolerant"}]}"#,
        "{}",
        "  {\n  \"id\" : \"p 1\",\r\n\t\"age\": 0, \"sex\": \"other\",\n \"conditions\": [ ],\n \"markers\": { \"crp\": \"  18  \", \"il6\": {\"date\": \"2024-02-29\", \"value\": -0, \"unit\": \"pg/mL\"} },\n \"scales\": {},\n \"treatments\": [ {\"status\": \"past\", \"option\": \"nsaid\"} ] }\n",
        #"{"age": 1.5e1, "markers": {"crp": 1E+2, "esr": "12 mm/h"}, "scales": {"nrs": -0.5}}"#,
    ]

    @Test(arguments: accepted)
    func fastPathBuildsWhatTheGeneralPathBuilds(_ text: String) throws {
        let fast = try #require(ProfileJSONFastPath.decode(Array(text.utf8), file: "p.json", limits: .default))
        let general = try #require(Self.general(text))
        #expect(Self.dump(fast) == Self.dump(general))
    }

    /// Errors, unusual forms and keys the fast path does not read all go to the general path.
    @Test(arguments: [
        "", "  ", "[]", "{", "{}x", #"{"id": 42}"#, #"{"id": " "}"#, #"{"id": "a\u0041"}"#, "{\"id\": \"é\"}",
        #"{"age": 131}"#, #"{"age": 017}"#, #"{"age": 01}"#, #"{"age": .5}"#, #"{"age": 5.}"#, #"{"age": +5}"#, #"{"age": 1e400}"#,
        #"{"age": "58"}"#, #"{"age": 1-2}"#, #"{"age": null}"#, #"{"sex": "f"}"#, #"{"conditions": "fibromyalgia"}"#,
        #"{"conditions": ["a", "a"]}"#, #"{"conditions": ["A"]}"#, #"{"conditions": ["a",]}"#, #"{"id": "x",}"#,
        #"{"id": "x", "id": "y"}"#, #"{"markers": {"crp": "ten"}}"#, #"{"markers": {"crp": true}}"#,
        #"{"markers": {"crp": {"unit": "mg/L"}}}"#, #"{"markers": {"crp": {"value": 1, "date": "2026-02-30"}}}"#,
        #"{"markers": {"crp": 1, "crp": 2}}"#, #"{"markers": {"Crp": 1}}"#, #"{"scales": {"pss10": {"value": 1}}}"#,
        #"{"treatments": [{"option": "x"}]}"#, #"{"treatments": [{"option": "x", "status": "now"}]}"#,
        #"{"treatments": [{"option": "x", "status": "past", "since": "2020-01-01"}]}"#, #"{"notes": "n"}"#,
        #"{"markers": {"crp": {"value": 1, "value": 2}}}"#, #"{"scales": {"nrs": 1, "nrs": 2}}"#,
        #"{"treatments": [{"option": "a", "option": "b", "status": "past"}]}"#, #"{"sex": "male", "sex": "male"}"#,
        #"{"expect": {}}"#, #"{"as_of": "2026-01-01"}"#, #"{"unknown": 1}"#, "\u{FEFF}{}",
    ])
    func everythingElseTakesTheGeneralPath(_ text: String) {
        #expect(ProfileJSONFastPath.decode(Array(text.utf8), file: "p.json", limits: .default) == nil)
    }

    /// Small limits are the general path's to enforce, with its messages.
    @Test func smallLimitsTakeTheGeneralPath() {
        var limits = LoadLimits()
        limits.maxDepth = 2
        #expect(ProfileJSONFastPath.decode(Array("{}".utf8), file: "p.json", limits: limits) == nil)
        limits = LoadLimits()
        limits.maxNodes = 1
        #expect(ProfileJSONFastPath.decode(Array("{}".utf8), file: "p.json", limits: limits) == nil)
    }

    /// The profiles the generator writes for the batch benchmark all take the fast path and agree.
    @Test func generatedProfilesAgree() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Benchmarks/profiles/bench-profile.json").standardized.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let fast = try #require(ProfileJSONFastPath.decode(Array(line.utf8), file: "p.json", limits: .default))
            let general = try #require(Self.general(String(line)))
            #expect(Self.dump(fast) == Self.dump(general))
        }
    }
}
