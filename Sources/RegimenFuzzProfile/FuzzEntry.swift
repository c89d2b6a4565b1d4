// libFuzzer target: the profile parser, raw bytes as YAML and as JSON, against the embedded
// rule set (loaded once). A profile that parses is also evaluated.
// Build and run with Fuzz/run.sh RegimenFuzzProfile SECONDS (see ../shared/FUZZING.md).
import Foundation
import Regimen
import RegimenFuzzDriver

/// Loads the embedded rule set once. Named so Fuzz/lsan.supp can match it: at exit LeakSanitizer
/// reports this one global engine's predicate boxes as leaked (Swift keeps enum tags in pointer
/// spare bits, which LSan's pointer scan does not recognise); leaks made by an input are still reported.
@inline(never)
func loadEngineOnceForFuzzing() -> Engine? { try? Engine.load([.embedded]) }

private let engine: Engine? = loadEngineOnceForFuzzing()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let engine else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for (name, format) in [("fuzz.yaml", Engine.ProfileFormat.yaml), ("fuzz.json", .json)] {
        do {
            let profile = try engine.profile(from: bytes, name: name, format: format)
            let evaluation = try engine.evaluate(profile, asOf: "2026-11-24")
            _ = ReportRenderer.text(evaluation, ruleSet: engine.ruleSet)
        } catch {
            _ = error.description
        }
    }
    return 0
}

#if REGIMEN_FUZZ
runFuzzDriver(fuzzOne)
#endif
