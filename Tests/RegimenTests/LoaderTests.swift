import Testing
@testable import Regimen

/// The libyaml-based loader: located nodes, every syntax error libyaml reports, and the safety
/// checks the loader adds (duplicate keys, tags, merge keys, aliases, depth and size limits).
@Suite struct LoaderTests {
    typealias K = LoaderKit

    // MARK: - node locations

    @Test func blockMappingAndSequenceLocations() throws {
        let text = """
            name: Rheumatoid arthritis
            markers:
              crp: "> 10 mg/L"
              il6:
                - 1
                - two
            list:
            - a
            - b: c
              d: e

            """
        let out = K.yaml(text)
        #expect(out.diagnostics.isEmpty)
        let root = try #require(out.root)
        #expect(root.location == K.at(1, 1))
        #expect(K.shape(root) == #"{name: Rheumatoid arthritis, markers: {crp: "> 10 mg/L", il6: [1, two]}, list: [a, {b: c, d: e}]}"#)
        let expected: [([LoaderStep], Int, Int)] = [
            ([.key("name")], 1, 1),
            (["name"], 1, 7),
            ([.key("markers")], 2, 1),
            (["markers"], 3, 3),                // a block mapping starts at its first key
            (["markers", .key("crp")], 3, 3),
            (["markers", "crp"], 3, 8),          // a quoted scalar starts at its quote
            (["markers", "il6"], 5, 5),          // a block sequence starts at its first '-'
            (["markers", "il6", 0], 5, 7),
            (["markers", "il6", 1], 6, 7),
            (["list"], 8, 1),                    // an unindented sequence as a mapping value
            (["list", 0], 8, 3),
            (["list", 1], 9, 3),
            (["list", 1, .key("d")], 10, 3),
            (["list", 1, "d"], 10, 6),
        ]
        for (path, line, column) in expected {
            let node = K.node(root, path)
            #expect(node?.location == K.at(line, column), "\(path)")
        }
    }

    @Test func flowStyleLocations() throws {
        let out = K.yaml("top: {a: [1, 'x', {b: c}], e: []}\nnext: [ ]\n")
        #expect(out.diagnostics.isEmpty)
        let root = try #require(out.root)
        #expect(K.shape(root) == #"{top: {a: [1, "x", {b: c}], e: []}, next: []}"#)
        let expected: [([LoaderStep], Int, Int)] = [
            (["top"], 1, 6),
            (["top", .key("a")], 1, 7),
            (["top", "a"], 1, 10),
            (["top", "a", 0], 1, 11),
            (["top", "a", 1], 1, 14),
            (["top", "a", 2], 1, 19),
            (["top", "a", 2, "b"], 1, 23),
            (["top", .key("e")], 1, 28),
            (["top", "e"], 1, 31),
            (["next"], 2, 7),
        ]
        for (path, line, column) in expected {
            #expect(K.node(root, path)?.location == K.at(line, column), "\(path)")
        }
    }

    @Test func blockScalarAndPropertiesLocations() throws {
        let out = K.yaml("a: |\n  text\n  more\nb: >-\n  folded\nc: &anchor 5\nd: !!str 7\n")
        #expect(out.diagnostics.isEmpty)
        let root = try #require(out.root)
        #expect(K.shape(root) == #"{a: "text\#nmore\#n", b: "folded", c: 5, d: "7"}"#)
        #expect(K.node(root, ["a"])?.location == K.at(1, 4))   // the '|' indicator
        #expect(K.node(root, ["b"])?.location == K.at(4, 4))
        #expect(K.node(root, ["c"])?.location == K.at(6, 4))   // a node's properties start it
        #expect(K.node(root, ["d"])?.location == K.at(7, 4))
    }

    /// Columns count Unicode scalars, not bytes and not grapheme clusters.
    @Test func columnsAfterMultiByteCharactersCountUnicodeScalars() throws {
        let out = K.yaml("\"café\": 1\nk: {\"café\": 😀, z: 2}\nthumbs: [👍🏽, y]\n名前: 値\n")
        #expect(out.diagnostics.isEmpty)
        let root = try #require(out.root)
        #expect(K.node(root, ["café"])?.location == K.at(1, 9))
        #expect(K.node(root, ["k"])?.location == K.at(2, 4))
        #expect(K.node(root, ["k", .key("café")])?.location == K.at(2, 5))
        #expect(K.node(root, ["k", "café"])?.location == K.at(2, 13))
        #expect(K.node(root, ["k", .key("z")])?.location == K.at(2, 16))
        #expect(K.node(root, ["k", "z"])?.location == K.at(2, 19))
        // 👍🏽 is one grapheme but two scalars (thumbs up + skin tone modifier).
        #expect(K.node(root, ["thumbs", 1])?.location == K.at(3, 14))
        #expect(K.node(root, ["名前"])?.location == K.at(4, 5))
        #expect(K.node(root, ["k", "café"])?.scalar?.text == "😀")
    }

    @Test func errorColumnAfterMultiByteCharacters() {
        let out = K.yaml("\"é😀\": [1, 2\n")
        #expect(K.lines(out.diagnostics) == [
            "t.yaml:2:1: error: did not find expected ',' or ']'",
            "note t.yaml:1:7: while parsing a flow sequence",
        ])
        let dup = K.yaml("{é: 1, ü: 2, é: 3}")
        #expect(K.lines(dup.diagnostics) == [
            "t.yaml:1:14: error: duplicate key 'é'",
            "note t.yaml:1:2: first defined here",
        ])
    }

    @Test func crlfLineEndings() throws {
        let out = K.yaml("a: 1\r\nb:\r\n  c: 2\r\n")
        let root = try #require(out.root)
        #expect(K.node(root, ["b", "c"])?.location == K.at(3, 6))
        let bad = K.yaml("a: 1\r\nb: [1,\r\n  2\r\n")
        #expect(K.lines(bad.diagnostics) == [
            "t.yaml:4:1: error: did not find expected ',' or ']'",
            "note t.yaml:2:4: while parsing a flow sequence",
        ])
    }

    // MARK: - libyaml syntax errors

    static let syntaxErrors: [LoaderCase] = [
        LoaderCase("unclosed flow sequence (mark one line past the end)", "a: [1, 2", [
            "t.yaml:2:1: error: did not find expected ',' or ']'",
            "note t.yaml:1:4: while parsing a flow sequence",
        ]),
        LoaderCase("unclosed flow mapping", "{a: 1", [
            "t.yaml:2:1: error: did not find expected ',' or '}'",
            "note t.yaml:1:1: while parsing a flow mapping",
        ]),
        LoaderCase("extra closing bracket", "a: [1, 2]]", [
            "t.yaml:1:10: error: did not find expected key",
            "note t.yaml:1:1: while parsing a block mapping",
        ]),
        LoaderCase("mapping value inside a plain scalar", "a: b: c", [
            "t.yaml:1:5: error: mapping values are not allowed in this context",
        ]),
        LoaderCase("over-indented key", "a: 1\n  b: 2", [
            "t.yaml:2:4: error: mapping values are not allowed in this context",
        ]),
        LoaderCase("under-indented key", "a:\n  b: 1\n c: 2", [
            "t.yaml:3:2: error: did not find expected key",
            "note t.yaml:1:1: while parsing a block mapping",
        ]),
        LoaderCase("list item after mapping", "key: value\n- item", [
            "t.yaml:2:1: error: did not find expected key",
            "note t.yaml:1:1: while parsing a block mapping",
        ]),
        LoaderCase("mapping after list", "- a\nb: 1", [
            "t.yaml:2:1: error: did not find expected '-' indicator",
            "note t.yaml:1:1: while parsing a block collection",
        ]),
        LoaderCase("under-indented literal block", "a: |\n  x\n y", [
            "t.yaml:3:2: error: did not find expected key",
            "note t.yaml:1:1: while parsing a block mapping",
        ]),
        LoaderCase("unterminated double-quoted scalar", "a: \"abc", [
            "t.yaml:1:8: error: found unexpected end of stream",
            "note t.yaml:1:4: while scanning a quoted scalar",
        ]),
        LoaderCase("unterminated single-quoted scalar", "a: 'it''s", [
            "t.yaml:1:10: error: found unexpected end of stream",
            "note t.yaml:1:4: while scanning a quoted scalar",
        ]),
        LoaderCase("unknown escape", #"a: "\q""#, [
            "t.yaml:1:5: error: found unknown escape character",
            "note t.yaml:1:4: while parsing a quoted scalar",
        ]),
        LoaderCase("tab indentation of a key", "a:\n\tb: 1", [
            "t.yaml:2:1: error: found character that cannot start any token",
            "note t.yaml:2:1: while scanning for the next token",
        ]),
        LoaderCase("tab indentation of a list item", "a: 1\nb:\n  - x\n\t- y", [
            "t.yaml:4:1: error: found a tab character that violates indentation",
            "note t.yaml:3:5: while scanning a plain scalar",
        ]),
        LoaderCase("reserved indicator @", "a: @b", [
            "t.yaml:1:4: error: found character that cannot start any token",
            "note t.yaml:1:4: while scanning for the next token",
        ]),
        LoaderCase("reserved indicator `", "a: `b", [
            "t.yaml:1:4: error: found character that cannot start any token",
            "note t.yaml:1:4: while scanning for the next token",
        ]),
        LoaderCase("alias without a name", "a: *", [
            "t.yaml:1:5: error: did not find expected alphabetic or numeric character",
            "note t.yaml:1:4: while scanning an alias",
        ]),
        LoaderCase("duplicate %YAML directive", "%YAML 1.2\n%YAML 1.2\n---\na", [
            "t.yaml:2:1: error: found duplicate %YAML directive",
        ]),
        LoaderCase("raw control character in a plain scalar", "a: \u{01}", [
            "t.yaml:1:4: error: control characters are not allowed (byte 0x01)",
        ]),
        LoaderCase("raw control character in a quoted scalar", "a: \"x\u{07}y\"", [
            "t.yaml:1:6: error: control characters are not allowed (byte 0x07)",
        ]),
        LoaderCase("raw control character on a later line after é", "a: 1\nbé: x\u{1B}", [
            "t.yaml:2:6: error: control characters are not allowed (byte 0x1B)",
        ]),
        LoaderCase("raw NUL byte", "a: 1\nb: \u{0}", [
            "t.yaml:2:4: error: control characters are not allowed (byte 0x00)",
        ]),
    ]

    @Test(arguments: syntaxErrors)
    func syntaxError(_ c: LoaderCase) {
        let out = K.yaml(c.input)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == c.expected)
    }

    static let invalidUTF8: [LoaderByteCase] = [
        LoaderByteCase("byte 0xFF", Array("a: ".utf8) + [0xFF], [
            "t.yaml:1:4: error: invalid leading UTF-8 octet (byte 0xFF)",
        ]),
        LoaderByteCase("byte 0xFF after é counts é as one column", Array("cé: ".utf8) + [0xFF], [
            "t.yaml:1:5: error: invalid leading UTF-8 octet (byte 0xFF)",
        ]),
        LoaderByteCase("bad continuation byte", Array("a: ".utf8) + [0xC3, 0x28], [
            "t.yaml:1:5: error: invalid trailing UTF-8 octet (byte 0x28)",
        ]),
        LoaderByteCase("sequence truncated at end of input, second line", Array("a\nb: ".utf8) + [0xE2, 0x82], [
            "t.yaml:2:4: error: incomplete UTF-8 octet sequence",
        ]),
        LoaderByteCase("overlong encoding of '/'", Array("a: ".utf8) + [0xC0, 0xAF], [
            "t.yaml:1:4: error: invalid length of a UTF-8 sequence",
        ]),
        LoaderByteCase("lone continuation byte", Array("a: x".utf8) + [0x80], [
            "t.yaml:1:5: error: invalid leading UTF-8 octet (byte 0x80)",
        ]),
    ]

    @Test(arguments: invalidUTF8)
    func invalidUTF8IsRejectedWithItsPosition(_ c: LoaderByteCase) {
        let out = K.yaml(bytes: c.bytes)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == c.expected)
    }

    // MARK: - duplicate keys

    static let duplicateKeys: [LoaderCase] = [
        LoaderCase("top level", "a: 1\nb: 2\na: 3", [
            "t.yaml:3:1: error: duplicate key 'a'",
            "note t.yaml:1:1: first defined here",
        ]),
        LoaderCase("nested", "x:\n  b: 1\n  c: 2\n  b: 3", [
            "t.yaml:4:3: error: duplicate key 'b'",
            "note t.yaml:2:3: first defined here",
        ]),
        LoaderCase("in a list item", "- id: 1\n  id: 2", [
            "t.yaml:2:3: error: duplicate key 'id'",
            "note t.yaml:1:3: first defined here",
        ]),
        LoaderCase("flow mapping", "{a: 1, b: 2, a: 3}", [
            "t.yaml:1:14: error: duplicate key 'a'",
            "note t.yaml:1:2: first defined here",
        ]),
        LoaderCase("quoted and plain spellings are one key", "'a': 1\n\"a\": 2\na: 3", [
            "t.yaml:2:1: error: duplicate key 'a'",
            "note t.yaml:1:1: first defined here",
            "t.yaml:3:1: error: duplicate key 'a'",
            "note t.yaml:1:1: first defined here",
        ]),
        LoaderCase("explicit keys", "? a\n? a", [
            "t.yaml:2:3: error: duplicate key 'a'",
            "note t.yaml:1:3: first defined here",
        ]),
        LoaderCase("empty key", "\"\": 1\n\"\": 2", [
            "t.yaml:2:1: error: duplicate key ''",
            "note t.yaml:1:1: first defined here",
        ]),
        LoaderCase("a key given through an alias", "&k a: 1\n*k : 2", [
            "t.yaml:2:1: error: duplicate key 'a'",
            "note t.yaml:1:1: first defined here",
        ]),
        LoaderCase("long key is shortened in the message",
                   String(repeating: "k", count: 70) + ": 1\n" + String(repeating: "k", count: 70) + ": 2", [
            "t.yaml:2:1: error: duplicate key '\(String(repeating: "k", count: 57))...'",
            "note t.yaml:1:1: first defined here",
        ]),
    ]

    @Test(arguments: duplicateKeys)
    func duplicateKey(_ c: LoaderCase) {
        let out = K.yaml(c.input)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == c.expected)
    }

    @Test func sameKeyInSiblingMappingsIsFine() throws {
        let out = K.yaml("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n1: a\n1.0: b\n01: c")
        #expect(out.diagnostics.isEmpty)
        #expect(K.shape(out.root) == "{a: {x: 1}, b: {x: 2}, c: [{x: 1}, {x: 2}], 1: a, 1.0: b, 01: c}")
    }

    /// Mappings past `YAMLLoader.keyTableThreshold` keys find duplicates in a key table kept on
    /// a stack beside the frames: a table must serve only its own mapping, also when one is
    /// nested in another and when the inner one closes before the outer one's duplicate.
    @Test func keyTablesOfNestedLargeMappingsStayApart() {
        let many = YAMLLoader.keyTableThreshold + 3
        func keys(_ prefix: String, indent: String) -> String {
            (0..<many).map { "\(indent)\(prefix)\($0): \($0)\n" }.joined()
        }
        // Outer keys o0..., then `inner:` holding i0... and its duplicate i1, then the outer
        // duplicates o2 (after the inner table is gone) and `inner`; the inner ones repeat no
        // outer key and vice versa, so a shared table would report wrong duplicates.
        let text = keys("o", indent: "") + "inner:\n" + keys("i", indent: "  ") + "  i1: x\n  o0: fine\n" + "o2: x\ni0: fine\ninner: x\n"
        let out = K.yaml(text)
        let inner = many + 1          // line of `inner:`
        let innerDuplicate = inner + many + 1
        let outerDuplicate = innerDuplicate + 2
        #expect(K.lines(out.diagnostics) == [
            "t.yaml:\(innerDuplicate):3: error: duplicate key 'i1'",
            "note t.yaml:\(inner + 2):3: first defined here",
            "t.yaml:\(outerDuplicate):1: error: duplicate key 'o2'",
            "note t.yaml:3:1: first defined here",
            "t.yaml:\(outerDuplicate + 2):1: error: duplicate key 'inner'",
            "note t.yaml:\(inner):1: first defined here",
        ])
    }

    /// Anchors on collections are kept on a stack beside the frames and registered when their
    /// collection closes: nested anchored collections, and unanchored ones between them, each
    /// get their own.
    @Test func anchorsOfNestedCollectionsStayApart() throws {
        let out = K.yaml("a: &outer\n  b: &inner [1, {c: &leaf 2}]\n  d: [3]\n  e: &flow {f: 4}\nx: *inner\ny: *outer\nz: [*flow, *leaf]")
        #expect(out.diagnostics.isEmpty)
        #expect(K.shape(out.root) == "{a: {b: [1, {c: 2}], d: [3], e: {f: 4}}, x: [1, {c: 2}], y: {b: [1, {c: 2}], d: [3], e: {f: 4}}, z: [{f: 4}, 2]}")
    }

    @Test func nonScalarKeyIsRejected() {
        #expect(K.lines(K.yaml("[a]: 1").diagnostics) == ["t.yaml:1:1: error: a mapping key must be a plain value, not a list"])
        #expect(K.lines(K.yaml("x: 1\n? {a: 1}\n: 2").diagnostics) == ["t.yaml:2:3: error: a mapping key must be a plain value, not a mapping"])
    }

    // MARK: - tags

    static let tagMessageTail = "is not allowed: Regimen reads plain data and only YAML core-schema tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map)"

    static let rejectedTags: [LoaderCase] = [
        LoaderCase("python object on a sequence", "a: !!python/object/apply:os.system [ls]", [
            "t.yaml:1:4: error: tag '!!python/object/apply:os.system' \(tagMessageTail)",
        ]),
        LoaderCase("python object on a mapping", "a: !!python/object:__main__.X {b: 1}", [
            "t.yaml:1:4: error: tag '!!python/object:__main__.X' \(tagMessageTail)",
        ]),
        LoaderCase("local tag on a scalar", "a: !custom x", [
            "t.yaml:1:4: error: tag '!custom' \(tagMessageTail)",
        ]),
        LoaderCase("local tag on the root", "!custom\nx: 1", [
            "t.yaml:1:1: error: tag '!custom' \(tagMessageTail)",
        ]),
        LoaderCase("!!binary", "a: !!binary aGVsbG8=", [
            "t.yaml:1:4: error: tag '!!binary' \(tagMessageTail)",
        ]),
        LoaderCase("!!timestamp", "a: !!timestamp 2001-12-14", [
            "t.yaml:1:4: error: tag '!!timestamp' \(tagMessageTail)",
        ]),
        LoaderCase("!!set", "a: !!set {x}", [
            "t.yaml:1:4: error: tag '!!set' \(tagMessageTail)",
        ]),
        LoaderCase("%TAG handle expands to a foreign tag", "%TAG !e! tag:example.com,2000:\n---\na: !e!foo x", [
            "t.yaml:3:4: error: tag 'tag:example.com,2000:foo' \(tagMessageTail)",
        ]),
        LoaderCase("verbatim foreign tag", "a: !<tag:example.com,2000:x> y", [
            "t.yaml:1:4: error: tag 'tag:example.com,2000:x' \(tagMessageTail)",
        ]),
    ]

    @Test(arguments: rejectedTags)
    func nonCoreTagIsRejected(_ c: LoaderCase) {
        let out = K.yaml(c.input)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == c.expected)
    }

    static let acceptedTags: [(input: String, shape: String)] = [
        ("a: !!str 10", #"{a: "10"}"#),
        ("a: !!str yes", #"{a: "yes"}"#),
        ("a: !!str", #"{a: ""}"#),
        ("a: !<tag:yaml.org,2002:str> 10", #"{a: "10"}"#),
        ("a: !!int 10", "{a: 10}"),
        ("a: !!float 1.5", "{a: 1.5}"),
        ("a: !!bool true", "{a: true}"),
        ("a: !!null ~", "{a: ~}"),
        ("!!map {a: 1}", "{a: 1}"),
        ("a: !!seq [x]", "{a: [x]}"),
        ("a: ! x", "{a: x}"),
    ]

    @Test(arguments: acceptedTags)
    func coreTagIsAccepted(_ c: (input: String, shape: String)) {
        let out = K.yaml(c.input)
        #expect(out.diagnostics.isEmpty)
        #expect(K.shape(out.root) == c.shape)
    }

    @Test func strTagMakesANonPlainString() throws {
        let root = try #require(K.yaml("a: !!str 10\nb: 10").root)
        let a = try #require(K.node(root, ["a"])?.scalar)
        #expect(a.text == "10")
        #expect(a.isPlain == false)
        #expect(K.node(root, ["b"])?.scalar?.isPlain == true)
    }

    @Test
    func rejectedScalarTagCausesNoFollowOnErrors() {
        // `b: a` is read as key `a`'s value after `x` is dropped, then `a` (a value) becomes a key.
        #expect(K.lines(K.yaml("a: !c x\nb: a\nc: d").diagnostics) == [
            "t.yaml:1:4: error: tag '!c' \(LoaderTests.tagMessageTail)",
        ])
        #expect(K.lines(K.yaml("!c k: v\nx: v\ny: z").diagnostics) == [
            "t.yaml:1:1: error: tag '!c' \(LoaderTests.tagMessageTail)",
        ])
    }

    // MARK: - merge keys

    @Test func mergeKeyIsRejected() {
        let message = "merge keys ('<<') are not supported: write the entries out, or use an alias for the whole value"
        #expect(K.lines(K.yaml("<<: {a: 1}").diagnostics) == ["t.yaml:1:1: error: \(message)"])
        let nested = K.yaml("base: &b {x: 1}\nd:\n  <<: *b\n  y: 2")
        #expect(nested.root == nil)
        #expect(K.lines(nested.diagnostics) == ["t.yaml:3:3: error: \(message)"])
    }

    @Test func quotedLessThanLessThanIsAnOrdinaryKey() {
        let out = K.yaml("\"<<\": 1")
        #expect(out.diagnostics.isEmpty)
        #expect(K.shape(out.root) == #"{"<<": 1}"#)
    }

    // MARK: - anchors and aliases

    @Test func aliasCopiesTheAnchoredNodeAndIsLocatedWhereUsed() throws {
        let out = K.yaml("a: &x {b: 1}\nc: *x\nn: &n 5\nm: [*n, *x]")
        #expect(out.diagnostics.isEmpty)
        let root = try #require(out.root)
        #expect(K.shape(root) == "{a: {b: 1}, c: {b: 1}, n: 5, m: [5, {b: 1}]}")
        #expect(K.node(root, ["a"])?.location == K.at(1, 4))
        #expect(K.node(root, ["c"])?.location == K.at(2, 4))
        #expect(K.node(root, ["m", 0])?.location == K.at(4, 5))
        #expect(K.node(root, ["m", 1])?.location == K.at(4, 9))
        // Inside the copy, nodes keep the positions of the text they were read from.
        #expect(K.node(root, ["c", .key("b")])?.location == K.at(1, 8))
        #expect(K.node(root, ["m", 0])?.scalar?.isPlain == true)
    }

    @Test func aliasOfAQuotedScalarStaysQuoted() throws {
        let root = try #require(K.yaml("x: &a !!str 5\ny: *a\nz: &q \"7\"\nw: *q").root)
        #expect(K.shape(root) == #"{x: "5", y: "5", z: "7", w: "7"}"#)
    }

    static let undefinedAliases: [LoaderCase] = [
        LoaderCase("never defined", "a: *nope", ["t.yaml:1:4: error: alias '*nope' refers to no anchor defined before it"]),
        LoaderCase("defined later", "a: *x\nb: &x 1", ["t.yaml:1:4: error: alias '*x' refers to no anchor defined before it"]),
        LoaderCase("refers to itself", "a: &x [*x]", ["t.yaml:1:8: error: alias '*x' refers to no anchor defined before it"]),
    ]

    @Test(arguments: undefinedAliases)
    func undefinedAlias(_ c: LoaderCase) {
        let out = K.yaml(c.input)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == c.expected)
    }

    @Test func billionLaughsIsRefused() {
        let text = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """
        let out = K.yaml(text)
        #expect(out.root == nil)
        // Expansions so far: b 90, c 819, d 7380, e 66429 (74718); the first *e adds 66430.
        #expect(K.lines(out.diagnostics) == [
            "t.yaml:6:8: error: aliases expand to more than 100000 nodes (raise the limit with --max-alias-expansion)",
        ])
    }

    @Test func customAliasExpansionLimit() {
        let text = "a: &x [1, 2]\nb: [*x, *x]"   // each *x copies 3 nodes
        #expect(K.yaml(text, limits: K.limits(aliasExpansion: 6)).diagnostics.isEmpty)
        let out = K.yaml(text, limits: K.limits(aliasExpansion: 5))
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == [
            "t.yaml:2:9: error: aliases expand to more than 5 nodes (raise the limit with --max-alias-expansion)",
        ])
    }

    // MARK: - depth

    static let depthMessage = "nesting is deeper than 64 levels (raise the limit with --max-depth)"

    @Test func flowNestingOf64IsAcceptedAnd65IsRefused() {
        let ok = K.yaml(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(ok.diagnostics.isEmpty)
        #expect(ok.root != nil)
        let out = K.yaml(String(repeating: "[", count: 65) + String(repeating: "]", count: 65))
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == ["t.yaml:1:65: error: \(LoaderTests.depthMessage)"])
    }

    @Test func blockMappingNestingOf65IsRefusedAtThe65thLevel() {
        let text = (0..<65).map { String(repeating: "  ", count: $0) + "k:" }.joined(separator: "\n") + " 1"
        let out = K.yaml(text)
        #expect(out.root == nil)
        // The 65th mapping starts at its key: line 65, after 64 levels of two-space indentation.
        #expect(K.lines(out.diagnostics) == ["t.yaml:65:129: error: \(LoaderTests.depthMessage)"])
        let ok = (0..<64).map { String(repeating: "  ", count: $0) + "k:" }.joined(separator: "\n") + " 1"
        #expect(K.yaml(ok).diagnostics.isEmpty)
    }

    @Test func blockSequenceNestingOf65IsRefusedAtThe65thLevel() {
        let text = (0..<65).map { String(repeating: "  ", count: $0) + "-" }.joined(separator: "\n") + " 1"
        let out = K.yaml(text)
        #expect(K.lines(out.diagnostics) == ["t.yaml:65:129: error: \(LoaderTests.depthMessage)"])
    }

    @Test func customMaxDepth() {
        let limits = K.limits(depth: 3)
        #expect(K.yaml("[[[1]]]", limits: limits).diagnostics.isEmpty)
        let message = "nesting is deeper than 3 levels (raise the limit with --max-depth)"
        #expect(K.lines(K.yaml("[[[[1]]]]", limits: limits).diagnostics) == ["t.yaml:1:4: error: \(message)"])
        #expect(K.lines(K.yaml("- - - - 1", limits: limits).diagnostics) == ["t.yaml:1:7: error: \(message)"])
        #expect(K.lines(K.yaml("a:\n  b:\n    c:\n      d: 1", limits: limits).diagnostics) == ["t.yaml:4:7: error: \(message)"])
        // Scalars do not count as a level.
        #expect(K.yaml("a: [1]", limits: K.limits(depth: 2)).diagnostics.isEmpty)
    }

    @Test func millionDeepFlowSequenceFailsFast() {
        let out = K.yaml(String(repeating: "[", count: 1_000_000))
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == ["t.yaml:1:65: error: \(LoaderTests.depthMessage)"])
    }

    @Test func hundredThousandDeepBlockSequenceFailsFast() {
        let out = K.yaml(String(repeating: "- ", count: 100_000))
        #expect(K.lines(out.diagnostics) == ["t.yaml:1:129: error: \(LoaderTests.depthMessage)"])
    }

    // MARK: - size limits

    @Test func maxFileBytes() {
        let limits = K.limits(fileBytes: 10)
        #expect(K.yaml("a: 1234567", limits: limits).diagnostics.isEmpty)   // exactly 10 bytes
        let out = K.yaml("a: 12345678", limits: limits)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == [
            "t.yaml:1:1: error: file is 11 bytes, over the 10-byte limit (raise it with --max-file-size)",
        ])
        // Counted in bytes, not characters: "é" is two.
        #expect(K.lines(K.yaml("a: ééééé", limits: limits).diagnostics) == [
            "t.yaml:1:1: error: file is 13 bytes, over the 10-byte limit (raise it with --max-file-size)",
        ])
    }

    @Test func maxScalarBytes() {
        let limits = K.limits(scalarBytes: 4)
        #expect(K.yaml("a: abcd", limits: limits).diagnostics.isEmpty)
        #expect(K.lines(K.yaml("a: abcde", limits: limits).diagnostics) == [
            "t.yaml:1:4: error: scalar of 5 bytes is over the 4-byte limit (raise it with --max-scalar-length)",
        ])
        #expect(K.lines(K.yaml("x: 1\nabcde: 1", limits: limits).diagnostics) == [
            "t.yaml:2:1: error: scalar of 5 bytes is over the 4-byte limit (raise it with --max-scalar-length)",
        ])
        #expect(K.lines(K.yaml("a: \"ééé\"", limits: limits).diagnostics) == [
            "t.yaml:1:4: error: scalar of 6 bytes is over the 4-byte limit (raise it with --max-scalar-length)",
        ])
    }

    @Test func maxNodes() {
        let limits = K.limits(nodes: 5)
        #expect(K.yaml("[1,2,3,4]", limits: limits).diagnostics.isEmpty)   // the list and four items
        let out = K.yaml("[1,2,3,4,5,6]", limits: limits)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == [
            "t.yaml:1:10: error: file has more than 5 nodes (raise the limit with --max-nodes)",
        ])
    }

    @Test func aliasExpansionCountsTowardMaxNodes() {
        // mapping, a, [ , 1, 2 ], b = 6 nodes, then *x copies 3 more.
        let text = "a: &x [1, 2]\nb: *x"
        #expect(K.yaml(text, limits: K.limits(nodes: 9)).diagnostics.isEmpty)
        #expect(K.lines(K.yaml(text, limits: K.limits(nodes: 8)).diagnostics) == [
            "t.yaml:2:4: error: file has more than 8 nodes (raise the limit with --max-nodes)",
        ])
    }

    // MARK: - documents

    static let secondDocuments: [LoaderCase] = [
        LoaderCase("implicit then explicit", "a: 1\n---\nb: 2", [
            "t.yaml:2:1: error: a file holds exactly one YAML document; found a second one here (split it into two files)",
        ]),
        LoaderCase("two explicit", "---\na: 1\n---\nb: 2", [
            "t.yaml:3:1: error: a file holds exactly one YAML document; found a second one here (split it into two files)",
        ]),
        LoaderCase("after a document end marker", "a: 1\n...\n---\nb: 1", [
            "t.yaml:3:1: error: a file holds exactly one YAML document; found a second one here (split it into two files)",
        ]),
    ]

    @Test(arguments: secondDocuments)
    func secondDocumentIsRefused(_ c: LoaderCase) {
        let out = K.yaml(c.input)
        #expect(out.root == nil)
        #expect(K.lines(out.diagnostics) == c.expected)
    }

    @Test func oneExplicitDocumentWithEndMarkerIsFine() {
        let out = K.yaml("--- a\n...\n")
        #expect(out.diagnostics.isEmpty)
        #expect(K.shape(out.root) == "a")
    }

    @Test(arguments: ["", "# only\n# comments\n", "\n\n   \n", "# no newline at the end"])
    func noDocumentGivesNilRootAndNoDiagnostics(_ text: String) {
        let out = K.yaml(text)
        #expect(out.root == nil)
        #expect(out.diagnostics.isEmpty)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let out = K.yaml("\u{FEFF}a: 1")
        #expect(out.diagnostics.isEmpty)
        #expect(K.shape(out.root) == "{a: 1}")
    }

    // MARK: - scalar content

    @Test func nulEscapeIsKeptInsideTheString() throws {
        let root = try #require(K.yaml(#"a: "x\0y""# + "\n" + #"b: "\u0000z""#).root)
        let a = try #require(K.node(root, ["a"])?.scalar)
        #expect(a.text == "x\u{0}y")
        #expect(a.text.unicodeScalars.count == 3)
        #expect(a.isPlain == false)
        #expect(K.node(root, ["b"])?.scalar?.text == "\u{0}z")
    }

    @Test(arguments: ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "true", "false", "~", "null"])
    func yaml11WordsStayPlainStrings(_ word: String) throws {
        let root = try #require(K.yaml("answer: \(word)").root)
        let scalar = try #require(K.node(root, ["answer"])?.scalar)
        #expect(scalar.text == word)
        #expect(scalar.isPlain == true)
    }

    @Test func quotingMakesScalarsNonPlain() throws {
        let root = try #require(K.yaml("a: 'no'\nb: \"10\"\nc: 10\nd: |\n  x\n").root)
        #expect(K.node(root, ["a"])?.scalar?.isPlain == false)
        #expect(K.node(root, ["b"])?.scalar?.isPlain == false)
        #expect(K.node(root, ["c"])?.scalar?.isPlain == true)
        #expect(K.node(root, ["d"])?.scalar?.isPlain == false)
    }

    @Test func emptyValuesArePlainEmptyScalars() throws {
        let root = try #require(K.yaml("a:\nb: ").root)
        #expect(K.shape(root) == "{a: , b: }")
        #expect(K.node(root, ["a"])?.isNull == true)
    }

    // MARK: - Diagnostic rendering

    @Test func descriptionHasHeadlineSourceLineCaretAndNotes() {
        let d = Diagnostic(.error, "duplicate key 'a'", at: K.at(2, 3, file: "f.yaml"),
                           notes: [.init("first defined here", at: K.at(1, 3, file: "f.yaml")), .init("a note without a place")],
                           sourceLine: "  a: 2")
        #expect(d.headline == "f.yaml:2:3: error: duplicate key 'a'")
        #expect(d.description == """
            f.yaml:2:3: error: duplicate key 'a'
              a: 2
              ^
            f.yaml:1:3: note: first defined here
            note: a note without a place
            """)
    }

    @Test func descriptionWithoutSourceLineOrLocation() {
        #expect(Diagnostic.error("bad", at: K.at(4, 2)).description == "t.yaml:4:2: error: bad")
        #expect(Diagnostic.error("no rules", at: nil).description == "error: no rules")
        #expect(Diagnostic.warning("meh", at: K.at(1, 1)).headline == "t.yaml:1:1: warning: meh")
        // A source line without a location draws no caret.
        #expect(Diagnostic(.error, "x", at: nil, sourceLine: "abc").description == "error: x")
    }

    @Test func caretKeepsTabsSoItLinesUp() {
        #expect(Diagnostic.caretLine(for: "\tab: x", column: 4) == "\t  ^")
        #expect(Diagnostic.caretLine(for: "a:\t\tb", column: 5) == "  \t\t^")
        let d = Diagnostic(.error, "m", at: K.at(1, 5), sourceLine: "\t- \tx")
        #expect(d.description == "t.yaml:1:5: error: m\n\t- \tx\n\t  \t^")
    }

    @Test func caretCountsUnicodeScalarsBeforeTheColumn() {
        // "café: [1" — the '[' is column 7, after five scalars of "café:" and a space.
        #expect(Diagnostic.caretLine(for: "café: [1", column: 7) == "      ^")
        #expect(Diagnostic.caretLine(for: "😀😀 x", column: 4) == "   ^")
        #expect(Diagnostic.caretLine(for: "abc", column: 1) == "^")
        // Past the end of the line (end-of-line marks): one space per scalar, then the caret.
        #expect(Diagnostic.caretLine(for: "ab", column: 3) == "  ^")
    }

    // MARK: - SourceText

    @Test(arguments: [
        ("a: [1, 2", 2, 1),             // no final newline: libyaml points one line past the end
        ("a: [1, 2\n", 2, 1),           // the empty "line" after the final newline
        ("a: [1, 2\n\n\n", 4, 1),       // trailing blank lines are skipped too
        ("a: [1, 2\n", 3, 1),
    ])
    func annotateMovesEndOfStreamMarksToTheEndOfTheLastLine(_ c: (text: String, line: Int, column: Int)) throws {
        var text = SourceText()
        text.add(file: "t.yaml", bytes: Array(c.text.utf8))
        let annotated = text.annotate([.error("did not find expected ',' or ']'", at: K.at(c.line, c.column))])
        let d = try #require(annotated.first)
        #expect(d.location == K.at(1, 9))
        #expect(d.sourceLine == "a: [1, 2")
        #expect(d.description == "t.yaml:1:9: error: did not find expected ',' or ']'\na: [1, 2\n        ^")
    }

    @Test func annotateCountsScalarsForTheEndOfTheLastLine() throws {
        var text = SourceText()
        text.add(file: "t.yaml", bytes: Array("k: \"é😀".utf8))
        let d = try #require(text.annotate([.error("found unexpected end of stream", at: K.at(2, 1))]).first)
        #expect(d.location == K.at(1, 7))
        #expect(d.description == "t.yaml:1:7: error: found unexpected end of stream\nk: \"é😀\n      ^")
    }

    @Test func annotateLeavesInRangeMarksAndQuotesTheirLine() throws {
        var text = SourceText()
        text.add(file: "t.yaml", bytes: Array("a: 1\r\nb: 2\r\nc: 3\n".utf8))
        let out = text.annotate([
            .error("x", at: K.at(2, 4)),
            .error("y", at: K.at(1, 1, file: "other.yaml")),
            .error("z", at: nil),
        ])
        #expect(out[0].location == K.at(2, 4))
        #expect(out[0].sourceLine == "b: 2")
        #expect(out[1].sourceLine == nil)
        #expect(out[1].location == K.at(1, 1, file: "other.yaml"))
        #expect(out[2].sourceLine == nil)
    }

    @Test func annotateOnAnEmptyFile() throws {
        var text = SourceText()
        text.add(file: "t.yaml", bytes: [])
        let d = try #require(text.annotate([.error("e", at: K.at(2, 1))]).first)
        #expect(d.location == K.at(1, 1))
        #expect(d.sourceLine == "")
    }

    /// The whole path a rule author sees: loader error, annotated, rendered.
    @Test func engineRendersSyntaxErrorsWithSourceLineAndCaret() {
        let flow = #expect(throws: DiagnosticsError.self) {
            try Engine.load([.text("ruleset: { name: n, version: \"1\" }\nconditions: [1, 2\n", name: "x.yaml")])
        }
        #expect(flow?.description == """
            x.yaml:2:18: error: did not find expected ',' or ']'
            conditions: [1, 2
                             ^
            x.yaml:2:13: note: while parsing a flow sequence
            """)
        let tab = #expect(throws: DiagnosticsError.self) {
            try Engine.load([.text("ruleset:\n\tname: n\n", name: "tab.yaml")])
        }
        #expect(tab?.description == """
            tab.yaml:2:1: error: found character that cannot start any token
            \tname: n
            ^
            tab.yaml:2:1: note: while scanning for the next token
            """)
    }

    @Test func engineReportsAnEmptyRuleFile() {
        #expect(LoaderRules.diagnostics(files: [("vocabulary.yaml", LoaderRules.vocabulary), ("empty.yaml", "# nothing yet\n")]).map(\.headline) == [
            "empty.yaml:1:1: error: the file holds no YAML document (it is empty or only comments)",
        ])
    }
}
