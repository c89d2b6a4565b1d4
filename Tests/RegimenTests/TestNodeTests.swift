import Foundation
import Testing
@testable import Regimen

/// Deciding fills nodes from `TestNode`s, whose numeric tests are two bounds instead of an
/// `Interval`; these check that every test gives the truth `Program.Op` defines.
@Suite struct TestNodeTests {
    static let specials: [Double] = [0, -0.0, 1, -1, 2.6, 3.2, 10, 10.000000000000002, 9.999999999999998, 1e-300,
                                     -1e-300, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                     -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 5e-324, 1e308]

    /// The truth `Op` gives a numeric test of `v`.
    static func reference(_ interval: Interval, _ v: Double) -> Truth {
        v.isNaN ? .unknown : Truth(interval.contains(v))
    }

    static func folded(_ interval: Interval, _ v: Double) -> Truth {
        if let x = interval.excluded { return TestNode.truth(v, notEqual: x) }
        let (lower, upper) = TestNode.bounds(interval)
        return TestNode.truth(v, lower: lower, upper: upper)
    }

    /// Every bound and value among the awkward doubles (zeros, subnormals, infinities, NaN,
    /// the neighbours of a bound), each bound strict and not.
    @Test func boundsAgreeWithTheIntervalOnSpecialValues() {
        let bounds: [Double?] = [nil] + Self.specials.map { $0 }
        for lower in bounds {
            for upper in bounds {
                for (li, ui) in [(true, true), (true, false), (false, true), (false, false)] {
                    let interval = Interval(lower: lower, lowerInclusive: li, upper: upper, upperInclusive: ui)
                    for v in Self.specials + Self.specials.map(\.nextUp) + Self.specials.map(\.nextDown) {
                        #expect(Self.folded(interval, v) == Self.reference(interval, v), "\(interval) at \(v)")
                    }
                }
            }
        }
        for excluded in Self.specials {
            let interval = Interval(excluded: excluded)
            for v in Self.specials { #expect(Self.folded(interval, v) == Self.reference(interval, v), "\(interval) at \(v)") }
        }
    }

    @Test func boundsAgreeWithTheIntervalOnRandomValues() {
        var generator = SystemRandomNumberGenerator()
        func near(_ x: Double) -> Double {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return x
            case 1: return x.nextUp
            case 2: return x.nextDown
            default: return Double.random(in: -100...100, using: &generator)
            }
        }
        for _ in 0..<20_000 {
            let a = (Double.random(in: -100...100, using: &generator) * 8).rounded() / 8
            let b = a + Double(Int.random(in: 0...3, using: &generator))
            let interval = Interval(lower: Bool.random() ? a : nil, lowerInclusive: Bool.random(),
                                    upper: Bool.random() ? b : nil, upperInclusive: Bool.random(),
                                    excluded: Int.random(in: 0..<8) == 0 ? a : nil)
            let v = near(Bool.random() ? a : b)
            #expect(Self.folded(interval, v) == Self.reference(interval, v), "\(interval) at \(v)")
        }
    }

    /// Every node of the shipped and a generated rule set, for random profiles whose values
    /// sit on, beside and between the bounds the rules test: `fill` through the nodes gives
    /// what each node's `Op` gives.
    @Test func everyNodeOfRealRuleSetsFillsAsItsOp() throws {
        var engines = [Package.shippedEngine]
        let generated = Package.path("Benchmarks/.generated/rules-100")
        if FileManager.default.fileExists(atPath: generated) { engines.append(try Engine.load([.path(generated)])) }
        var generator = SystemRandomNumberGenerator()
        for engine in engines {
            let program = engine.program
            let sets = program.ruleSet
            var edges: [Double] = [.nan, 0]
            for op in program.ops {
                switch op {
                case .marker(_, let i), .scale(_, let i), .derived(_, let i), .age(let i):
                    for x in [i.lower, i.upper, i.excluded].compactMap({ $0 }) { edges += [x, x.nextUp, x.nextDown, x + 0.5] }
                default: break
                }
            }
            for _ in 0..<300 {
                var p = program.unboundProfile
                func value() -> Double { edges.randomElement(using: &generator)! }
                p.age = value()
                p.sex = [nil, .female, .male].randomElement(using: &generator)!
                p.write { w in
                    for c in sets.conditions.indices {
                        w.setCondition(c, [.false, .unknown, .true].randomElement(using: &generator)!, .listed)
                    }
                    for m in sets.markers.indices { w.setMarker(m, value()) }
                    for s in sets.scales.indices { w.setScale(s, value()) }
                    for d in sets.derived.indices { w.setDerived(d, value()) }
                    for o in sets.options.indices { w.addTreatment(o, UInt8.random(in: 0...7, using: &generator)) }
                }
                let filled = program.truths(for: p)
                var expected = [Truth](repeating: .false, count: program.ops.count)
                expected.withUnsafeMutableBufferPointer { t in
                    p.withSlots { slots in
                        for i in program.ops.indices { t[i] = program.truth(of: program.ops[i], t, slots) }
                    }
                }
                #expect(filled == expected)
            }
        }
    }
}
