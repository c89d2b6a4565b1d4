/// The text of the files a load read, kept so diagnostics can quote the offending line.
struct SourceText: Sendable {
    private var lines: [String: [Substring]] = [:]

    mutating func add(file: String, bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        lines[file] = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
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
            if location.line > fileLines.count, let last = fileLines.last {
                location.line = max(fileLines.count, 1)
                location.column = last.unicodeScalars.count + 1
                diagnostic.location = location
            }
            diagnostic.sourceLine = line(location.line, in: location.file)
            return diagnostic
        }
    }
}
