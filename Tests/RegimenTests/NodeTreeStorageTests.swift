import Testing
@testable import Regimen

/// A thread that reads several files builds each tree in the buffers of the one before
/// (`NodeTreeStorage`): the buffers come back emptied with their capacity only when nothing
/// else reads the old tree, and a tree built in them is the tree a fresh loader builds.
@Suite struct NodeTreeStorageTests {
    typealias K = LoaderKit

    static let first = """
        rules:
          - id: a.long.rule.id
            when: { all: [{ condition: x }, { crp: "> 10 mg/L" }, { not: { taking: y } }] }
            because: a reason long enough to need more than one small string
        """
    static let second = """
        conditions: { z: { name: Zed } }
        list: [1, two, "three"]
        """

    /// Every node's shape and position, depth first.
    static func layout(_ node: Node?) -> [String] {
        guard let node else { return ["nil"] }
        var out = ["\(K.shape(node)) @\(node.location.line):\(node.location.column)"]
        switch node.kind {
        case .scalar: break
        case .sequence(let items): for item in items { out += layout(item) }
        case .mapping(let entries): for entry in entries { out += layout(entry.key) + layout(entry.value) }
        }
        return out
    }

    @Test func aTreeNobodyReadsGivesBackItsBuffersEmptied() throws {
        var storage = NodeTreeStorage()
        var output = YAMLLoader().load(Array(Self.first.utf8), file: "a.yaml", storage: &storage)
        #expect(storage.capacity == (0, 0, 0), "the builder took the buffers")
        let tree = try #require(output.root?.tree)
        let built = (tree.records.count, tree.links.count, tree.text.count)
        output.root = nil
        storage = NodeTreeStorage(reclaiming: consume tree)
        #expect(storage.records.isEmpty && storage.links.isEmpty && storage.text.isEmpty)
        #expect(storage.capacity.records >= built.0 && storage.capacity.links >= built.1 && storage.capacity.text >= built.2)
        #expect(storage.capacity.records > 0)
    }

    @Test func aTreeStillReadIsLeftAlone() throws {
        let output = K.yaml(Self.first)
        let root = try #require(output.root)
        let before = Self.layout(root)
        let storage = NodeTreeStorage(reclaiming: root.tree)
        #expect(storage.capacity == (0, 0, 0))
        #expect(Self.layout(root) == before)
    }

    @Test func aTreeBuiltInReusedBuffersIsTheTreeAFreshLoaderBuilds() throws {
        var storage = NodeTreeStorage()
        for (text, file) in [(Self.first, "a.yaml"), (Self.second, "b.yaml"), (Self.first, "c.yaml")] {
            var output = YAMLLoader().load(Array(text.utf8), file: file, storage: &storage)
            let fresh = K.yaml(text, file: file)
            #expect(output.diagnostics.isEmpty)
            #expect(Self.layout(output.root) == Self.layout(fresh.root))
            #expect(output.root?.location.file == file)
            if let tree = output.root?.tree {
                output.root = nil
                storage = NodeTreeStorage(reclaiming: consume tree)
            }
            #expect(storage.capacity.records > 0, "reclaimed after \(file)")
        }
    }
}
