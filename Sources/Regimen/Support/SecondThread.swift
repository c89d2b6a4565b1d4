import Foundation

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
        let thread = Thread { slot.run() }
        thread.stackSize = 8 << 20
        thread.start()
        return { slot.wait() }
    }

    private final class ResultSlot<T>: @unchecked Sendable {
        // Guarded by `condition`, except `body`, which only the thread reads, once.
        private let condition = NSCondition()
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
