import Foundation
import Testing
@testable import Regimen

/// Profiles and rule files read from pipes (`regimen evaluate -`, `<(...)`): they have no size
/// to check before reading, and Foundation's whole-file read fails on them, so they used to be
/// "cannot read".
@Suite struct StreamInputTests {
    /// A pipe holding `text`, closed for writing, as a path the engine can open.
    private static func pipe(_ text: String) throws -> (path: String, pipe: Pipe) {
        let pipe = Pipe()
        try pipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try pipe.fileHandleForWriting.close()
        return ("/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", pipe)
    }

    @Test func aProfileIsReadFromAPipe() throws {
        let (path, pipe) = try Self.pipe("id: piped\nconditions: [fibromyalgia]\nmarkers: { crp: 12 mg/L }\n")
        let profile = try Package.shippedEngine.profile(contentsOf: path)
        #expect(profile.id == "piped")
        #expect(profile.conditions.map(\.id) == ["fibromyalgia"])
        #expect(profile.markers.count == 1)
        withExtendedLifetime(pipe) {}
    }

    @Test func errorsInAPipedProfileAreLocated() throws {
        let (path, pipe) = try Self.pipe("id: piped\nmarkers: { crp: 5 furlongs }\n")
        let error = #expect(throws: DiagnosticsError.self) { try Package.shippedEngine.profile(contentsOf: path) }
        #expect(error?.diagnostics.first?.location == SourceLocation(file: path, line: 2, column: 17))
        withExtendedLifetime(pipe) {}
    }

    /// Over the limit, reading stops (a device like /dev/zero never ends), and the text held is
    /// what the first line's quote needs.
    @Test func anOversizedPipeIsRefusedWithItsSize() throws {
        var limits = LoadLimits()
        limits.maxFileBytes = 100
        let long = try Self.pipe(String(repeating: "a", count: 300) + "\n")
        let read = try SourceReader.read(long.path, limits: limits).get()
        #expect(read.oversize == LoadLimits.unknownSize)
        #expect(read.bytes.count <= 4096)
        withExtendedLifetime(long.pipe) {}
        let (path, pipe) = try Self.pipe("id: " + String(repeating: "x", count: 200) + "\n")
        var engine = Package.shippedEngine
        engine.limits = limits
        let error = #expect(throws: DiagnosticsError.self) { try engine.profile(contentsOf: path) }
        #expect(error?.diagnostics.first?.message == "input is longer than the 100-byte limit (raise it with --max-file-size)")
        withExtendedLifetime(pipe) {}
    }

    /// A regular file that says it is empty is read anyway: an empty one gives no bytes, and
    /// one whose size is not known ahead (procfs says 0) gives its text. It was "empty".
    @Test func aFileOfSizeZeroIsReadToItsEnd() throws {
        let empty = NSTemporaryDirectory() + "regimen-empty-" + UUID().uuidString
        try Data().write(to: URL(fileURLWithPath: empty))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let none = try SourceReader.read(empty, limits: LoadLimits()).get()
        #expect(none.bytes.isEmpty && none.oversize == nil)
        #if os(Linux)
        let status = try SourceReader.read("/proc/self/status", limits: LoadLimits()).get()
        #expect(String(decoding: status.bytes, as: UTF8.self).hasPrefix("Name:"))
        #expect(status.oversize == nil)
        #endif
    }

    /// A device that never ends is refused at the limit instead of read forever.
    @Test(.timeLimit(.minutes(1))) func anEndlessDeviceIsRefusedAtTheLimit() throws {
        var limits = LoadLimits()
        limits.maxFileBytes = 1 << 20
        let read = try SourceReader.read("/dev/zero", limits: limits).get()
        #expect(read.oversize == LoadLimits.unknownSize)
        #expect(read.bytes.count == 4096)
    }
}
