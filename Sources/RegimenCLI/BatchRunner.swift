import Foundation
@_spi(CLI) import Regimen

/// `regimen evaluate --batch`: JSON lines in, JSON lines out, in input order, on every core.
/// Lines are read and evaluated a block at a time, so memory stays flat however long the
/// input is; each block is spread over the worker threads and written out in order.
struct BatchRunner {
    let engine: Engine
    let jobs: Int
    let asOf: String?
    let source: String
    let input: FileInput
    /// Total bytes when the input is a regular file (for the progress bar), else nil.
    let totalBytes: Int?
    let showProgress: Bool

    struct Summary {
        var profiles = 0
        var recommendations = 0
        var errors = 0
        var seconds = 0.0
        /// Set when reading the input failed part way; the lines read before were evaluated.
        var inputFailed = false
    }

    func run() -> Summary {
        var summary = Summary()
        let start = Date()
        let blockSize = 512 * max(1, jobs)
        var pending: [UInt8] = []
        var lineNumber = 0
        var bytesRead = 0
        var lastProgress = Date.distantPast
        var block: [Item] = []
        block.reserveCapacity(blockSize)

        // One output buffer per worker, reused block after block.
        let workers = max(1, jobs)
        var buffers = [[UInt8]](repeating: [], count: workers)

        func flush() {
            guard !block.isEmpty else { return }
            let counts = evaluate(block, into: &buffers)
            for buffer in buffers where !buffer.isEmpty { write(buffer) }
            summary.profiles += block.count
            summary.recommendations += counts.recommendations
            summary.errors += counts.errors
            block.removeAll(keepingCapacity: true)
            if showProgress, let totalBytes, totalBytes > 0, Date().timeIntervalSince(lastProgress) > 0.1 {
                lastProgress = Date()
                progress(Double(bytesRead) / Double(totalBytes), summary.profiles)
            }
        }

        // A line longer than the file-size limit is not kept: the reader counts its bytes up to
        // its newline and reports its length, so one huge line costs neither memory nor time.
        let maxLine = engine.limits.maxFileBytes
        var scanned = 0         // bytes at the start of `pending` already searched for a newline
        var skipping: Int?      // length so far of an over-long line being read past
        func append(_ item: Item) {
            block.append(item)
            if block.count >= blockSize { flush() }
        }
        while true {
            let chunk: [UInt8]
            do { chunk = try input.read(upTo: 1 << 20) } catch {
                Terminal.writeError("error: cannot read \(source): \(error.reason)")
                summary.errors += 1
                summary.inputFailed = true
                break
            }
            if chunk.isEmpty { break }
            bytesRead += chunk.count
            var bytes = chunk[...]
            if let length = skipping {
                guard let newline = bytes.firstIndex(of: 0x0A) else {
                    skipping = length + bytes.count
                    continue
                }
                lineNumber += 1
                append(Item(line: lineNumber, bytes: [], oversize: length + newline - bytes.startIndex))
                skipping = nil
                bytes = bytes[(newline + 1)...]
            }
            pending.append(contentsOf: bytes)
            var start = 0
            while let newline = pending[max(start, scanned)...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start, pending[end - 1] == 0x0D { end -= 1 }
                let range = start..<end
                start = newline + 1
                if range.count > maxLine {
                    append(Item(line: lineNumber, bytes: [], oversize: range.count))
                    continue
                }
                // Blank lines separate nothing in JSON Lines: skipped, but still counted.
                if pending[range].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                append(Item(line: lineNumber, bytes: Array(pending[range])))
            }
            pending.removeFirst(start)
            scanned = pending.count
            if pending.count > maxLine {
                skipping = pending.count
                pending = []
                scanned = 0
            }
        }
        if let length = skipping {
            lineNumber += 1
            block.append(Item(line: lineNumber, bytes: [], oversize: length))
        } else if !pending.isEmpty, !pending.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            lineNumber += 1
            var line = pending
            if line.last == 0x0D { line.removeLast() }
            block.append(Item(line: lineNumber, bytes: line))
        }
        flush()
        if showProgress { Terminal.writeRaw("\r\u{1B}[K") }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Evaluates a block in parallel: worker k takes the k-th contiguous share of the block and
    /// appends its lines to `buffers[k]`, so writing the buffers in order keeps input order, and
    /// workers share nothing while they run.
    /// One input line: its bytes, or only its length when it is over the file-size limit.
    struct Item {
        var line: Int
        var bytes: [UInt8]
        var oversize: Int? = nil
    }

    private func evaluate(_ block: [Item], into buffers: inout [[UInt8]]) -> (recommendations: Int, errors: Int) {
        let engine = self.engine, asOf = self.asOf, source = self.source
        let workers = min(buffers.count, block.count)
        var counts = [(recommendations: Int, errors: Int)](repeating: (0, 0), count: buffers.count)
        @Sendable func run(_ worker: Int, _ buffer: inout [UInt8]) -> (recommendations: Int, errors: Int) {
            buffer.removeAll(keepingCapacity: true)
            var result = (recommendations: 0, errors: 0)
            let share = (block.count + workers - 1) / workers
            let range = min(block.count, worker * share)..<min(block.count, (worker + 1) * share)
            for i in range {
                if let length = block[i].oversize {
                    engine.appendOversizedJSONLine(length: length, line: block[i].line, to: &buffer)
                    buffer.append(0x0A)
                    result.errors += 1
                    continue
                }
                let outcome = engine.evaluateJSONLine(block[i].bytes, line: block[i].line, source: source, asOf: asOf, appendingTo: &buffer)
                buffer.append(0x0A)
                result.recommendations += outcome.recommendations
                if !outcome.succeeded { result.errors += 1 }
            }
            return result
        }
        for k in workers..<buffers.count { buffers[k].removeAll(keepingCapacity: true) }
        if workers <= 1 {
            counts[0] = run(0, &buffers[0])
        } else {
            buffers.withUnsafeMutableBufferPointer { buffers in
                counts.withUnsafeMutableBufferPointer { counts in
                    let shared = UncheckedShares(buffers: buffers, counts: counts)
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        // Each worker touches only its own buffer and count.
                        shared.counts[worker] = run(worker, &shared.buffers[worker])
                    }
                }
            }
        }
        return counts.reduce((0, 0)) { ($0.0 + $1.recommendations, $0.1 + $1.errors) }
    }

    /// Writes all of `bytes` to standard output, retrying short writes.
    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { Terminal.write($0, to: STDOUT_FILENO) }
    }

    private func progress(_ fraction: Double, _ profiles: Int) {
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: min(width, filled)) + String(repeating: "·", count: max(0, width - filled))
        Terminal.writeRaw("\r\(bar) \(Int(fraction * 100))%  \(profiles) profiles")
    }
}

/// Disjoint writes from worker threads into per-worker slots; safe because each worker uses
/// only its own index.
private struct UncheckedShares: @unchecked Sendable {
    let buffers: UnsafeMutableBufferPointer<[UInt8]>
    let counts: UnsafeMutableBufferPointer<(recommendations: Int, errors: Int)>
}
