import Foundation
import Testing
@testable import Regimen

@Suite("SecondThread")
struct SecondThreadTests {
    private final class Tracked: Sendable {}

    /// When the wait returns, what the body captured and what it returned are the caller's
    /// alone: dropping them frees them at once, on the caller's thread. Before, the thread's
    /// closure held the body's captures (and its own copy of the result) until the thread
    /// exited, so they outlived a load that had already returned.
    @Test func theThreadHoldsNothingOfTheCallersOnceTheWaitReturns() {
        var outlived = 0
        for _ in 0..<300 {
            weak var weakCaptured: Tracked?
            weak var weakResult: Tracked?
            do {
                let captured = Tracked()
                weakCaptured = captured
                let wait = SecondThread.start { [captured] in
                    withExtendedLifetime(captured) {}
                    return Tracked()
                }
                let result = wait()
                weakResult = result
            }
            if weakCaptured != nil || weakResult != nil { outlived += 1 }
        }
        #expect(outlived == 0)
    }

    @Test func theResultIsTheBodysOwn() {
        let wait = SecondThread.start { (1...100).reduce(0, +) }
        #expect(wait() == 5050)
        let optional = SecondThread.start { () -> Int? in nil }
        #expect(optional() == nil)
    }
}
