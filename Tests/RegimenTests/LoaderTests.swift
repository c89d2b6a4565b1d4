import Testing
@testable import Regimen

@Suite struct LoaderTests {
    @Test func explore() {
        let cases: [String] = [
            "a: [1, 2",
            "a: b: c",
            "a:\n  b: 1\n c: 2",
            "a: \"abc",
            "a: 'abc",
            "a:\n\tb: 1",
            "a: 1\nb:\n  - x\n\t- y",
            "a: \u{01}",
            "a: \"x\u{07}y\"",
            "a: 1\na: 2",
            "x:\n  b: 1\n  c: 2\n  b: 3",
            "a: !!python/object/apply:os.system [ls]",
            "a: !custom x",
            "a: !!str 10",
            "<<: {a: 1}",
            "a: &x {b: 1}\nc: *x",
            "a: *nope",
            "---\na: 1\n---\nb: 2",
            "",
            "# only\n# comments\n",
            "a: \"x\\0y\"",
            "a: yes\nb: no\nc: on\nd: off",
            "{a: 1, b: [x, {c: d}]}",
            "\"café\": 1\nk: {\"café\": 😀, z: 2}",
            "a: [1, 2]]",
            "? [a]\n: 1",
            "[a]: 1",
            "{a: 1",
            "- a\nb: 1",
            "a: |\n  x\n y",
            "a: 'it''s",
            "a: \"\\q\"",
            "%YAML 1.2\n%YAML 1.2\n---\na",
            "a: *",
            "&a a: 1",
            "a: @b",
            "a: `b",
            "a: 1\n  b: 2",
            "key: value\n- item",
        ]
        for c in cases {
            let out = LoaderKit.yaml(c)
            print("=== \(c.debugDescription)\n\(LoaderKit.shape(out.root))\n\(LoaderKit.dump(out.diagnostics))")
        }
        for bytes: [UInt8] in [[0x61, 0x3A, 0x20, 0xFF], [0x61, 0x3A, 0x20, 0xC3, 0x28], [0x61, 0x0A, 0x62, 0x3A, 0x20, 0xE2, 0x82], [0x61, 0x3A, 0x20, 0xC0, 0xAF], [0x63, 0xC3, 0xA9, 0x3A, 0x20, 0xFF]] {
            let out = LoaderKit.yaml(bytes: bytes)
            print("=== \(bytes)\n\(LoaderKit.shape(out.root))\n\(LoaderKit.dump(out.diagnostics))")
        }
    }
}
