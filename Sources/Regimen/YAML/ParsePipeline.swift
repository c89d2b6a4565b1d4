import Foundation

/// Parses the files of a rule set on a second thread, a few files ahead of the thread that
/// decodes them, so libyaml and tree building (the larger half of loading) overlap with
/// decoding on a multi-core machine.
///
/// Files are parsed and handed over strictly in order, so decoding, its duplicate checks and
/// its diagnostics are exactly those of a sequential load. At most `window` parsed trees wait
/// at a time, which bounds the memory the overlap costs.
///
/// Decoded trees come back (`giveBack`) to be freed on the parse thread. A tree's nodes were
/// allocated there; freed on the decoding thread, each `free` would take the lock of the parse
/// thread's malloc arena while that thread allocates from it, and the two threads spent a
/// tenth of the load waiting on each other.
final class ParsePipeline: @unchecked Sendable {
    /// One file after the parse stage: its text as UTF-8 and either the encoding problem that
    /// stopped it or the loader's output.
    struct Parsed: Sendable {
        var utf8: [UInt8]
        var refused: Diagnostic?
        var output: YAMLLoader.Output?
    }

    static func parse(_ file: SourceFile, limits: LoadLimits) -> Parsed {
        let (utf8, refused) = TextEncoding.utf8(file.bytes, file: file.displayName)
        if let refused { return Parsed(utf8: utf8, refused: refused, output: nil) }
        return Parsed(utf8: utf8, refused: nil, output: YAMLLoader(limits: limits).load(utf8, file: file.displayName))
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Int: Parsed] = [:]
    private var taken = 0
    private var spent: [Parsed] = []
    private var givenBack = 0
    private let window = 4

    /// Starts parsing `files` in the background.
    init(_ files: [SourceFile], limits: LoadLimits) {
        let count = files.count
        let thread = Thread { [self] in
            var index = 0
            condition.lock()
            while true {
                if !spent.isEmpty {
                    var garbage: [Parsed] = []
                    swap(&garbage, &spent)
                    condition.unlock()
                    garbage = []   // the frees happen here, outside the lock
                    condition.lock()
                    continue
                }
                if index < count, index - taken < window {
                    condition.unlock()
                    let parsed = ParsePipeline.parse(files[index], limits: limits)
                    condition.lock()
                    ready[index] = parsed
                    index += 1
                    condition.broadcast()
                    continue
                }
                if givenBack == count { break }
                condition.wait()
            }
            condition.unlock()
        }
        // As much stack as a main thread has, so the parse stage runs as it would there.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The parsed file at `index`, waiting for it if needed. Call with 0, 1, 2, ... in order,
    /// once for each file.
    func take(_ index: Int) -> Parsed {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let parsed = ready.removeValue(forKey: index) {
                taken = index + 1
                condition.broadcast()
                return parsed
            }
            condition.wait()
        }
    }

    /// Hands a file back once decoded, to be freed on the parse thread; every file taken must
    /// come back, or the parse thread waits for it forever.
    func giveBack(_ parsed: consuming Parsed) {
        condition.lock()
        spent.append(parsed)
        givenBack += 1
        condition.broadcast()
        condition.unlock()
    }
}
