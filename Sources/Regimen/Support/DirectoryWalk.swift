import Foundation

/// Files below a directory, for loading rule sets and finding fixtures.
enum DirectoryWalk {
    /// Paths (`directory` joined with the path below it) of the entries below `directory`,
    /// other than directories, whose extension is one of `extensions`, sorted. Entries whose
    /// names start with a dot, and everything below them, are skipped. A symbolic link to a
    /// directory is not followed, as with Foundation's `enumerator(atPath:)` before (it lives
    /// in swift-corelibs-foundation, see `ConditionLock`); a broken one is listed, so reading
    /// it reports it rather than the walk dropping it unseen.
    static func files(under directory: String, extensions: Set<String>) -> [String] {
        var found: [String] = []
        func visit(_ relative: String) {
            let here = relative.isEmpty ? directory : PathText.appending(relative, to: directory)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: here) else { return }
            for name in names where !name.hasPrefix(".") {
                let below = relative.isEmpty ? name : relative + "/" + name
                let full = PathText.appending(below, to: directory)
                let own = FileInput.status(of: full, followingLinks: false)
                if own?.isDirectory == true {
                    visit(below)
                } else if extensions.contains(PathText.fileExtension(name)),
                          own?.isRegularFile == true || FileInput.status(of: full)?.isDirectory != true {
                    // Only a link (or a special file) is examined again, to see where it leads.
                    found.append(full)
                }
            }
        }
        visit("")
        return found.sorted()
    }
}
