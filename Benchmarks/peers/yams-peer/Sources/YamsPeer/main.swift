// Times Yams on the files of a rule-set directory (all .yaml files below it, in path order):
//   compose  - Yams.compose(yaml:): libyaml events into Yams' Node tree, every scalar resolved;
//   decode   - YAMLDecoder into Codable structs that mirror Regimen's rule language (sections,
//              vocabulary entries, rules with recursive all/any/not predicates), the nearest
//              Codable equivalent of Regimen's load (no unit conversion, checks or compile).
// Prints one `RESULT <name> <median ns> <runs>` line per measurement for compare.sh, and a
// human-readable summary. Medians of --runs runs after one warm-up run.
import Foundation
import Yams

struct Metadata: Decodable { var name: String; var version: String; var description: String?; var disclaimer: String? }
struct ConditionDef: Decodable { var name: String; var assume: String?; var icd10: String?; var icd11: String?; var description: String? }
struct MarkerDef: Decodable {
    var name: String; var unit: String; var units: [String: Double]?; var bands: [String: String]?
    var range: [Double]?; var loinc: String?; var valid_for: String?; var description: String?
}
struct ScaleDef: Decodable { var name: String; var range: [Double]; var integer: Bool?; var bands: [String: String]?; var description: String? }
struct DerivedDef: Decodable { var name: String; var formula: String; var range: [Double]?; var bands: [String: String]?; var unit: String? }
struct OptionDef: Decodable { var name: String; var kind: String; var contraindicated_if: Predicate?; var checks: [String]?; var allow: [String]? }
struct EvidenceDef: Decodable { var title: String; var source: String; var year: Int; var url: String? }
struct RuleDef: Decodable {
    var id: String; var title: String; var when: Predicate; var unless: [Predicate]?
    var recommend: String?; var avoid: String?; var strength: String; var priority: Int?
    var because: String; var evidence: [String]; var allow: [String]?
}
struct RuleFile: Decodable {
    var ruleset: Metadata?; var conditions: [String: ConditionDef]?; var markers: [String: MarkerDef]?
    var scales: [String: ScaleDef]?; var derived: [String: DerivedDef]?; var options: [String: OptionDef]?
    var evidence: [String: EvidenceDef]?; var rules: [RuleDef]?
}

/// A predicate: a mapping with one key (all, any, not, or a leaf such as `crp: "> 10"`).
indirect enum Predicate: Decodable {
    case all([Predicate]), any([Predicate]), not(Predicate), leaf(String, String)

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a predicate has exactly one key"))
        }
        switch key.stringValue {
        case "all": self = .all(try container.decode([Predicate].self, forKey: key))
        case "any": self = .any(try container.decode([Predicate].self, forKey: key))
        case "not": self = .not(try container.decode(Predicate.self, forKey: key))
        default: self = .leaf(key.stringValue, try container.decode(String.self, forKey: key))
        }
    }
}

func yamlFiles(under directory: String) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { fatalError("no such path: \(directory)") }
    if !isDirectory.boolValue { return [directory] }
    let enumerator = FileManager.default.enumerator(atPath: directory)!
    var found: [String] = []
    while let relative = enumerator.nextObject() as? String {
        if relative.hasSuffix(".yaml") { found.append(directory + "/" + relative) }
    }
    return found.sorted()
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func measure(_ name: String, runs: Int, bytes: Int, _ body: () throws -> Int) rethrows {
    let clock = ContinuousClock()
    _ = try body()  // warm-up
    var samples: [Double] = []
    var check = 0
    for _ in 0..<runs {
        let elapsed = try clock.measure { check &+= try body() }
        samples.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
    }
    let m = median(samples)
    print("RESULT \(name) \(Int(m)) \(runs)")
    print(String(format: "  %@: median %.1f ms (min %.1f, max %.1f) over %d runs, %.1f MB/s [check %d]",
                 name, m / 1e6, samples.min()! / 1e6, samples.max()! / 1e6, runs, Double(bytes) / (m / 1e9) / 1e6, check))
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 7
if let i = arguments.firstIndex(of: "--runs"), i + 1 < arguments.count {
    runs = Int(arguments[i + 1]) ?? runs
    arguments.removeSubrange(i...(i + 1))
}
guard let directory = arguments.first else {
    print("usage: yams-peer RULES_DIR_OR_FILE [--runs N]")
    exit(2)
}
let texts = yamlFiles(under: directory).map { try! String(contentsOfFile: $0, encoding: .utf8) }
let bytes = texts.reduce(0) { $0 + $1.utf8.count }
print("Yams on \(texts.count) files, \(bytes) bytes")

try measure("yams_compose", runs: runs, bytes: bytes) {
    var nodes = 0
    for text in texts {
        if let node = try Yams.compose(yaml: text), let mapping = node.mapping { nodes += mapping.count }
    }
    return nodes
}
try measure("yams_decode", runs: runs, bytes: bytes) {
    var rules = 0
    let decoder = YAMLDecoder()
    for text in texts { rules += try decoder.decode(RuleFile.self, from: text).rules?.count ?? 0 }
    return rules
}
