import Foundation
import Testing
@testable import Regimen

/// A directory's files are read on two threads (`SourceReader.readAll`); what comes back, in
/// path order, must be what reading them one by one gives: bytes, oversize files' first 4 KiB
/// and size, empty files, and paths that cannot be read.
@Suite struct ParallelReadTests {
    static func describe(_ result: Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError>) -> String {
        switch result {
        case .success(let read): return "ok \(read.bytes.count) \(read.bytes.reduce(0) { $0 &* 31 &+ Int($1) }) \(read.oversize.map(String.init) ?? "-")"
        case .failure(let error): return "error \(error)"
        }
    }

    @Test func readingOnTwoThreadsGivesWhatReadingInTurnGives() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regimen-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        var g = SystemRandomNumberGenerator()
        for i in 0..<40 {
            let path = dir.appendingPathComponent(String(format: "f%02d.yaml", i)).path
            let size = [0, 1, 100, 5_000, 9_000, 20_000].randomElement(using: &g)!
            let bytes = (0..<size).map { _ in UInt8.random(in: 0x20...0x7E, using: &g) }
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            paths.append(path)
        }
        paths.insert(dir.appendingPathComponent("missing.yaml").path, at: 7)
        paths.insert(dir.path, at: 20)   // a directory: no file to read
        let limits = LoaderKit.limits(fileBytes: 8_000)
        for _ in 0..<5 {
            let parallel = SourceReader.readAll(paths, limits: limits).map(Self.describe)
            let inTurn = paths.map { Self.describe(SourceReader.read($0, limits: limits)) }
            #expect(parallel == inTurn)
        }
        #expect(try SourceReader.files(for: .path(dir.path), limits: limits).get().map(\.bytes.count).count == 40)
    }
}
