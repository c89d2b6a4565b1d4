// libFuzzer target: the rule-set compiler and lint checks. The input is a rule file merged with a
// small valid base rule set, validated as `regimen validate` does.
// Build and run with Fuzz/run.sh RegimenFuzzRuleSet SECONDS (see ../shared/FUZZING.md).
import Foundation
import Regimen
import RegimenFuzzDriver

private let base = """
    ruleset: { name: fuzz-base, version: "1" }
    conditions:
      rheumatoid_arthritis: { name: Rheumatoid arthritis }
      fibromyalgia: { name: Fibromyalgia }
      active_infection: { name: Active infection }
      latent_tb: { name: Latent tuberculosis infection, assume: unknown }
    markers:
      crp:
        name: C-reactive protein
        unit: mg/L
        units: { mg/dL: 10 }
        bands: { normal: "<= 10", elevated: "> 10" }
    scales:
      pss10: { name: PSS-10, range: [0, 40], bands: { low: "0..13", moderate: "14..26", high: "27..40" } }
      phq9: { name: PHQ-9, range: [0, 27], integer: true }
    options:
      tnf_inhibitor:
        name: TNF inhibitor
        kind: immunomodulatory
        contraindicated_if: { any: [ { condition: active_infection }, { condition: latent_tb } ] }
        checks: [Screen for latent TB]
      exercise: { name: Exercise, kind: holistic }
      cbt: { name: CBT, kind: holistic }
    evidence:
      ev1: { title: Test evidence, source: Test journal, year: 2020 }

    """

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let report = Validator.validate([.text(base, name: "base.yaml"), .text(text, name: "fuzz.yaml")])
    for finding in report.findings { _ = finding.description }
    return 0
}

#if REGIMEN_FUZZ
runFuzzDriver(fuzzOne)
#endif
