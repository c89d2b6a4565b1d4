// libFuzzer target: the formula parser and evaluator. The input becomes the formula of a derived
// fact in a small rule set (as a double-quoted YAML scalar, every character escaped as needed);
// when the set loads, a fixed profile is evaluated so the compiled formula runs too.
// Build and run with Fuzz/run.sh RegimenFuzzFormula SECONDS (see ../shared/FUZZING.md).
import Foundation
import Regimen
import RegimenFuzzDriver

private func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
            || scalar.value == 0xFEFF || (scalar.value >= 0xFFFE && scalar.value <= 0xFFFF):
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

private func ruleSet(formula: String) -> String {
    """
    ruleset: { name: fuzz-formula, version: "1" }
    conditions:
      rheumatoid_arthritis: { name: Rheumatoid arthritis }
    markers:
      crp: { name: C-reactive protein, unit: mg/L, units: { mg/dL: 10 } }
    scales:
      pss10: { name: PSS-10, range: [0, 40] }
      tjc28: { name: Tender joints, range: [0, 28] }
    derived:
      helper: { name: Helper, formula: "crp / 2 + tjc28" }
      fuzzed:
        name: Fuzzed formula
        formula: \(quoted(formula))
    options:
      exercise: { name: Exercise, kind: holistic }
    evidence:
      ev1: { title: Test evidence, source: Test journal, year: 2020 }
    rules:
      - id: fuzz.rule
        title: Fuzzed fact is high
        when: { all: [ { condition: rheumatoid_arthritis }, { fuzzed: "> 1" } ] }
        recommend: exercise
        strength: conditional
        because: The fuzzed fact is high.
        evidence: [ev1]

    """
}

private let profiles = [
    "id: p1\nage: 50\nsex: female\nconditions: [rheumatoid_arthritis]\nmarkers: { crp: 12 }\nscales: { pss10: 20, tjc28: 0 }\n",
    "id: p2\nconditions: [rheumatoid_arthritis]\n",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let formula = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let engine = try? Engine.load([.text(ruleSet(formula: formula), name: "formula.yaml")]) else { return 0 }
    for text in profiles {
        guard let profile = try? engine.profile(from: text, name: "profile.yaml") else { continue }
        if let evaluation = try? engine.evaluate(profile, asOf: "2026-11-24") {
            _ = ReportRenderer.json(evaluation)
        }
    }
    return 0
}

#if REGIMEN_FUZZ
runFuzzDriver(fuzzOne)
#endif
