internal import CLibYAML

/// Turns YAML bytes into one located `Node` tree through libyaml's event API.
///
/// libyaml leaves to its caller what a safe loader must do: it does not limit nesting (and
/// parses deep input in quadratic time), does not reject duplicate keys, passes language tags
/// such as `!!python/object` through, and reports aliases as events that a naive loader would
/// expand without bound. All of that is done here, as events arrive, with an explicit stack
/// instead of recursion.
struct YAMLLoader {
    var limits: LoadLimits = .default

    /// How many keys a mapping has before its duplicates are looked up in a table rather
    /// than by scanning its keys (for tests).
    static var keyTableThreshold: Int { ParseSession.linearKeyLimit }

    struct Output {
        var root: Node?
        var diagnostics: [Diagnostic]
    }

    func load(_ bytes: [UInt8], file: String) -> Output {
        var storage = NodeTreeStorage()
        return load(bytes, file: file, storage: &storage)
    }

    /// The same, building the tree in `storage`'s buffers (see `NodeTreeStorage`).
    func load(_ bytes: [UInt8], file: String, storage: inout NodeTreeStorage) -> Output {
        if bytes.count > limits.maxFileBytes {
            return Output(root: nil, diagnostics: [limits.fileTooLarge(bytes.count, file: file)])
        }
        var session = ParseSession(file: file, limits: limits, tree: NodeTreeBuilder(reusing: &storage, capacity: bytes.count))
        return session.run(bytes)
    }
}

/// One parse: owns the heap-allocated libyaml parser, which keeps pointers to itself and to
/// the input for its whole life. A struct used as a local variable, so its state is accessed
/// without the runtime exclusivity checks a class's stored properties need.
private struct ParseSession {
    /// Plain values only: a frame is copied on every collection's start and end, and an
    /// optional anchor name or key table in it made each copy retain and release them (about
    /// 1% of a load's instructions). Those two live on stacks of their own, `frameAnchors` and
    /// `keyTables`, touched only by the collections that have one.
    private struct Frame {
        var isMapping: Bool
        var line: Int
        var column: Int
        /// Whether this collection has an entry on `frameAnchors`.
        var hasAnchor: Bool
        /// Where this collection's children start on `tree.open`. A mapping's children are
        /// key, value, key, value, ...: an odd count means a key waits for its value.
        var childStart: Int
        /// Whether this mapping's keys are in a table, the last of `keyTables`: built only once
        /// a mapping grows past `ParseSession.linearKeyLimit` keys (below that a scan of the
        /// keys is cheaper).
        var hasKeyTable = false
        var nodeCount = 1
        /// Levels of nesting below and including this collection, so an alias to it can be
        /// checked against the depth cap where it is used.
        var height = 1
    }

    private let file: String
    private let limits: LoadLimits
    private var diagnostics: [Diagnostic] = []
    /// The innermost open collection is `current` (when `depth > 0`), the ones around it are
    /// `outer`: every node added updates its collection's frame, and as a stored property the
    /// frame is written in place, where an array element was bounds- and uniqueness-checked on
    /// every access.
    private var current = Frame(isMapping: false, line: 0, column: 0, hasAnchor: false, childStart: 0)
    private var outer: [Frame] = []
    /// The anchor names of the open collections that have one, innermost last.
    private var frameAnchors: [String] = []
    /// The key tables of the open mappings that have one (see `Frame.hasKeyTable`), innermost last.
    private var keyTables: [[String: SourceLocation]] = []
    private var depth = 0
    private var tree: NodeTreeBuilder
    private var anchors: [String: (node: Int32, count: Int, height: Int)] = [:]
    private var root: Int32?
    private var documents = 0
    private var nodes = 0
    private var aliasExpansion = 0

    init(file: String, limits: LoadLimits, tree: NodeTreeBuilder) {
        self.file = file
        self.limits = limits
        self.tree = tree
    }

    mutating func run(_ bytes: [UInt8]) -> YAMLLoader.Output {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            return .init(root: nil, diagnostics: [.error("libyaml could not allocate a parser", at: nil)])
        }
        defer { yaml_parser_delete(parser) }

        bytes.withUnsafeBufferPointer { buffer in
            // libyaml reads the input lazily through this pointer: it must outlive the loop,
            // which it does because the loop runs inside this closure.
            yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    reportParserError(parser.pointee, bytes: buffer)
                    return
                }
                let type = event.type
                let keepGoing = handle(&event)
                yaml_event_delete(&event)
                if !keepGoing || type == YAML_STREAM_END_EVENT { return }
            }
        }
        guard !diagnostics.hasErrors, let root else { return .init(root: nil, diagnostics: diagnostics) }
        return .init(root: tree.finish(file: file, root: root), diagnostics: diagnostics)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private func cString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return string(pointer, length: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
    }

    private mutating func fail(_ message: String, at location: SourceLocation, code: String = CheckID.yamlSyntax) -> Bool {
        diagnostics.append(.error(message, at: location, code: code))
        return false
    }

    private mutating func reportParserError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) {
        var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            // Reader errors leave problem_mark unset and give a byte offset instead.
            if parser.problem_value != -1 {
                message += " (byte " + Diagnostic.hexByte(UInt8(truncatingIfNeeded: parser.problem_value)) + ")"
            }
            let at = ParseSession.location(ofByte: Int(parser.problem_offset), in: bytes, file: file)
            diagnostics.append(.error(message, at: at, code: CheckID.yamlSyntax))
            return
        }
        if let keyStart = ParseSession.longKeyStart(parser, bytes: bytes) {
            diagnostics.append(.error(
                "a mapping key longer than \(ParseSession.simpleKeyLimit) characters is not allowed (libyaml's simple-key limit); shorten the key",
                at: SourceLocation(file: file, line: keyStart.line, column: keyStart.column), code: CheckID.yamlSyntax))
            return
        }
        var notes: [Diagnostic.Note] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            notes.append(.init(context, at: location(parser.context_mark)))
        }
        diagnostics.append(.error(message, at: location(parser.problem_mark), notes: notes, code: CheckID.yamlSyntax))
    }

    /// libyaml stops looking for a key's ':' 1024 characters after the key starts.
    static let simpleKeyLimit = 1024

    /// Where a key starts when libyaml's error is really its simple-key limit: it then says
    /// "could not find expected ':'" (block mappings) or "did not find expected ',' or '}'"
    /// (flow mappings) at the ':' after a key of more than 1024 characters on one line.
    static func longKeyStart(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int)? {
        guard parser.error == YAML_SCANNER_ERROR || parser.error == YAML_PARSER_ERROR,
              let problem = parser.problem.map({ String(cString: $0) }),
              problem == "could not find expected ':'" || problem.hasPrefix("did not find expected ','")
                || problem == "mapping values are not allowed in this context" else { return nil }
        // The bytes of the problem's line, as code points, up to the problem's column.
        var lineStart = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var line = 0
        var i = lineStart
        while line < Int(parser.problem_mark.line), i < bytes.count {
            let byte = bytes[i]
            i += 1
            if byte == 0x0A || (byte == 0x0D && (i >= bytes.count || bytes[i] != 0x0A)) {
                line += 1
                lineStart = i
            }
        }
        guard line == Int(parser.problem_mark.line) else { return nil }
        var starts: [Int] = []   // byte offset of each code point before the problem
        i = lineStart
        while starts.count < Int(parser.problem_mark.column), i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D {
            if bytes[i] & 0xC0 != 0x80 { starts.append(i) }
            i += 1
        }
        guard starts.count == Int(parser.problem_mark.column), i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        // Back over blanks, then over the key: a quoted one to its opening quote, a plain one to
        // the flow indicator or indentation before it.
        var k = starts.count - 1
        while k >= 0, bytes[starts[k]] == 0x20 || bytes[starts[k]] == 0x09 { k -= 1 }
        guard k >= 0 else { return nil }
        let end = k
        let last = bytes[starts[k]]
        if last == UInt8(ascii: "\"") || last == UInt8(ascii: "'") {
            k -= 1
            while k >= 0, bytes[starts[k]] != last { k -= 1 }
            guard k >= 0 else { return nil }
        } else {
            while k > 0, ![UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","), 0x20, 0x09].contains(bytes[starts[k - 1]])
                    || (k > 1 && bytes[starts[k - 1]] == 0x20 && ![UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","), 0x20, 0x09, UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":")].contains(bytes[starts[k - 2]])) {
                k -= 1
            }
        }
        guard end - k + 1 > simpleKeyLimit else { return nil }
        // A key opens its line (after indentation and '-' or '?' indicators) or follows '{',
        // '[' or ','. After `a: ` the ':' would be a second mapping value on one line, which
        // libyaml's own message describes.
        var before = k - 1
        while before >= 0, bytes[starts[before]] == 0x20 || bytes[starts[before]] == 0x09 { before -= 1 }
        if before >= 0, ![UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ",")].contains(bytes[starts[before]]) {
            return nil
        }
        return (line + 1, k + 1)
    }

    /// Line and column (in Unicode scalars) of a byte offset, for errors that only know bytes.
    static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1, column = 1
        // A UTF-8 byte order mark is not a character of the first line (libyaml skips it too).
        var index = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private static let coreTags: Set<String> = [
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq", "!",
    ]

    /// A core tag must also fit what it tags: `!!int` a number, `!!map` a mapping, ...
    private mutating func checkTagFits(_ pointer: UnsafeMutablePointer<yaml_char_t>?, scalar text: String?, isMapping: Bool, at location: SourceLocation) {
        guard let tag = cString(pointer), tag.hasPrefix("tag:yaml.org,2002:") else { return }
        let name = String(tag.dropFirst("tag:yaml.org,2002:".count))
        let fits: Bool
        switch (name, text) {
        case ("str", .some): fits = true
        case ("int", let t?): fits = NumberSyntax.parse(t).map { $0 == $0.rounded() } ?? false
        case ("float", let t?): fits = NumberSyntax.parse(t) != nil
        case ("bool", let t?): fits = t == "true" || t == "false"
        case ("null", let t?): fits = ["", "~", "null", "Null", "NULL"].contains(t)
        case ("map", nil): fits = isMapping
        case ("seq", nil): fits = !isMapping
        default: fits = false
        }
        if !fits {
            let what = text.map { "'\($0.truncatedForMessage)'" } ?? (isMapping ? "a mapping" : "a list")
            diagnostics.append(.error("tag '!!\(name)' does not fit \(what)", at: location, code: CheckID.yamlSyntax))
        }
    }

    private mutating func checkTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at location: SourceLocation) -> (ok: Bool, isString: Bool) {
        guard let tag = cString(pointer) else { return (true, false) }
        if ParseSession.coreTags.contains(tag) { return (true, tag == "tag:yaml.org,2002:str") }
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
        diagnostics.append(.error(
            "tag '\(shown)' is not allowed: Regimen reads plain data and only YAML core-schema tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map)",
            at: location, code: CheckID.yamlSyntax))
        return (false, false)
    }

    /// Returns false to stop the event loop.
    private mutating func handle(_ event: inout yaml_event_t) -> Bool {
        // Each case builds its location only if it uses one (end events do not).
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                return fail("a file holds exactly one YAML document; found a second one here (split it into two files)", at: location(event.start_mark))
            }
            return true
        case YAML_SCALAR_EVENT:
            let mark = event.start_mark
            let scalar = event.data.scalar
            // A refused tag is reported, but the scalar still takes its place in the tree so
            // the keys and values after it stay paired (no follow-on errors).
            var isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            let length = Int(scalar.length)
            if scalar.tag != nil {
                let at = location(mark)
                let tag = checkTag(scalar.tag, at: at)
                if length > limits.maxScalarBytes {
                    return fail("scalar of \(length) bytes is over the \(LoadLimits.sizeDescription(limits.maxScalarBytes)) limit (raise it with --max-scalar-length)", at: at, code: CheckID.yamlLimit)
                }
                if tag.ok { checkTagFits(scalar.tag, scalar: string(scalar.value, length: length), isMapping: false, at: at) }
                // `!!int "10"` and `!!float '1.5'` are numbers, as the tag says; `!!str 10` is text.
                if tag.isString { isPlain = false }
                if let t = cString(scalar.tag), t == "tag:yaml.org,2002:int" || t == "tag:yaml.org,2002:float" { isPlain = true }
            } else if length > limits.maxScalarBytes {
                return fail("scalar of \(length) bytes is over the \(LoadLimits.sizeDescription(limits.maxScalarBytes)) limit (raise it with --max-scalar-length)", at: location(mark), code: CheckID.yamlLimit)
            }
            let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.value == nil ? 0 : length)
            let node = tree.scalar(bytes, isPlain: isPlain, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
            return add(node, count: 1, height: 0, anchor: cString(scalar.anchor))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let mark = event.start_mark
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            if tagPointer != nil {
                let at = location(mark)
                if checkTag(tagPointer, at: at).ok { checkTagFits(tagPointer, scalar: nil, isMapping: isMapping, at: at) }
            }
            if depth >= limits.maxDepth {
                return fail("nesting is deeper than \(limits.maxDepth) levels (raise the limit with --max-depth)", at: location(mark), code: CheckID.yamlLimit)
            }
            let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            if depth > 0 { outer.append(current) }
            let anchor = cString(anchorPointer)
            if let anchor { frameAnchors.append(anchor) }
            current = Frame(isMapping: isMapping, line: Int(mark.line) + 1, column: Int(mark.column) + 1, hasAnchor: anchor != nil, childStart: tree.open.count)
            depth += 1
            nodes += 1
            return nodes <= limits.maxNodes || fail("file has more than \(limits.maxNodes) nodes (raise the limit with --max-nodes)", at: location(mark), code: CheckID.yamlLimit)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard depth > 0 else { return true }
            let frame = current
            depth -= 1
            if depth > 0 { current = outer.removeLast() }
            if frame.hasKeyTable { keyTables.removeLast() }
            let anchor = frame.hasAnchor ? frameAnchors.removeLast() : nil
            if frame.isMapping, (tree.open.count - frame.childStart) % 2 == 1 {
                // libyaml always pairs keys with values; kept for safety against a malformed stream.
                let key = tree.records[Int(tree.open[tree.open.count - 1])]
                tree.open.append(tree.scalar(UnsafeBufferPointer(start: nil, count: 0), isPlain: true, line: key.line, column: key.column))
            }
            let node = tree.collection(frame.isMapping ? .mapping : .sequence, from: frame.childStart, line: frame.line, column: frame.column)
            return add(node, count: frame.nodeCount, height: frame.height, anchor: anchor, alreadyCounted: true)
        case YAML_ALIAS_EVENT:
            let at = location(event.start_mark)
            let name = cString(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                return fail("alias '*\(name)' refers to no anchor defined before it", at: at)
            }
            aliasExpansion += target.count
            if aliasExpansion > limits.maxAliasExpansion {
                return fail("aliases expand to more than \(limits.maxAliasExpansion) nodes (raise the limit with --max-alias-expansion)", at: at, code: CheckID.yamlLimit)
            }
            if depth + target.height > limits.maxDepth {
                return fail("alias '*\(name)' nests its anchor's content deeper than \(limits.maxDepth) levels (raise the limit with --max-depth)", at: at, code: CheckID.yamlLimit)
            }
            // Reported where it is used, not where its anchor is; the content is shared.
            let copy = tree.copy(target.node, line: at.line, column: at.column)
            return add(copy, count: target.count, height: target.height, anchor: nil)
        default:
            return true
        }
    }

    static let linearKeyLimit = 16

    private func nodeLocation(_ node: Int32) -> SourceLocation {
        let r = tree.records[Int(node)]
        return SourceLocation(file: file, line: r.line, column: r.column)
    }

    /// A key that counts for duplicate detection: a scalar other than a merge key (`<<`, already refused).
    private func isOrdinaryKey(_ r: NodeTree.Record) -> Bool {
        r.kind == .scalar && !(r.isPlain && r.count == 2 && tree.text[r.start] == UInt8(ascii: "<") && tree.text[r.start + 1] == UInt8(ascii: "<"))
    }

    private func keyText(_ r: NodeTree.Record) -> String {
        tree.text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r.start..<r.start + r.count]), as: UTF8.self) }
    }

    /// Whether two keys' texts are equal as Unicode text (as `String` compares them): equal
    /// bytes are, and ASCII texts are equal only byte for byte.
    private func sameText(_ a: NodeTree.Record, _ b: NodeTree.Record) -> Bool {
        if a.isASCII && b.isASCII && a.count != b.count { return false }
        return tree.text.withUnsafeBufferPointer { t in
            if a.count == b.count, a.count == 0 || memcmp(t.baseAddress! + a.start, t.baseAddress! + b.start, a.count) == 0 { return true }
            if a.isASCII && b.isASCII { return false }
            let x = UnsafeBufferPointer(rebasing: t[a.start..<a.start + a.count])
            let y = UnsafeBufferPointer(rebasing: t[b.start..<b.start + b.count])
            return String(decoding: x, as: UTF8.self) == String(decoding: y, as: UTF8.self)
        }
    }

    /// Where `key` first appeared in the mapping being built, if it did.
    private func firstKey(_ key: NodeTree.Record) -> SourceLocation? {
        if current.hasKeyTable { return keyTables[keyTables.count - 1][keyText(key)] }
        var i = current.childStart
        while i < tree.open.count {
            let other = tree.records[Int(tree.open[i])]
            if isOrdinaryKey(other), sameText(other, key) { return SourceLocation(file: file, line: other.line, column: other.column) }
            i += 2
        }
        return nil
    }

    private mutating func add(_ node: Int32, count: Int, height: Int, anchor: String?, alreadyCounted: Bool = false) -> Bool {
        if !alreadyCounted {
            nodes += count
            if nodes > limits.maxNodes {
                let at = nodeLocation(node)
                return fail("file has more than \(limits.maxNodes) nodes (raise the limit with --max-nodes)", at: at, code: CheckID.yamlLimit)
            }
        }
        if let anchor { anchors[anchor] = (node, count, height) }
        guard depth > 0 else {
            root = node
            return true
        }
        current.nodeCount += count
        current.height = max(current.height, height + 1)
        if !current.isMapping || (tree.open.count - current.childStart) % 2 == 1 {
            tree.open.append(node)
            return true
        }
        var key = tree.records[Int(node)]
        guard key.kind == .scalar else {
            diagnostics.append(.error("a mapping key must be a plain value, not \(key.kind == .mapping ? "a mapping" : "a list")", at: nodeLocation(node), code: CheckID.yamlSyntax))
            tree.open.append(node)
            return true
        }
        key.isASCII = tree.text.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[key.start..<key.start + key.count]).allSatisfy { $0 < 0x80 } }
        tree.records[Int(node)].isASCII = key.isASCII
        if !isOrdinaryKey(key) {
            diagnostics.append(.error("merge keys ('<<') are not supported: write the entries out, or use an alias for the whole value", at: nodeLocation(node), code: CheckID.yamlSyntax))
        } else if let first = firstKey(key) {
            diagnostics.append(.error("duplicate key '\(keyText(key).truncatedForMessage)'", at: nodeLocation(node),
                                      notes: [.init("first defined here", at: first)], code: CheckID.duplicateKey))
        } else if current.hasKeyTable {
            let (name, at) = (keyText(key), nodeLocation(node))
            keyTables[keyTables.count - 1][name] = at
        } else if (tree.open.count - current.childStart) / 2 >= ParseSession.linearKeyLimit {
            var keys: [String: SourceLocation] = [keyText(key): nodeLocation(node)]
            var i = current.childStart
            while i < tree.open.count {
                let other = tree.records[Int(tree.open[i])]
                if isOrdinaryKey(other), keys[keyText(other)] == nil { keys[keyText(other)] = SourceLocation(file: file, line: other.line, column: other.column) }
                i += 2
            }
            keyTables.append(keys)
            current.hasKeyTable = true
        }
        tree.open.append(node)
        return true
    }
}
