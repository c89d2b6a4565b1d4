#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file, pipe or standard input read in chunks through its POSIX descriptor, and what
/// `stat` says of a path. Foundation's `FileHandle` and `attributesOfItem` did this before:
/// the first lives in swift-corelibs-foundation (see `ConditionLock`), the second looked up
/// the owner's user and group names in /etc/passwd and /etc/group for every file read.
/// For `regimen`'s own use (`@_spi(CLI)`), not part of the embedding API.
@_spi(CLI) public final class FileInput {
    /// What `stat` says of a path.
    public struct Status: Sendable {
        public var isRegularFile: Bool
        public var isDirectory: Bool
        public var size: Int
    }

    /// nil when the path cannot be examined (it does not exist, or a directory on the way
    /// cannot be searched). A symbolic link is followed unless `followingLinks` is false;
    /// then it is neither a file nor a directory.
    public static func status(of path: String, followingLinks: Bool = true) -> Status? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return Status(isRegularFile: type == S_IFREG, isDirectory: type == S_IFDIR, size: Int(info.st_size))
    }

    private let descriptor: Int32
    private let owned: Bool

    /// Opens `path` for reading; nil when it cannot be opened.
    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        owned = true
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        owned = false
    }

    /// Standard input, left open when this is dropped.
    public static func standardInput() -> FileInput { FileInput(descriptor: STDIN_FILENO) }

    deinit { if owned { close(descriptor) } }

    /// Up to `count` bytes; empty at the end of the input. Throws the system's reason when a
    /// read fails (an interrupted read is retried).
    public func read(upTo count: Int) throws(ReadError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while true {
                #if canImport(Darwin)
                let n = Darwin.read(descriptor, buffer.baseAddress, count)
                #elseif canImport(Musl)
                let n = Musl.read(descriptor, buffer.baseAddress, count)
                #else
                let n = Glibc.read(descriptor, buffer.baseAddress, count)
                #endif
                if n >= 0 { initialized = n; return }
                if errno != EINTR { failure = errno; initialized = 0; return }
            }
        }
        if failure != 0 { throw ReadError(reason: String(cString: strerror(failure))) }
        return bytes
    }

    /// Everything up to the end, or up to just over `limit` bytes (the caller then knows the
    /// input is over its limit without reading the rest, which may never end: /dev/zero).
    public func readAll(stoppingAfter limit: Int) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count <= limit {
            let chunk = try read(upTo: 64 * 1024)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return bytes
    }

    public struct ReadError: Error, Sendable {
        /// `strerror`'s text, for example "Is a directory".
        public var reason: String
    }
}
