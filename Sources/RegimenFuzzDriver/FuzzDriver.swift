// The entry point the four libFuzzer targets share. SwiftPM links every executable with its
// own main (the build plugin's tool as well), so instead of libFuzzer's main each target's
// top-level code hands over to libFuzzer's driver when built by Fuzz/run.sh (-DREGIMEN_FUZZ);
// a plain `swift build` gives do-nothing executables.
#if REGIMEN_FUZZ
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// Runs libFuzzer over `fuzzOne` with the process's arguments, then exits with its status.
public func runFuzzDriver(_ fuzzOne: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
}
#endif
