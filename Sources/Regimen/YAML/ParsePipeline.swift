import Foundation

/// Reads the files of a rule set on two threads, this one and one more: each takes the next
/// file nobody has taken, parses it and decodes it on its own (`RuleSetDecoder.add(file:)`),
/// and frees its tree there, where it was allocated. The results are handed on in file order
/// for `RuleSetDecoder.merge(_:)`, so ids, duplicate checks and diagnostics are exactly those
/// of a sequential load, whichever thread read which file.
enum ParsePipeline {
    /// One file after reading: its text as UTF-8 and either the encoding problem that stopped
    /// it or what the loader reported and the decoder made of it.
    struct Parsed: Sendable {
        var utf8: [UInt8]
        var refused: Diagnostic?
        var diagnostics: [Diagnostic] = []
        /// nil when the file had no document or the loader found errors.
        var decoded: RuleSetDecoder?
        /// Which thread parsed and decoded it, and so allocated what it decoded: 0 the
        /// calling thread, 1 the other (see `ProgramTeardown`).
        var thread = 0
    }

    /// Parses and decodes one file, building its tree in `storage`, and leaves the tree's
    /// buffers there again for the calling thread's next file.
    static func parse(_ file: SourceFile, limits: LoadLimits, storage: inout NodeTreeStorage) -> Parsed {
        let (utf8, refused) = TextEncoding.utf8(file.bytes, file: file.displayName)
        if let refused { return Parsed(utf8: utf8, refused: refused) }
        var output = YAMLLoader(limits: limits).load(utf8, file: file.displayName, storage: &storage)
        var parsed = Parsed(utf8: utf8, refused: nil, diagnostics: output.diagnostics)
        if let root = output.root {
            var decoder = RuleSetDecoder()
            decoder.limits = limits
            decoder.add(file: root)
            parsed.decoded = decoder
        }
        // The decoder keeps no node, so this is the tree's last reference.
        if let tree = output.root?.tree {
            output.root = nil
            storage = NodeTreeStorage(reclaiming: consume tree)
        }
        return parsed
    }

    /// Every file parsed and decoded, in file order.
    static func parseAll(_ files: [SourceFile], limits: LoadLimits) -> [Parsed] {
        let collected = Collected()
        parseAll(files, limits: limits) { parsed, _ in collected.all.append(parsed) }
        return collected.all
    }

    /// Parses and decodes every file on two threads and hands each result to `consume` in file
    /// order, one at a time: whichever thread finds the next result in order ready takes it,
    /// so merging the early files overlaps parsing the late ones instead of waiting for all of
    /// them. `consume` may run on either thread but never on both at once, and every call
    /// happens before this function returns.
    static func parseAll(_ files: [SourceFile], limits: LoadLimits, inOrder consume: @escaping @Sendable (Parsed, Int) -> Void) {
        if files.count < 2 {
            var storage = NodeTreeStorage()
            for (index, file) in files.enumerated() { consume(parse(file, limits: limits, storage: &storage), index) }
            return
        }
        let shared = Shared(count: files.count, consume: consume)
        let helper = SecondThread.start { shared.work(files, limits: limits, thread: 1) }
        shared.work(files, limits: limits, thread: 0)
        helper()
        shared.drain()
    }

    private final class Collected: @unchecked Sendable {
        // Written only by `consume`, which never runs on two threads at once.
        var all: [Parsed] = []
    }

    private final class Shared: @unchecked Sendable {
        private let condition = ConditionLock()
        private let consume: @Sendable (Parsed, Int) -> Void
        // Guarded by `condition`.
        private var next = 0
        private var results: [Parsed?]
        private var consumed = 0
        private var consuming = false

        init(count: Int, consume: @escaping @Sendable (Parsed, Int) -> Void) {
            results = Array(repeating: nil, count: count)
            self.consume = consume
        }

        func work(_ files: [SourceFile], limits: LoadLimits, thread: Int) {
            // This thread's tree buffers, reused from file to file.
            var storage = NodeTreeStorage()
            while true {
                condition.lock()
                let index = next
                next += 1
                condition.unlock()
                guard index < files.count else { return }
                var parsed = ParsePipeline.parse(files[index], limits: limits, storage: &storage)
                parsed.thread = thread
                condition.lock()
                results[index] = parsed
                condition.unlock()
                drain()
            }
        }

        /// Hands on the results that are next in file order, unless the other thread is
        /// already doing so (it will take any that arrive while it does).
        func drain() {
            condition.lock()
            guard !consuming else { condition.unlock(); return }
            consuming = true
            while consumed < results.count, let parsed = results[consumed] {
                results[consumed] = nil
                let index = consumed
                condition.unlock()
                consume(parsed, index)
                condition.lock()
                consumed += 1
            }
            consuming = false
            condition.unlock()
        }
    }
}
