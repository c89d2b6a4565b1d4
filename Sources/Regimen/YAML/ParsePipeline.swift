import Foundation

/// Reads the files of a rule set on two threads, this one and one more: each takes the next
/// file nobody has taken, parses it and decodes it on its own (`RuleSetDecoder.add(file:)`),
/// and frees its tree there, where it was allocated. The results come back in file order for
/// `RuleSetDecoder.merge(_:)`, so ids, duplicate checks and diagnostics are exactly those of a
/// sequential load, whichever thread read which file.
enum ParsePipeline {
    /// One file after reading: its text as UTF-8 and either the encoding problem that stopped
    /// it or what the loader reported and the decoder made of it.
    struct Parsed: Sendable {
        var utf8: [UInt8]
        var refused: Diagnostic?
        var diagnostics: [Diagnostic] = []
        /// nil when the file had no document or the loader found errors.
        var decoded: RuleSetDecoder?
    }

    static func parse(_ file: SourceFile, limits: LoadLimits) -> Parsed {
        let (utf8, refused) = TextEncoding.utf8(file.bytes, file: file.displayName)
        if let refused { return Parsed(utf8: utf8, refused: refused) }
        let output = YAMLLoader(limits: limits).load(utf8, file: file.displayName)
        var parsed = Parsed(utf8: utf8, refused: nil, diagnostics: output.diagnostics)
        if let root = output.root {
            var decoder = RuleSetDecoder()
            decoder.limits = limits
            decoder.add(file: root)
            parsed.decoded = decoder
        }
        return parsed
    }

    /// Every file parsed and decoded, in file order.
    static func parseAll(_ files: [SourceFile], limits: LoadLimits) -> [Parsed] {
        if files.count < 2 { return files.map { parse($0, limits: limits) } }
        let shared = Shared(count: files.count)
        let helper = SecondThread.start { shared.work(files, limits: limits) }
        shared.work(files, limits: limits)
        helper()
        return shared.all
    }

    private final class Shared: @unchecked Sendable {
        private let condition = NSCondition()
        // Guarded by `condition`.
        private var next = 0
        private var results: [Parsed?]

        init(count: Int) {
            results = Array(repeating: nil, count: count)
        }

        func work(_ files: [SourceFile], limits: LoadLimits) {
            while true {
                condition.lock()
                let index = next
                next += 1
                condition.unlock()
                guard index < files.count else { return }
                let parsed = ParsePipeline.parse(files[index], limits: limits)
                condition.lock()
                results[index] = parsed
                condition.unlock()
            }
        }

        /// Every result, once both threads have finished their work.
        var all: [Parsed] {
            condition.lock()
            defer { condition.unlock() }
            return results.map { $0! }
        }
    }
}
