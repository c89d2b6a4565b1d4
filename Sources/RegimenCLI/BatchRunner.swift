import Foundation
import Regimen

/// `regimen evaluate --batch`: JSON lines in, JSON lines out, in input order, on every core.
/// Lines are read and evaluated a block at a time, so memory stays flat however long the
/// input is; each block is spread over the worker threads and written out in order.
struct BatchRunner {
    let engine: Engine
    let jobs: Int
    let asOf: String?
    let source: String
    let input: FileHandle
    /// Total bytes when the input is a regular file (for the progress bar), else nil.
    let totalBytes: Int?
    let showProgress: Bool

    struct Summary {
        var profiles = 0
        var recommendations = 0
        var errors = 0
        var seconds = 0.0
    }

    func run() -> Summary {
        var summary = Summary()
        let start = Date()
        let blockSize = 512 * max(1, jobs)
        var pending: [UInt8] = []
        var lineNumber = 0
        var bytesRead = 0
        var lastProgress = Date.distantPast
        var block: [(line: Int, bytes: [UInt8])] = []
        block.reserveCapacity(blockSize)
        let out = FileHandle.standardOutput

        func flush() {
            guard !block.isEmpty else { return }
            let results = evaluate(block)
            var text = ""
            text.reserveCapacity(results.reduce(0) { $0 + $1.json.utf8.count + 1 })
            for r in results {
                text += r.json
                text += "\n"
                summary.profiles += 1
                summary.recommendations += r.recommendations
                if !r.succeeded { summary.errors += 1 }
            }
            out.write(Data(text.utf8))
            block.removeAll(keepingCapacity: true)
            if showProgress, let totalBytes, totalBytes > 0, Date().timeIntervalSince(lastProgress) > 0.1 {
                lastProgress = Date()
                progress(Double(bytesRead) / Double(totalBytes), summary.profiles)
            }
        }

        while true {
            let chunk = input.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            bytesRead += chunk.count
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start, pending[end - 1] == 0x0D { end -= 1 }
                let line = Array(pending[start..<end])
                start = newline + 1
                // Blank lines separate nothing in JSON Lines: skipped, but still counted.
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                block.append((lineNumber, line))
                if block.count >= blockSize { flush() }
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty, !pending.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            lineNumber += 1
            var line = pending
            if line.last == 0x0D { line.removeLast() }
            block.append((lineNumber, line))
        }
        flush()
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Evaluates a block in parallel; results come back in the block's order.
    private func evaluate(_ block: [(line: Int, bytes: [UInt8])]) -> [BatchOutcome] {
        var results = [BatchOutcome](repeating: BatchOutcome(json: "", succeeded: false, recommendations: 0), count: block.count)
        let engine = self.engine, asOf = self.asOf, source = self.source
        if jobs <= 1 || block.count < 2 {
            for (i, item) in block.enumerated() {
                results[i] = engine.evaluateJSONLine(item.bytes, line: item.line, source: source, asOf: asOf)
            }
            return results
        }
        results.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedBuffer(buffer)
            let workers = min(jobs, block.count)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var i = worker
                while i < block.count {
                    // Each index is written by exactly one worker.
                    base.buffer[i] = engine.evaluateJSONLine(block[i].bytes, line: block[i].line, source: source, asOf: asOf)
                    i += workers
                }
            }
        }
        return results
    }

    private func progress(_ fraction: Double, _ profiles: Int) {
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: min(width, filled)) + String(repeating: "·", count: max(0, width - filled))
        FileHandle.standardError.write(Data("\r\(bar) \(Int(fraction * 100))%  \(profiles) profiles".utf8))
    }
}

/// Disjoint writes from worker threads into one buffer; safe because indices never overlap.
private struct UncheckedBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<BatchOutcome>
    init(_ buffer: UnsafeMutableBufferPointer<BatchOutcome>) { self.buffer = buffer }
}
