import ArgumentParser
import Foundation
import Regimen

/// Where rules come from, shared by every subcommand that evaluates.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A rule file or a directory of rule files; repeat to merge several. Default: the rule set embedded in this binary (a copy of Rules/).",
        valueName: "path"))
    var paths: [String] = []

    var sources: [RuleSource] { paths.isEmpty ? [.embedded] : paths.map(RuleSource.path) }
}

/// The input limits of the loader; the defaults refuse hostile input early.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Largest input file (and --batch line) in bytes; a larger one is refused from its size, unread.", valueName: "bytes"))
    var maxFileSize: Int = LoadLimits.default.maxFileBytes
    @Option(help: ArgumentHelp("Deepest nesting of lists and mappings, and of a derived fact's formula.", valueName: "levels"))
    var maxDepth: Int = LoadLimits.default.maxDepth
    @Option(help: ArgumentHelp("Longest single value in bytes.", valueName: "bytes"))
    var maxScalarLength: Int = LoadLimits.default.maxScalarBytes
    @Option(help: ArgumentHelp("Most YAML nodes in one file.", valueName: "count"))
    var maxNodes: Int = LoadLimits.default.maxNodes
    @Option(help: ArgumentHelp("Most nodes that aliases (*name) may copy in one file.", valueName: "count"))
    var maxAliasExpansion: Int = LoadLimits.default.maxAliasExpansion

    func validate() throws {
        for (name, value) in [("--max-file-size", maxFileSize), ("--max-depth", maxDepth), ("--max-scalar-length", maxScalarLength),
                              ("--max-nodes", maxNodes), ("--max-alias-expansion", maxAliasExpansion)] where value < 1 {
            throw ValidationError("\(name) must be at least 1, got \(value)")
        }
    }

    var limits: LoadLimits {
        var l = LoadLimits()
        l.maxFileBytes = maxFileSize
        l.maxDepth = maxDepth
        l.maxScalarBytes = maxScalarLength
        l.maxNodes = maxNodes
        l.maxAliasExpansion = maxAliasExpansion
        return l
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

enum Terminal {
    static func colorEnabled(_ choice: ColorChoice, fileDescriptor: Int32 = STDOUT_FILENO) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            return isatty(fileDescriptor) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        }
    }

    static func writeError(_ text: String) {
        writeRaw(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// `text` to standard error as it is.
    static func writeRaw(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    /// All of `bytes` to `descriptor` (a write to a pipe may take only part; an interrupted
    /// one is retried), stopping at an error. Through the descriptor: Foundation's
    /// `FileHandle` would link swift-corelibs-foundation (see Regimen's `ConditionLock`).
    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 { offset += n } else if n < 0, errno == EINTR { continue } else { return }
        }
    }

    static func report(_ error: DiagnosticsError) {
        writeError(error.diagnostics.map(\.description).joined(separator: "\n"))
        let count = error.diagnostics.filter { $0.severity == .error }.count
        if count > 1 { writeError("\(count) errors") }
    }
}

extension ReportRenderer.Format: ExpressibleByArgument {}
