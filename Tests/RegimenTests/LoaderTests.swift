import Testing
import Foundation
@testable import Regimen

@Suite struct LoaderTests {
    @Test func explore() {
        for n in [10_000, 20_000, 40_000] {
            let text = "[" + Array(repeating: "0", count: n).joined(separator: ",") + "]"
            let t0 = Date()
            let out = LoaderKit.json(text)
            print("json n=\(n) bytes=\(text.utf8.count) \(Date().timeIntervalSince(t0))s \(out.diagnostics.count)")
            let t1 = Date()
            let out2 = LoaderKit.yaml(text)
            print("yaml n=\(n) \(Date().timeIntervalSince(t1))s \(out2.diagnostics.count)")
        }
    }
}
