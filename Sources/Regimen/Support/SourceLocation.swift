/// A position in a source file: 1-based line and column, columns counted in Unicode scalars
/// (what libyaml counts and what editors show for UTF-8 text).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's display name: a path as given, `<embedded>/Rules/...` for the embedded rule set, or the
    /// `name` passed with in-memory text.
    public var file: String
    /// Line number, from 1.
    public var line: Int
    /// Column number, from 1, counted in Unicode scalars.
    public var column: Int

    /// Creates a location; `line` and `column` start at 1.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, as compilers and editors read it.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file name, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A line and column without the file: where a predicate node was written. A node's file is
/// its rule's (or its option's), so the name is not kept in every node: it was retained at
/// every copy of a node and released at every drop, about a million times per 10,000 rules.
struct TextPosition: Sendable, Hashable {
    var line: Int
    var column: Int

    /// The position as a location in `file`.
    func located(in file: String) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
}
