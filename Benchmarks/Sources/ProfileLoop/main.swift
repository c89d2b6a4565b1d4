// A plain loop over one operation, for profilers (`perf record -g`, valgrind) that want a
// process doing one thing for a while. Not a benchmark: the harness figures come from
// `swift package benchmark`. Examples:
//   swift build -c release --product profile-loop
//   perf record -g .build/release/profile-loop evaluate --rules 100 --iterations 200000
//   .build/release/profile-loop load --rules 10000 --iterations 5 [--warmup 1]
// Operations: load (Engine.load of the rule set), scan (the libyaml floor on the same files),
// evaluate (bind + evaluate one profile, recommendations read), decide (the same, nothing read), render (ReportRenderer.json), jsonline
// (Engine.evaluateJSONLine), profile (Engine.profile(from:format: .json): parse + bind). --rules N uses the generated set of N rules; 0 the shipped set.
import BenchSupport
import Foundation
import Regimen

let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let operation = arguments.first ?? "evaluate"
let rules = option("--rules", 100)
let iterations = option("--iterations", operation == "load" || operation == "scan" ? 5 : 100_000)
// Untimed runs of `load` or `scan` first, as the harness's one warm-up iteration: the first
// load of a process also pays for growing the heap and starting the threads.
let warmup = option("--warmup", 0)
let sources: [RuleSource] = rules == 0 ? [.embedded] : [.path(BenchInputs.ruleSet(rules))]

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let clock = ContinuousClock()
var check = 0
let elapsed: Duration
switch operation {
case "load":
    for _ in 0..<warmup {
        do { check &+= try Engine.load(sources).ruleSet.rules.count } catch { fail("\(error)") }
    }
    elapsed = clock.measure {
        for _ in 0..<iterations {
            do { check &+= try Engine.load(sources).ruleSet.rules.count } catch { fail("\(error)") }
        }
    }
case "scan":
    let files = BenchInputs.yamlFiles(under: BenchInputs.ruleSet(rules))
    for _ in 0..<warmup {
        for file in files { check &+= libyamlEventScan(BenchInputs.bytes(file)) }
    }
    elapsed = clock.measure {
        for _ in 0..<iterations {
            for file in files { check &+= libyamlEventScan(BenchInputs.bytes(file)) }
        }
    }
default:
    let engine: Engine
    let profile: Profile
    let evaluation: Evaluation
    let bytes = BenchInputs.bytes(BenchInputs.profilePath)
    let line = Array(bytes.prefix { $0 != 0x0A })
    do {
        engine = try Engine.load(sources)
        profile = try engine.profile(from: bytes, name: "bench-profile.json", format: .json)
        evaluation = try engine.evaluate(profile)
    } catch { fail("\(error)") }
    switch operation {
    case "evaluate":
        elapsed = clock.measure {
            for _ in 0..<iterations {
                do { check &+= try engine.evaluate(profile).recommendations.count } catch { fail("\(error)") }
            }
        }
    case "decide":
        // What the harness's "Evaluate (explained)" row times: bind + decide, nothing read.
        elapsed = clock.measure {
            for _ in 0..<iterations {
                do { let e = try engine.evaluate(profile); withExtendedLifetime(e) { check &+= 1 } } catch { fail("\(error)") }
            }
        }
    case "render":
        elapsed = clock.measure {
            for _ in 0..<iterations { check &+= ReportRenderer.json(evaluation, pretty: false).utf8.count }
        }
    case "profile":
        // Parse one JSON line into a Profile and check it against the vocabulary (bind), as
        // `Engine.profile(from:format: .json)` does; no evaluation.
        elapsed = clock.measure {
            for _ in 0..<iterations {
                do { check &+= try engine.profile(from: line, name: "bench", format: .json).conditions.count } catch { fail("\(error)") }
            }
        }
    case "jsonline":
        elapsed = clock.measure {
            for _ in 0..<iterations { check &+= engine.evaluateJSONLine(line, line: 1, source: "bench").recommendations }
        }
    default:
        fail("unknown operation '\(operation)': load, scan, evaluate, decide, render, profile or jsonline")
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "%@ x %d (%@): %.3f s, %.1f ns per operation [check %d]",
             operation, iterations, rules == 0 ? "shipped rules" : "\(rules) generated rules",
             seconds, seconds / Double(iterations) * 1e9, check))
