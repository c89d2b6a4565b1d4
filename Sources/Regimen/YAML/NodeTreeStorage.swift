/// The buffers of a file's `NodeTree`, emptied and handed to the next file's builder. A
/// thread that reads several files of a rule set then allocates its tree storage once, at the
/// size of its largest file, instead of growing it a doubling at a time for every file and
/// returning it to the allocator (and the kernel, which zero-fills it again) in between.
struct NodeTreeStorage {
    var records: [NodeTree.Record] = []
    var links: [Int32] = []
    var text: [UInt8] = []

    init() {}

    /// Takes back the buffers of `tree`, emptied with their capacity kept, when this is the
    /// last reference to it; otherwise the tree is still being read, and this is empty.
    init(reclaiming tree: consuming NodeTree) {
        guard isKnownUniquelyReferenced(&tree) else { return }
        records = tree.records
        links = tree.links
        text = tree.text
        // The tree is freed here, so the buffers are this storage's alone and emptying them
        // keeps their memory instead of allocating afresh.
        _ = consume tree
        records.removeAll(keepingCapacity: true)
        links.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
    }

    var capacity: (records: Int, links: Int, text: Int) { (records.capacity, links.capacity, text.capacity) }
}
