/// The three path operations loading and fixture runs need, as `NSString` does them on the
/// paths they see (tests in PathTextTests). `NSString` lives in swift-corelibs-foundation;
/// see `ConditionLock` for what linking it costs `regimen`.
enum PathText {
    /// The part after the last `/`, trailing slashes ignored: `a/b.yaml` -> `b.yaml`,
    /// `dir/` -> `dir`, `/` -> `/` (and, as `NSString` has it, `//` -> nothing).
    static func lastComponent(_ path: String) -> String {
        if path.utf8.count > 1, path.utf8.allSatisfy({ $0 == UInt8(ascii: "/") }) { return "" }
        var bytes = path.utf8[...]
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes = bytes.dropLast() }
        if bytes.count == 1, bytes.first == UInt8(ascii: "/") { return "/" }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) { bytes = bytes[bytes.index(after: slash)...] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The last component's extension, without its dot: empty for none, for a name that
    /// starts with its only dot (`.hidden`) and for one ending in a dot.
    static func fileExtension(_ path: String) -> String {
        let name = lastComponent(path).utf8
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(decoding: name[name.index(after: dot)...], as: UTF8.self)
    }

    /// `component` below `directory`, with one `/` between them unless `directory` is empty
    /// or already ends in one.
    static func appending(_ component: String, to directory: String) -> String {
        if directory.isEmpty { return component }
        return directory.hasSuffix("/") ? directory + component : directory + "/" + component
    }
}
