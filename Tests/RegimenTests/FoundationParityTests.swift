import Foundation
@_spi(CLI) @testable import Regimen
import Testing

/// `regimen` no longer links swift-corelibs-foundation (see `ConditionLock`): the small
/// replacements for what it used from there must do what Foundation did. The tests link
/// Foundation, so each is checked against the call it replaced.
@Suite struct FoundationParityTests {
    static let paths = [
        "a/b.yaml", "b.yaml", "/abs/x.yml", "dir/", "dir//", "/", "//", "///", "", ".yaml", "a/.hidden", "x.tar.gz",
        "a.b/c", "noext", "a/b.", "rules//x.yaml", "./x.yaml", "é/ü.yaml", "a/b c.yml",
    ]

    @Test(arguments: paths)
    func lastComponentAndExtensionAreNSString(_ path: String) {
        #expect(PathText.lastComponent(path) == (path as NSString).lastPathComponent)
        #expect(PathText.fileExtension(path) == (path as NSString).pathExtension)
    }

    @Test(arguments: ["dir", "dir/", "dir//", "/", "", ".", "./x/", "a b"])
    func appendingIsNSString(_ directory: String) {
        #expect(PathText.appending("sub/f.yaml", to: directory) == (directory as NSString).appendingPathComponent("sub/f.yaml"))
    }

    @Test(arguments: [
        ("a%b\r\nc\nd:e,f", "%", "%25"), ("line\r\nnext", "\r", "%0D"), ("note: x note: y", "note:", "N:"),
        ("", "%", "%25"), ("aaa", "aa", "b"), ("é:é", ":", "%3A"), ("no match", "zz", "y"),
    ])
    func replacingEveryIsReplacingOccurrences(_ text: String, _ target: String, _ replacement: String) {
        #expect(text.replacingEvery(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement))
    }

    @Test func replacingEveryFindsTheCarriageReturnOfACRLF() {
        // The standard library's `replacing(_:with:)` sees "\r\n" as one character and misses it.
        #expect("a\r\nb".replacingEvery("\r", with: "%0D") == "a%0D\nb")
        #expect("a\r\nb".replacing("\r", with: "%0D") == "a\r\nb")
    }

    @Test func containsBytesIsContains() {
        #expect("limit reached (raise --max-depth)".containsBytes(of: "(raise "))
        #expect(!"limit reached".containsBytes(of: "(raise "))
    }

    @Test(arguments: ["Rules/a b.yaml", "Rules/ü?#[]@!$&'()*+,;=:.yaml", "x-y_z~1.0/ok.yml", "%41", "tab\there"])
    func artifactURIEncodesAsURLPathAllowedLessDelimiters(_ path: String) {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@!$&'()*+,;=:")
        #expect(ReportRenderer.artifactURI(path) == path.addingPercentEncoding(withAllowedCharacters: allowed))
    }

    @Test func statusTellsFilesFromDirectoriesAndFollowsLinksOnlyWhenAsked() throws {
        let root = try TemporaryTree()
        try root.write("f.yaml", "x: 1\n")
        try root.directory("d")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/link", withDestinationPath: root.path + "/d")
        let file = try #require(FileInput.status(of: root.path + "/f.yaml"))
        #expect(file.isRegularFile && !file.isDirectory && file.size == 5)
        #expect(FileInput.status(of: root.path + "/link")?.isDirectory == true)
        let link = try #require(FileInput.status(of: root.path + "/link", followingLinks: false))
        #expect(!link.isDirectory && !link.isRegularFile)
        #expect(FileInput.status(of: root.path + "/missing") == nil)
    }

    @Test func directoryWalkSkipsHiddenEntriesAndLinkedDirectoriesButListsBrokenLinks() throws {
        let root = try TemporaryTree()
        for file in ["d/a.yaml", "d/sub/b.yml", "d/sub/c.json", "d/.hid/h.yaml", "d/.x.yaml", "d/notes.txt", "real/r.yaml"] {
            try root.write(file, "x: 1\n")
        }
        try root.directory("d/dir.yaml")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root.path + "/d/link", withDestinationPath: root.path + "/real")
        try fm.createSymbolicLink(atPath: root.path + "/d/lc.yaml", withDestinationPath: root.path + "/real/r.yaml")
        try fm.createSymbolicLink(atPath: root.path + "/d/broken.yaml", withDestinationPath: root.path + "/nowhere")
        let d = root.path + "/d"
        #expect(DirectoryWalk.files(under: d, extensions: ["yaml", "yml"]) == ["a.yaml", "broken.yaml", "lc.yaml", "sub/b.yml"].map { d + "/" + $0 })
        #expect(DirectoryWalk.files(under: d + "/", extensions: ["json"]) == [d + "/sub/c.json"])
        #expect(DirectoryWalk.files(under: root.path + "/missing", extensions: ["yaml"]).isEmpty)
    }

    @Test func aBrokenLinkInARuleDirectoryIsReportedNotDropped() throws {
        let root = try TemporaryTree()
        try root.write("rules/a.yaml", "rules: []\n")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/rules/gone.yaml", withDestinationPath: root.path + "/nowhere")
        let error = try #require(throws: DiagnosticsError.self) { try Engine.load([.path(root.path + "/rules")]) }
        #expect(error.diagnostics.contains { $0.message.contains("cannot read \(root.path)/rules/gone.yaml") })
    }
}

/// A directory under the temporary directory, removed when dropped.
final class TemporaryTree {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "regimen-tree-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func directory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }
}
