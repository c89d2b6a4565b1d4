// libFuzzer target: the YAML loader, through the public loading API.
// Build and run with Fuzz/run.sh RegimenFuzzYAML SECONDS (see ../shared/FUZZING.md).
// Any input must end in a rule set or located diagnostics: never a crash, hang or unbounded memory.
import Foundation
import Regimen

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

// Entry: SwiftPM links every executable with its own main (the build plugin's tool as well), so
// instead of libFuzzer's main this file's top-level code hands over to libFuzzer's driver when
// built by Fuzz/run.sh (-DREGIMEN_FUZZ); a plain `swift build` gives a do-nothing executable.
#if REGIMEN_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var fuzzArgc = CommandLine.argc
var fuzzArgv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&fuzzArgc, &fuzzArgv, fuzzOne))
#endif
