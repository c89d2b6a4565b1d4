#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Work started on one more thread while the caller does its own share: loading parses files,
/// and compiling emits rules, on two threads. The thread gets a main thread's stack, as the
/// parser and the compiler recurse as deep as the input nests and must behave as they would
/// on the main thread.
enum SecondThread {
    /// Starts `body`; the function returned waits for it to finish and gives its result.
    ///
    /// When the wait returns, the thread holds nothing of the caller's: it released `body`
    /// (and everything `body` captured) and handed its result over before signalling, so what
    /// the caller drops is freed then, on the caller's thread, not later by a thread still
    /// winding down. Before, the thread's closure kept `body`'s captures until the thread
    /// exited, so a load could return while the other thread still held the rule set under
    /// construction; the fuzz smoke's leak check once caught such a moment.
    static func start<T>(_ body: @escaping @Sendable () -> T) -> () -> T {
        let slot = ResultSlot<T>(body)
        let status = spawn { slot.run() }
        guard status == 0 else { fatalError("cannot start a thread: \(String(cString: strerror(status)))") }
        return { slot.wait() }
    }

    /// `start`, or nil when no thread can be made: for work the caller can as well do itself.
    static func startIfPossible<T>(_ body: @escaping @Sendable () -> T) -> (() -> T)? {
        let slot = ResultSlot<T>(body)
        guard spawn({ slot.run() }) == 0 else { return nil }
        return { slot.wait() }
    }

    /// Runs `entry` on a new detached POSIX thread with an 8 MiB stack (Foundation's `Thread`
    /// would link swift-corelibs-foundation, see `ConditionLock`); returns `pthread_create`'s
    /// status, 0 when the thread runs. A thread that cannot be made leaves the process unable
    /// to load anything, so `start` stops with the reason.
    private static func spawn(_ entry: @escaping @Sendable () -> Void) -> Int32 {
        final class Entry { let run: @Sendable () -> Void; init(_ run: @escaping @Sendable () -> Void) { self.run = run } }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 8 << 20)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Entry(entry)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { context in
            #if canImport(Darwin)
            let context: UnsafeMutableRawPointer? = context
            #endif
            Unmanaged<Entry>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        if status != 0 { Unmanaged<Entry>.fromOpaque(context).release() }
        return status
    }

    private final class ResultSlot<T>: @unchecked Sendable {
        // Guarded by `condition`, except `body`, which only the thread reads, once.
        private let condition = ConditionLock()
        private var body: (@Sendable () -> T)?
        private var result: T?
        private var finished = false

        init(_ body: @escaping @Sendable () -> T) { self.body = body }

        /// On the thread: runs `body`, drops it, then hands the result over.
        func run() {
            var work = body.take()
            let value = work!()
            work = nil
            condition.lock()
            result = consume value
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// On the caller: waits for `run`, then takes the result; the caller gets the only
        /// reference to what the thread made.
        func wait() -> T {
            condition.lock()
            defer { condition.unlock() }
            while !finished { condition.wait() }
            return result.take()!
        }
    }
}
