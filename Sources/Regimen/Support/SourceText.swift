/// The bytes of the files a load read, kept so diagnostics can quote the offending line. Lines
/// are only split when a diagnostic needs them: loading clean rules costs nothing here.
struct SourceText: Sendable {
    private var files: [String: [UInt8]] = [:]

    mutating func add(file: String, bytes: [UInt8]) {
        files[file] = bytes
    }

    private func lines(of file: String) -> [Substring]? {
        guard let bytes = files[file] else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    func line(_ number: Int, in file: String) -> String? {
        guard let fileLines = lines(of: file), number >= 1, number <= fileLines.count else { return nil }
        return String(fileLines[number - 1])
    }

    /// Adds the quoted line to each diagnostic; a mark one line past the end (libyaml does
    /// that at end of stream) is moved to the end of the last line with text.
    func annotate(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var cache: [String: [Substring]] = [:]
        func cachedLines(_ file: String) -> [Substring]? {
            if let hit = cache[file] { return hit }
            let split = lines(of: file)
            cache[file] = split
            return split
        }
        return diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            guard let location = diagnostic.location, let fileLines = cachedLines(location.file) else { return diagnostic }
            let moved = clamp(location, fileLines)
            diagnostic.location = moved
            if moved.line >= 1, moved.line <= fileLines.count { diagnostic.sourceLine = String(fileLines[moved.line - 1]) }
            diagnostic.notes = diagnostic.notes.map { note in
                var note = note
                if let l = note.location, let noteLines = cachedLines(l.file) { note.location = clamp(l, noteLines) }
                return note
            }
            return diagnostic
        }
    }

    /// A trailing newline leaves an empty last "line"; libyaml's end-of-stream marks point
    /// there or one past it. Such a mark moves to the end of the last line with text.
    private func clamp(_ location: SourceLocation, _ fileLines: [Substring]) -> SourceLocation {
        var lastLine = fileLines.count
        while lastLine > 1, fileLines[lastLine - 1].isEmpty { lastLine -= 1 }
        guard location.line > lastLine, lastLine >= 1 else { return location }
        return SourceLocation(file: location.file, line: lastLine, column: fileLines[lastLine - 1].unicodeScalars.count + 1)
    }
}
