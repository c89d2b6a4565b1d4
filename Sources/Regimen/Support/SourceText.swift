/// The text of the files a load read, kept so diagnostics can quote the offending line.
struct SourceText: Sendable {
    private var lines: [String: [Substring]] = [:]

    mutating func add(file: String, bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        lines[file] = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// A mark past the last line with text moves to the end of that line.
    private func clamp(_ location: SourceLocation, _ fileLines: [Substring]) -> SourceLocation {
        var lastLine = fileLines.count
        while lastLine > 1, fileLines[lastLine - 1].isEmpty { lastLine -= 1 }
        guard location.line > lastLine, lastLine >= 1 else { return location }
        return SourceLocation(file: location.file, line: lastLine, column: fileLines[lastLine - 1].unicodeScalars.count + 1)
    }

    func line(_ number: Int, in file: String) -> String? {
        guard let fileLines = lines[file], number >= 1, number <= fileLines.count else { return nil }
        return String(fileLines[number - 1])
    }

    /// Adds the quoted line to each diagnostic; a mark one line past the end (libyaml does
    /// that at end of stream) is moved to the end of the last line.
    func annotate(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            guard var location = diagnostic.location, let fileLines = lines[location.file] else { return diagnostic }
            // A trailing newline leaves an empty last "line"; libyaml's end-of-stream marks point
            // there or one past it. Point at the end of the last line with text instead.
            var lastLine = fileLines.count
            while lastLine > 1, fileLines[lastLine - 1].isEmpty { lastLine -= 1 }
            if location.line > lastLine, fileLines[lastLine - 1].isEmpty == false || lastLine == 1 {
                location.line = lastLine
                location.column = fileLines[lastLine - 1].unicodeScalars.count + 1
                diagnostic.location = location
            }
            diagnostic.sourceLine = line(location.line, in: location.file)
            diagnostic.notes = diagnostic.notes.map { note in
                var note = note
                if let l = note.location, let fileLines = lines[l.file] {
                    note.location = clamp(l, fileLines)
                }
                return note
            }
            return diagnostic
        }
    }
}
