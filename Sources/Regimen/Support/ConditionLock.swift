#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable, on POSIX threads. Foundation's `NSLock` and
/// `NSCondition` live in swift-corelibs-foundation, and one use of them links CoreFoundation
/// and ICU into `regimen`: about 1,850 more protocol conformances for the runtime to scan at
/// each first dynamic cast, and a millisecond more before `main` (Benchmarks/README.md).
final class ConditionLock: @unchecked Sendable {
    // Allocated once and never moved: POSIX forbids copying a mutex or condition in use.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        // Default attributes cannot fail to initialise but for lack of memory, which Swift
        // treats as fatal anyway.
        precondition(pthread_mutex_init(mutex, nil) == 0 && pthread_cond_init(condition, nil) == 0,
                     "cannot initialise a mutex")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }

    func unlock() { pthread_mutex_unlock(mutex) }

    /// Releases the lock, waits for `broadcast`, and takes the lock again; callers wait in a
    /// loop on their own condition, as a wake-up may come without one.
    func wait() { pthread_cond_wait(condition, mutex) }

    func broadcast() { pthread_cond_broadcast(condition) }
}
