/// A set of ids found by their bytes (`ByteKeyTable`): the compiler checks every evidence id
/// each rule cites, and `Set<String>` cost about 480 instructions a lookup, about 107 here.
struct IDSet: Sendable {
    private let table: ByteKeyTable

    init(_ ids: some Sequence<String>) {
        table = ByteKeyTable(Array(Set(ids)))
    }

    func contains(_ id: String) -> Bool { table.index(of: id) != nil }
}
