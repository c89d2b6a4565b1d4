import Foundation

/// Work started on one more thread while the caller does its own share: loading parses files,
/// and compiling emits rules, on two threads. The thread gets a main thread's stack, as the
/// parser and the compiler recurse as deep as the input nests and must behave as they would
/// on the main thread.
enum SecondThread {
    /// Starts `body`; the function returned waits for it to finish and gives its result.
    static func start<T>(_ body: @escaping @Sendable () -> T) -> () -> T {
        let slot = ResultSlot<T>()
        let thread = Thread {
            let result = body()
            slot.condition.lock()
            slot.result = result
            slot.condition.broadcast()
            slot.condition.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return {
            slot.condition.lock()
            defer { slot.condition.unlock() }
            while slot.result == nil { slot.condition.wait() }
            // Taken, not copied: the caller gets the only reference to what the thread made.
            return slot.result.take()!
        }
    }

    private final class ResultSlot<T>: @unchecked Sendable {
        // Guarded by `condition`.
        let condition = NSCondition()
        var result: T?
    }
}
