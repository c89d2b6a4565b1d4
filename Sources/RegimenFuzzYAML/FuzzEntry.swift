// libFuzzer target: the YAML loader, through the public loading API.
// Build and run with Fuzz/run.sh RegimenFuzzYAML SECONDS (see ../shared/FUZZING.md).
// Any input must end in a rule set or located diagnostics: never a crash, hang or unbounded memory.
import Foundation
import Regimen
import RegimenFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try Engine.load([.text(text, name: "fuzz.yaml")])
    } catch {
        // Every diagnostic from a file held in memory must be located in that file.
        for diagnostic in error.diagnostics where diagnostic.location == nil {
            _ = diagnostic.description
        }
    }
    return 0
}

#if REGIMEN_FUZZ
runFuzzDriver(fuzzOne)
#endif
