// Load + compile of the generated 10,000-rule set (about 5 MB of YAML in several files),
// beside the floor: Debian's libyaml scanning the same bytes into events, in the same run.
// MB/s = bytes / median wall time; compare.sh prints it with the ratio to the floor.
import Benchmark
import BenchSupport
import Foundation
import Regimen

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 1,
        maxDuration: .seconds(15),
        maxIterations: 25
    )

    for rules in [10_000, 1_000] {
        let directory = BenchInputs.ruleSet(rules)
        let files = BenchInputs.yamlFiles(under: directory)
        let bytes = files.reduce(0) { $0 + BenchInputs.bytes($1).count }
        let megabytes = String(format: "%.2f", Double(bytes) / 1_000_000)

        // The real API on the real files: read, parse (libyaml), build nodes, decode, compile.
        Benchmark("Load+compile \(rules) rules (\(megabytes) MB, \(files.count) files)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Engine.load([.path(directory)]))
            }
        }

        // The floor: the same files read and scanned by libyaml, every event freed at once.
        Benchmark("Floor: libyaml event scan \(rules) rules (\(megabytes) MB)") { benchmark in
            for _ in benchmark.scaledIterations {
                var events = 0
                for file in files { events += libyamlEventScan(BenchInputs.bytes(file)) }
                blackHole(events)
            }
        }
    }

    // What every `regimen evaluate` pays before its first profile (see the cold-start figure).
    Benchmark("Load+compile embedded rule set (shipped, 85 rules)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Engine.load([.embedded]))
        }
    }
}
