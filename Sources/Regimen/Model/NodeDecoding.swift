/// Reads typed values out of located nodes, collecting every problem instead of stopping at
/// the first: a rule author fixing a file wants all of its mistakes at once.
struct NodeDecoder {
    var diagnostics: [Diagnostic] = []
    /// Predicates read so far (every `all`, `any`, `not` and leaf): the compiler sizes its
    /// node arrays from it instead of growing them a doubling at a time.
    var predicates = 0
    /// Ids read so far that passed `identifier(_:of:)` and `dottedIdentifier(_:of:kind:)`.
    private var vocabularyIDs = InternTable()
    private var dottedIDs = InternTable()

    mutating func error(_ message: String, at location: SourceLocation, notes: [Diagnostic.Note] = [], code: String = CheckID.schema) {
        diagnostics.append(.error(message, at: location, notes: notes, code: code))
    }

    /// The entries of a mapping whose keys are all in `allowed`; reports unknown keys (with a
    /// suggestion) and missing `required` ones. Returns nil when `node` is not a mapping.
    mutating func fields(
        _ node: Node, of what: @autoclosure () -> String, allowed: [String], required: [String] = []
    ) -> Fields? {
        guard case .mapping(let entries) = node.kind else {
            error("\(what()) must be a mapping, found \(node.kindDescription)", at: node.location)
            return nil
        }
        for entry in entries {
            // Allowed keys are lower-case ASCII words, compared byte for byte (`Node.scalarIndex(in:)`).
            if entry.key.scalarIndex(in: allowed) == nil { unknownKey(entry.key, in: what(), allowed: allowed) }
        }
        let result = Fields(entries: entries)
        checkRequired(result, required, in: node, what())
        return result
    }

    /// The same for a fixed key list, whose values are found here, once, and read by the key's
    /// index (`Fields[index:]`): looking each key up by a scan of the entries cost a scan per
    /// lookup, a dozen per rule. `required` holds indices into `keys`.
    mutating func fields(
        _ node: Node, of what: @autoclosure () -> String, keys: KeyWords, required: [Int] = []
    ) -> Fields? {
        guard case .mapping(let entries) = node.kind else {
            error("\(what()) must be a mapping, found \(node.kindDescription)", at: node.location)
            return nil
        }
        precondition(keys.count <= Fields.maxKeys)
        var values = Fields.Values(repeating: -1)
        let tree = entries.tree
        for i in 0..<entries.count {
            let keyNode = Node(tree: tree, index: Int(tree.links[entries.start + 2 * i]))
            if let k = keyNode.scalarIndex(in: keys) {
                // Forward, so the last of repeated keys wins, as a scan from the end finds it.
                values[k] = tree.links[entries.start + 2 * i + 1]
            } else {
                unknownKey(keyNode, in: what(), allowed: keys.words)
            }
        }
        for k in required where values[k] < 0 { missingKey(keys.words[k], in: node, what()) }
        return Fields(entries: entries, keys: keys, values: values)
    }

    private mutating func unknownKey(_ key: Node, in what: String, allowed: [String]) {
        let name = key.scalar?.text ?? ""
        error("unknown key '\(name.truncatedForMessage)' in \(what)\(Suggestion.hint(for: name, in: allowed))", at: key.location,
              notes: [.init("allowed keys: " + allowed.joined(separator: ", "))])
    }

    private mutating func checkRequired(_ result: Fields, _ required: [String], in node: Node, _ what: @autoclosure () -> String) {
        for key in required where result[key] == nil { missingKey(key, in: node, what()) }
    }

    private mutating func missingKey(_ key: String, in node: Node, _ what: String) {
        let code = key == "because" ? CheckID.missingBecause : key == "evidence" ? CheckID.missingEvidence : CheckID.schema
        error("\(what) is missing the required key '\(key)'", at: node.location, code: code)
    }

    /// Entries of a mapping used as a dictionary (id -> value), in file order.
    mutating func entries(_ node: Node, of what: @autoclosure () -> String) -> Node.Entries? {
        if node.isNull { return Node.Entries(tree: node.tree, start: 0, count: 0) }
        guard case .mapping(let entries) = node.kind else {
            error("\(what()) must be a mapping of id to entry, found \(node.kindDescription)", at: node.location)
            return nil
        }
        return entries
    }

    mutating func list(_ node: Node, of what: @autoclosure () -> String) -> Node.Items? {
        if node.isNull { return Node.Items(tree: node.tree, start: 0, count: 0) }
        guard case .sequence(let items) = node.kind else {
            error("\(what()) must be a list, found \(node.kindDescription)", at: node.location)
            return nil
        }
        return items
    }

    mutating func string(_ node: Node, of what: @autoclosure () -> String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node.kind, !node.isNull else {
            error("\(what()) must be text, found \(node.kindDescription)", at: node.location)
            return nil
        }
        // One pass over the bytes settles the common case: some visible ASCII character, and no
        // byte that could be a control character (C0, DEL, or the C1 range's lead byte 0xC2).
        let (visible, suspicious) = scalar.tree.text.withUnsafeBufferPointer {
            VisibleText.classify(UnsafeBufferPointer(rebasing: $0[scalar.start..<scalar.start + scalar.count]))
        }
        let text = scalar.text
        if visible && !suspicious { return text }
        if !allowEmpty, text.allSatisfy(\.isWhitespace) {
            error("\(what()) must not be empty", at: node.location)
            return nil
        }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }) {
            error("\(what()) contains the control character U+\(String(bad.value, radix: 16, uppercase: true))", at: node.location)
            return nil
        }
        return text
    }

    mutating func number(_ node: Node, of what: @autoclosure () -> String) -> Double? {
        guard case .scalar(let scalar) = node.kind, !node.isNull else {
            error("\(what()) must be a number, found \(node.kindDescription)", at: node.location)
            return nil
        }
        let text = scalar.text
        if let value = NumberSyntax.parse(text), scalar.isPlain { return value }
        if let reason = NumberSyntax.rejectionReason(text) {
            error("\(what()) must be a finite decimal number: \(reason)", at: node.location)
        } else {
            error("\(what()) must be a number, found \(node.kindDescription)", at: node.location)
        }
        return nil
    }

    mutating func integer(_ node: Node, of what: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
        guard let value = number(node, of: what()) else { return nil }
        guard value == value.rounded(), let int = Int(exactly: value), range.contains(int) else {
            error("\(what()) must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(value.shortDescription)", at: node.location)
            return nil
        }
        return int
    }

    /// One of a fixed set of words, with a suggestion when misspelt.
    mutating func word(_ node: Node, of what: @autoclosure () -> String, oneOf choices: [String]) -> String? {
        guard let text = string(node, of: what()) else { return nil }
        guard choices.contains(text) else {
            error("\(what()) must be one of \(choices.joined(separator: ", ")), found '\(text.truncatedForMessage)'\(Suggestion.hint(for: text, in: choices))", at: node.location)
            return nil
        }
        return text
    }

    /// A vocabulary id: lower-case letters, digits and underscores, starting with a letter,
    /// so that it can be a key in a predicate and a stable name in JSON output.
    mutating func identifier(_ node: Node, of what: @autoclosure () -> String) -> String? {
        let key = internKey(node)
        if let key, let seen = vocabularyIDs.find(key.tree, key.start, key.count, hash: key.hash) { return seen }
        guard let text = string(node, of: what()), checkIdentifier(text, of: what(), at: node.location) else { return nil }
        if let key { vocabularyIDs.insert(text, hash: key.hash) }
        return text
    }

    /// A rule or evidence id read from a scalar: `what` names the scalar in a message about
    /// its type, `kind` names the id in a message about its spelling.
    mutating func dottedIdentifier(_ node: Node, of what: @autoclosure () -> String, kind: @autoclosure () -> String) -> String? {
        let key = internKey(node)
        if let key, let seen = dottedIDs.find(key.tree, key.start, key.count, hash: key.hash) { return seen }
        guard let text = string(node, of: what()), checkDottedIdentifier(text, of: kind(), at: node.location) else { return nil }
        if let key { dottedIDs.insert(text, hash: key.hash) }
        return text
    }

    /// Where a non-null scalar's bytes are, and their hash, for the intern tables: whether an
    /// id is accepted depends on those bytes alone.
    private func internKey(_ node: Node) -> (tree: NodeTree, start: Int, count: Int, hash: UInt64)? {
        guard let scalar = node.scalar, !node.isNull else { return nil }
        return (scalar.tree, scalar.start, scalar.count, InternTable.hash(scalar.tree, scalar.start, scalar.count))
    }

    mutating func checkIdentifier(_ text: String, of what: @autoclosure () -> String, at location: SourceLocation) -> Bool {
        if Identifier.isVocabularyID(text) { return true }
        error("\(what()) '\(text.truncatedForMessage)' is not a valid id\(Identifier.offender(in: text)): use lower-case ASCII letters, digits and '_', starting with a letter, at most \(Identifier.maxLength) characters", at: location)
        return false
    }

    /// Rule and evidence ids may also use '.' and '-' (`ra.tnf-after-mtx`, `acr-2021-ra`).
    mutating func checkDottedIdentifier(_ text: String, of what: @autoclosure () -> String, at location: SourceLocation) -> Bool {
        if Identifier.isDottedID(text) { return true }
        error("\(what()) '\(text.truncatedForMessage)' is not a valid id: use lower-case ASCII letters, digits, '_', '-' and '.', starting with a letter or digit, at most \(Identifier.maxLength) characters", at: location)
        return false
    }

    /// A list of vocabulary ids, each with its location; a single id is accepted as a list of one.
    mutating func identifierList(_ node: Node, of what: @autoclosure () -> String) -> [(id: String, location: SourceLocation)] {
        let items: [Node]
        if node.isScalar, !node.isNull { items = [node] } else { items = list(node, of: what()).map(Array.init) ?? [] }
        var seen: [String: SourceLocation] = [:]
        var result: [(String, SourceLocation)] = []
        for item in items {
            guard let id = identifier(item, of: "an entry of \(what())") else { continue }
            if let first = seen[id] {
                error("'\(id)' is listed twice in \(what())", at: item.location, notes: [.init("first listed here", at: first)])
                continue
            }
            seen[id] = item.location
            result.append((id, item.location))
        }
        return result
    }
}

/// The entries of a checked mapping, looked up by key. Mappings in rule files have a handful
/// of keys, so a scan beats building a dictionary per mapping. Unknown keys cannot match an
/// allowed one, so they need no filtering; duplicate keys never get here (the loader refuses
/// the file), but the last one would win, as in a dictionary. Keys looked up are lower-case
/// ASCII words, compared as bytes (`Node.Entries.last(_:)`).
struct Fields {
    var entries: Node.Entries
    /// For fields read with a fixed key list: each key's value link, -1 when absent.
    private var keys: KeyWords?
    private var values = Fields.Values(repeating: -1)

    typealias Values = InlineArray<16, Int32>
    static let maxKeys = 16

    init(entries: Node.Entries) {
        self.entries = entries
    }

    init(entries: Node.Entries, keys: KeyWords, values: Fields.Values) {
        self.entries = entries
        self.keys = keys
        self.values = values
    }

    subscript(key: String) -> Node? {
        if let keys, let k = keys.index(of: key) { return self[index: k] }
        return entries.last(key)
    }

    /// The value of the key at `index` in the key list the fields were read with.
    subscript(index k: Int) -> Node? {
        let link = values[k]
        return link < 0 ? nil : Node(tree: entries.tree, index: Int(link))
    }
}

enum Identifier {
    static let maxLength = 128

    /// Names the first character an id may not hold, with its position, because a look-alike
    /// (Cyrillic 'а' in 'fibromyаlgia') or an invisible one reads exactly like the valid id.
    static func offender(in text: String) -> String {
        for (index, scalar) in text.unicodeScalars.enumerated() {
            let v = scalar.value
            let allowed = (97...122).contains(v) || (48...57).contains(v) || v == 95
            if !allowed {
                let name = scalar.properties.name.map { " \($0)" } ?? ""
                let code = "U+" + String(repeating: "0", count: max(0, 4 - String(v, radix: 16).count)) + String(v, radix: 16, uppercase: true)
                return " (\(code)\(name) at character \(index + 1))"
            }
        }
        return text.unicodeScalars.count > maxLength ? " (\(text.unicodeScalars.count) characters)" : ""
    }

    static func isVocabularyID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, bytes.count <= maxLength, (97...122).contains(first) else { return false }
            return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
        }
    }

    static func isDottedID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, bytes.count <= maxLength,
                  (97...122).contains(first) || (48...57).contains(first) else { return false }
            return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 || $0 == 46 }
        }
    }
}
