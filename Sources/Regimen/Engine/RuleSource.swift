import Foundation

/// Where rules come from: a file or directory on disk, YAML text held in memory, or the rule
/// set compiled into the binary from the package's Rules/ folder.
public enum RuleSource: Sendable, Hashable {
    /// A YAML file, or a directory whose `.yaml`/`.yml` files (recursively, in path order) merge.
    case path(String)
    /// YAML text; `name` is the file name shown in diagnostics.
    case text(String, name: String)
    /// The rule set shipped in Rules/ and embedded at build time.
    case embedded
}

/// One rule file's bytes with the two names it goes by: the one diagnostics show, and the
/// one the content hash uses (relative to its root, so a copy of Rules/ hashes the same as
/// the embedded set).
struct SourceFile: Sendable {
    var displayName: String
    var hashName: String
    var bytes: [UInt8]
    /// The file's size when it is over the file-size limit; `bytes` then holds only its start,
    /// for quoting the first line.
    var oversize: Int? = nil
}

enum SourceReader {
    static func files(for source: RuleSource, limits: LoadLimits) -> Result<[SourceFile], DiagnosticsError> {
        switch source {
        case .text(let text, let name):
            return .success([SourceFile(displayName: name, hashName: name, bytes: Array(text.utf8))])
        case .embedded:
            var files: [SourceFile] = []
            for (path, base64) in EmbeddedRuleFiles.files {
                guard let data = Data(base64Encoded: base64) else { continue }
                let relative = path.hasPrefix("Rules/") ? String(path.dropFirst("Rules/".count)) : path
                files.append(SourceFile(displayName: "<embedded>/" + path, hashName: relative, bytes: [UInt8](data)))
            }
            if files.isEmpty {
                return .failure(DiagnosticsError([.error("this build of regimen has no embedded rule set (Rules/ was empty when it was built); pass --rules PATH", at: nil)]))
            }
            return .success(files)
        case .path(let path):
            guard let status = FileInput.status(of: path) else {
                return .failure(DiagnosticsError([.error("no such file or directory: \(path)", at: nil)]))
            }
            if !status.isDirectory {
                return read(path, limits: limits).map { [SourceFile(displayName: path, hashName: PathText.lastComponent(path), bytes: $0.bytes, oversize: $0.oversize)] }
            }
            let paths = yamlFiles(under: path)
            if paths.isEmpty {
                return .failure(DiagnosticsError([.error("no .yaml or .yml files in directory \(path)", at: nil)]))
            }
            var files: [SourceFile] = []
            var problems: [Diagnostic] = []
            let prefix = path.hasSuffix("/") ? path : path + "/"
            for (file, result) in zip(paths, readAll(paths, limits: limits)) {
                switch result {
                case .success(let read):
                    let relative = file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
                    files.append(SourceFile(displayName: file, hashName: relative, bytes: read.bytes, oversize: read.oversize))
                case .failure(let error): problems += error.diagnostics
                }
            }
            return problems.isEmpty ? .success(files) : .failure(DiagnosticsError(problems))
        }
    }

    /// The bytes of a file; for a file over `limits.maxFileBytes` only its first 4 KiB (to quote
    /// its first line) and its size. The size is checked before reading: reading 100 MB to say no
    /// would cost the memory and time the limit is there to protect.
    static func read(_ path: String, limits: LoadLimits) -> Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError> {
        let status = FileInput.status(of: path)
        if let status, !status.isRegularFile, !status.isDirectory {
            return readStream(path, limits: limits)
        }
        let size = status?.size
        if let size, size > limits.maxFileBytes, let input = FileInput(path: path) {
            return .success(((try? input.read(upTo: 4096)) ?? [], size))
        }
        // A size of 0 is read as a stream, up to the limit: an empty file then gives no bytes
        // without Foundation (whose whole-file read leaks a buffer for it), and a file that
        // says 0 but has text (/proc/self/status, sysfs) gives its text, not "empty".
        if size == 0 {
            return readStream(path, limits: limits)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(DiagnosticsError([.error("cannot read \(path)", at: nil)]))
        }
        return .success(([UInt8](data), nil))
    }

    /// `read` of each path, on two threads, each taking the next path not yet taken; the
    /// results in path order, so what is found and reported is that of reading one by one.
    /// Reading a 10,000-rule set's files was 2.6 ms of a load on one thread while the other
    /// waited for the first file to parse.
    static func readAll(_ paths: [String], limits: LoadLimits) -> [Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError>] {
        guard paths.count >= 2 else { return paths.map { read($0, limits: limits) } }
        let queue = ReadQueue(count: paths.count)
        let work: @Sendable () -> Void = {
            while let index = queue.take() { queue.store(read(paths[index], limits: limits), at: index) }
        }
        let helper = SecondThread.start(work)
        work()
        helper()
        return queue.finished()
    }

    private final class ReadQueue: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = ConditionLock()
        private var next = 0
        private var results: [Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ result: Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError>, at index: Int) {
            lock.lock()
            results[index] = result
            lock.unlock()
        }

        /// Every result, once both threads are done.
        func finished() -> [Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError>] {
            lock.lock()
            defer { lock.unlock() }
            return results.map { $0! }
        }
    }

    /// A pipe, FIFO or device (`/dev/stdin`, `<(...)`): it has no size to check first, so it is
    /// read up to the limit and no further (a device such as `/dev/zero` never ends); its size
    /// is then `LoadLimits.unknownSize`. `Foundation`'s whole-file read fails on these.
    private static func readStream(_ path: String, limits: LoadLimits) -> Result<(bytes: [UInt8], oversize: Int?), DiagnosticsError> {
        guard let input = FileInput(path: path) else {
            return .failure(DiagnosticsError([.error("cannot read \(path)", at: nil)]))
        }
        do {
            let bytes = try input.readAll(stoppingAfter: limits.maxFileBytes)
            if bytes.count > limits.maxFileBytes { return .success((Array(bytes.prefix(4096)), LoadLimits.unknownSize)) }
            return .success((bytes, nil))
        } catch {
            return .failure(DiagnosticsError([.error("cannot read \(path): \(error.reason)", at: nil)]))
        }
    }

    /// `.yaml`/`.yml` files below `directory`, skipping hidden entries, sorted by path.
    static func yamlFiles(under directory: String) -> [String] {
        DirectoryWalk.files(under: directory, extensions: ["yaml", "yml"])
    }
}
