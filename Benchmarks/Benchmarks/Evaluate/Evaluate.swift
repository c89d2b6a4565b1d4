// One profile against the shipped rule set and against 100 and 1,000 generated rules:
// ns per decision (bind + evaluate, with the explanation data every Evaluation carries; and
// the same with the recommendations and their reasons built as values), the
// cost of rendering that evaluation as the JSON contract, and one JSON line end to end
// (parse + check + evaluate + render, what `regimen evaluate --batch` does per profile).
// Results are scaled per operation (scalingFactor .kilo: 1,000 operations per sample).
import Benchmark
import BenchSupport
import Foundation
import Regimen

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    let profileBytes = BenchInputs.bytes(BenchInputs.profilePath)
    let line = Array(profileBytes.prefix { $0 != 0x0A })
    let ruleSets: [(String, [RuleSource])] = [
        ("shipped 85 rules", [.embedded]),
        ("generated 100 rules", [.path(BenchInputs.ruleSet(100))]),
        ("generated 1000 rules", [.path(BenchInputs.ruleSet(1_000))]),
    ]
    for (label, sources) in ruleSets {
        let engine: Engine
        let profile: Profile
        let evaluation: Evaluation
        do {
            engine = try Engine.load(sources)
            profile = try engine.profile(from: profileBytes, name: "bench-profile.json", format: .json)
            evaluation = try engine.evaluate(profile)
        } catch {
            fatalError("\(label): \(error)")
        }

        Benchmark("Evaluate (explained): \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try engine.evaluate(profile))
            }
        }

        // The same, then reading the recommendations: `Evaluation` records the decision and its
        // explanation as positions and builds the strings when read, so this is what a caller
        // that shows the reasons pays.
        Benchmark("Evaluate and read recommendations: \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try engine.evaluate(profile).recommendations)
            }
        }

        Benchmark("Render JSON: \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(ReportRenderer.json(evaluation, pretty: false))
            }
        }

        Benchmark("JSON line end to end: \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(engine.evaluateJSONLine(line, line: 1, source: "bench-profile.json"))
            }
        }
    }
}
