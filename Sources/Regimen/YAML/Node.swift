import Foundation

/// One file's values as the loaders read them, stored flat: a record per node, the children
/// of every collection in one shared array, and the text of every scalar in one byte buffer.
/// A file's tree is a handful of allocations however many nodes it has, so building, reading
/// and freeing it costs little next to the parse; the file name is held once, here.
final class NodeTree: Sendable {
    struct Record: Sendable {
        /// A scalar's first byte in `text`; a collection's first child in `links`.
        var start: Int
        /// A scalar's length in bytes; the items of a sequence; the entries of a mapping
        /// (each entry is two links, key then value).
        var count: Int
        var line: Int
        var column: Int
        var kind: Kind
        /// See `Node.Scalar.isPlain`.
        var isPlain: Bool
        /// Whether a mapping key's text is all ASCII; set by the YAML loader for its
        /// duplicate-key checks, false elsewhere.
        var isASCII = false
    }

    enum Kind: UInt8, Sendable { case scalar, sequence, mapping }

    let file: String
    let records: [Record]
    let links: [Int32]
    let text: [UInt8]

    init(file: String, records: [Record], links: [Int32], text: [UInt8]) {
        self.file = file
        self.records = records
        self.links = links
        self.text = text
    }

    /// Whether the scalar text at `start` is `word`, for a word of ASCII characters other than
    /// 'K', ';' and '`'. Only three non-ASCII characters are canonically equivalent to ASCII
    /// text (U+212A KELVIN SIGN to 'K', U+037E to ';', U+1FEF to '`'), so text equal to such a
    /// word as Unicode text (as `String` compares) is that word byte for byte: no String is
    /// made to compare.
    @inline(__always)
    func textEquals(_ start: Int, _ count: Int, _ word: String) -> Bool {
        var word = word
        guard word.utf8.count == count else { return false }
        return word.withUTF8 { w in
            text.withUnsafeBufferPointer { t in
                count == 0 || memcmp(t.baseAddress! + start, w.baseAddress!, count) == 0
            }
        }
    }

    func string(_ start: Int, _ count: Int) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count]), as: UTF8.self) }
    }
}

/// Collects a tree's records while a loader reads its file. Children are gathered on a stack
/// while their collection is open and copied into `links` when it closes, so each collection's
/// children end up contiguous without an array of their own.
struct NodeTreeBuilder {
    var records: [NodeTree.Record] = []
    var links: [Int32] = []
    var text: [UInt8] = []
    /// Children of the collections still open, innermost last.
    var open: [Int32] = []

    init(capacity bytes: Int) {
        text.reserveCapacity(bytes)
    }

    /// A builder writing into `storage`'s buffers (left empty), which keep their capacity.
    init(reusing storage: inout NodeTreeStorage, capacity bytes: Int) {
        swap(&records, &storage.records)
        swap(&links, &storage.links)
        swap(&text, &storage.text)
        text.reserveCapacity(bytes)
    }

    mutating func scalar(_ bytes: UnsafeBufferPointer<UInt8>, isPlain: Bool, line: Int, column: Int) -> Int32 {
        let start = text.count
        text.append(contentsOf: bytes)
        records.append(.init(start: start, count: bytes.count, line: line, column: column, kind: .scalar, isPlain: isPlain))
        return Int32(records.count - 1)
    }

    mutating func scalar(_ string: String, isPlain: Bool, line: Int, column: Int) -> Int32 {
        var string = string
        return string.withUTF8 { scalar($0, isPlain: isPlain, line: line, column: column) }
    }

    /// Closes a collection whose children are `open[from...]`.
    mutating func collection(_ kind: NodeTree.Kind, from: Int, line: Int, column: Int) -> Int32 {
        let start = links.count
        links.append(contentsOf: open[from...])
        let children = open.count - from
        open.removeSubrange(from...)
        records.append(.init(start: start, count: kind == .mapping ? children / 2 : children, line: line, column: column, kind: kind, isPlain: false))
        return Int32(records.count - 1)
    }

    /// The node at `index` again, located elsewhere (an alias where it is used).
    mutating func copy(_ index: Int32, line: Int, column: Int) -> Int32 {
        var record = records[Int(index)]
        record.line = line
        record.column = column
        records.append(record)
        return Int32(records.count - 1)
    }

    func finish(file: String, root: Int32) -> Node {
        Node(tree: NodeTree(file: file, records: records, links: links, text: text), index: Int(root))
    }
}

/// A YAML or JSON value with the position it came from. The one shape every later stage
/// reads; nothing in it depends on which parser produced it.
struct Node: Sendable {
    let tree: NodeTree
    let index: Int

    enum Kind {
        case scalar(Scalar)
        case sequence(Items)
        case mapping(Entries)
    }

    struct Scalar {
        let tree: NodeTree
        let start: Int
        let count: Int
        /// Plain (unquoted, untagged-as-string) scalars are the only ones that may read as
        /// null or a number; `"10"` stays a string, as in YAML's core schema.
        let isPlain: Bool

        /// The text, made on each call: read it once where it is used more than once.
        var text: String { tree.string(start, count) }

        /// The text's bytes.
        var utf8: ArraySlice<UInt8> { tree.text[start..<start + count] }

    }

    /// The items of a sequence.
    struct Items: RandomAccessCollection {
        let tree: NodeTree
        let start: Int
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(position: Int) -> Node {
            precondition(position >= 0 && position < count, "index out of range")
            return Node(tree: tree, index: Int(tree.links[start + position]))
        }
    }

    /// The entries of a mapping, in file order.
    struct Entries: RandomAccessCollection {
        let tree: NodeTree
        let start: Int
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }

        /// The value of the last entry whose key is the scalar `word` (see
        /// `NodeTree.textEquals(_:_:_:)` for the words this may be asked about).
        func last(_ word: String) -> Node? {
            var word = word
            let found: Int32? = word.withUTF8 { w in
                tree.records.withUnsafeBufferPointer { records in
                    tree.links.withUnsafeBufferPointer { links in
                        tree.text.withUnsafeBufferPointer { text in
                            var i = count
                            while i > 0 {
                                i -= 1
                                let key = records[Int(links[start + 2 * i])]
                                guard key.kind == .scalar, key.count == w.count else { continue }
                                if w.count == 0 || memcmp(text.baseAddress! + key.start, w.baseAddress!, w.count) == 0 { return links[start + 2 * i + 1] }
                            }
                            return nil
                        }
                    }
                }
            }
            return found.map { Node(tree: tree, index: Int($0)) }
        }
        subscript(position: Int) -> Entry {
            precondition(position >= 0 && position < count, "index out of range")
            return Entry(key: Node(tree: tree, index: Int(tree.links[start + 2 * position])),
                         value: Node(tree: tree, index: Int(tree.links[start + 2 * position + 1])))
        }
    }

    struct Entry {
        var key: Node
        var value: Node
        /// Keys are always scalars: the loader rejects anything else.
        var name: String {
            if case .scalar(let s) = key.kind { return s.text }
            return ""
        }
    }

    private var record: NodeTree.Record { tree.records[index] }

    /// `location` without the file name (see `TextPosition`).
    var position: TextPosition {
        let r = record
        return TextPosition(line: r.line, column: r.column)
    }

    var location: SourceLocation {
        let r = record
        return SourceLocation(file: tree.file, line: r.line, column: r.column)
    }

    var kind: Kind {
        let r = record
        switch r.kind {
        case .scalar: return .scalar(Scalar(tree: tree, start: r.start, count: r.count, isPlain: r.isPlain))
        case .sequence: return .sequence(Items(tree: tree, start: r.start, count: r.count))
        case .mapping: return .mapping(Entries(tree: tree, start: r.start, count: r.count))
        }
    }

    var scalar: Scalar? {
        let r = record
        guard r.kind == .scalar else { return nil }
        return Scalar(tree: tree, start: r.start, count: r.count, isPlain: r.isPlain)
    }

    var isScalar: Bool { record.kind == .scalar }

    /// The index of the first of `words` that this scalar's text is (see
    /// `NodeTree.textEquals(_:_:_:)` for the words this may be asked about).
    func scalarIndex(in words: [String]) -> Int? {
        let r = record
        guard r.kind == .scalar else { return nil }
        return tree.text.withUnsafeBufferPointer { text in
            for (index, word) in words.enumerated() {
                // The length settles most mismatches without comparing.
                guard word.utf8.count == r.count else { continue }
                if tree.textEquals(r.start, r.count, word) { return index }
            }
            return nil
        }
    }

    /// The index of the key word this scalar spells, if any.
    func scalarIndex(in words: KeyWords) -> Int? {
        let r = record
        guard r.kind == .scalar else { return nil }
        return words.index(in: tree, start: r.start, count: r.count)
    }

    var isNull: Bool {
        let r = record
        guard r.kind == .scalar, r.isPlain else { return false }
        // The null words are ASCII without 'K', ';' or '`', so bytes settle it.
        switch r.count {
        case 0: return true
        case 1: return tree.text[r.start] == UInt8(ascii: "~")
        case 4: return tree.textEquals(r.start, 4, "null") || tree.textEquals(r.start, 4, "Null") || tree.textEquals(r.start, 4, "NULL")
        default: return false
        }
    }

    /// What a user would call this value in an error message.
    var kindDescription: String {
        switch kind {
        case .scalar(let s):
            if isNull { return "null" }
            let text = s.text
            if s.isPlain, NumberSyntax.parse(text) != nil { return "number \(text)" }
            if s.isPlain, ["true", "false"].contains(text) { return "boolean \(text)" }
            return "string '\(text.truncatedForMessage)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension String {
    /// Long or multi-line values shortened for one-line messages.
    var truncatedForMessage: String {
        let firstLine = split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let shown = firstLine.count > 60 ? String(firstLine.prefix(57)) + "..." : (firstLine.count < count ? firstLine + "..." : firstLine)
        return shown.escapingControlCharacters
    }

    /// Control characters written as `\u{1B}`: text from the input never reaches the
    /// terminal as escape sequences, and an invisible NUL becomes visible.
    var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
