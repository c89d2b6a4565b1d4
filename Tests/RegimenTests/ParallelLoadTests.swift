import Foundation
import Testing
@testable import Regimen

/// Loading spreads over two threads: files are parsed and decoded on whichever thread takes
/// them and merged in file order, and a large rule set's rules are emitted in two halves. Both
/// must give exactly what one thread doing everything in order gives.
@Suite struct ParallelLoadTests {
    /// Rule files of `count` rules each over one small vocabulary; every `broken`-th rule names
    /// an unknown condition, option and evidence id, so both halves of the rules report.
    static func files(_ count: Int, broken: Int) -> [SourceFile] {
        let vocabulary = """
            ruleset: { name: split, version: "1" }
            conditions:
              fibromyalgia: { name: Fibromyalgia }
              latent_tb: { name: Latent TB, assume: unknown }
            markers:
              crp: { name: CRP, unit: mg/L, units: { mg/dL: 10 }, bands: { high: "> 10" } }
            options:
              exercise: { name: Exercise, kind: holistic }
              tnf: { name: TNF, kind: immunomodulatory, contraindicated_if: { condition: latent_tb } }
            evidence:
              ev-1: { title: T, source: S, year: 2017 }

            """
        var sources = [SourceFile(displayName: "a-vocabulary.yaml", hashName: "a-vocabulary.yaml", bytes: Array(vocabulary.utf8))]
        for file in 0..<3 {
            var text = "rules:\n"
            for n in 0..<count {
                let id = file * count + n
                let bad = (id + 1) % broken == 0
                text += """
                      - id: r.\(id)
                        title: Rule \(id)
                        when: { all: [ { condition: \(bad ? "unknown_\(id)" : "fibromyalgia") }, { any: [ { crp: high }, { not: { crp: "< 2 mg/dL" } } ] } ] }
                        unless: [ { condition: latent_tb }, { taking: tnf } ]
                        recommend: \(bad ? "nothing_\(id)" : id % 2 == 0 ? "exercise" : "tnf")
                        strength: \(id % 3 == 0 ? "strong" : "conditional")
                        priority: \(id % 100)
                        because: Reason \(id).
                        evidence: [ev-1\(bad ? ", ev-missing-\(id)" : "")]

                    """
            }
            sources.append(SourceFile(displayName: "rules-\(file).yaml", hashName: "rules-\(file).yaml", bytes: Array(text.utf8)))
        }
        return sources
    }

    /// The rule set of `files`, decoded file by file and merged in order.
    static func ruleSet(_ files: [SourceFile]) throws -> RuleSet {
        var decoder = RuleSetDecoder()
        for parsed in ParsePipeline.parseAll(files, limits: .default) {
            decoder.merge(try #require(parsed.decoded))
        }
        #expect(decoder.decoder.diagnostics.isEmpty)
        return decoder.finish(contentHash: "test")
    }

    static func describe(_ program: Program) -> [String] {
        program.ops.map { "\($0)" } + program.info.map { "\($0.text) \($0.subject ?? "-") \($0.location.map { "\($0)" } ?? "-")" }
            + program.children.map { "\($0)" } + program.ruleHeads.map { "\($0)" } + program.unlessRoots.map { "\($0)" }
            + program.unlessStarts.map { "\($0)" } + program.guardSlots.map { "\($0)" } + program.contraindications.map { "\($0)" }
    }

    @Test func twoHalvesEmitWhatOneThreadEmits() throws {
        let set = try Self.ruleSet(Self.files(300, broken: Int.max))
        let serial = try Compiler.compile(set, parallelRules: Int.max).get()
        let parallel = try Compiler.compile(set, parallelRules: 2).get()
        let (two, one) = (Self.describe(parallel), Self.describe(serial))
        #expect(two.count == one.count)
        let first = zip(two, one).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(first == nil, "first difference at \(first ?? 0): \(first.map { two[$0] } ?? "") instead of \(first.map { one[$0] } ?? "")")
        #expect(serial.rules.count == 900)
    }

    /// The second half's node infos are kept in their own array, not copied after the first
    /// half's: every index must still read what one array of all of them (the old way) reads.
    @Test func nodeInfosInTwoHalvesReadAsOneArray() throws {
        let set = try Self.ruleSet(Self.files(300, broken: Int.max))
        let serial = try Compiler.compile(set, parallelRules: Int.max).get()
        let parallel = try Compiler.compile(set, parallelRules: 2).get()
        #expect(serial.info.tail.isEmpty)
        #expect(!parallel.info.head.isEmpty && !parallel.info.tail.isEmpty)
        let joined = parallel.info.head + parallel.info.tail
        #expect(parallel.info.count == joined.count && joined.count == serial.info.count)
        func same(_ a: Program.NodeInfo, _ b: Program.NodeInfo) -> Bool {
            a.text == b.text && a.fact == b.fact && a.subject == b.subject && a.location == b.location
        }
        #expect(joined.indices.allSatisfy { same(parallel.info[$0], joined[$0]) && same(parallel.info[$0], serial.info[$0]) })
        #expect(zip(parallel.info, joined).allSatisfy { same($0, $1) })
        #expect(parallel.nodeFacts == joined.map(\.fact))
        #expect(serial.nodeFacts == serial.info.head.map(\.fact))
    }

    /// The compiler sizes its node arrays from the decoder's predicate count; without the
    /// count (the old way, arrays grown as nodes arrive) it must emit exactly the same program,
    /// on one thread and on two. The count is one per node of a rule set that compiles.
    @Test func sizingNodeArraysFromThePredicateCountChangesNothing() throws {
        var set = try Self.ruleSet(Self.files(300, broken: Int.max))
        for parallelRules in [2, Int.max] {
            let sized = try Compiler.compile(set, parallelRules: parallelRules).get()
            #expect(set.predicateCount == sized.ops.count)
            var unsized = set
            unsized.predicateCount = 0
            let grown = try Compiler.compile(unsized, parallelRules: parallelRules).get()
            #expect(Self.describe(sized) == Self.describe(grown))
        }
        set.predicateCount = 1   // a count far too low only loses the head start
        #expect(Self.describe(try Compiler.compile(set, parallelRules: 2).get()) == Self.describe(try Compiler.compile(set, parallelRules: Int.max).get()))
    }

    @Test func twoHalvesReportWhatOneThreadReports() throws {
        let set = try Self.ruleSet(Self.files(300, broken: 97))
        let serial = Compiler.compile(set, parallelRules: Int.max)
        let parallel = Compiler.compile(set, parallelRules: 2)
        guard case .failure(let one) = serial, case .failure(let two) = parallel else {
            Issue.record("both compilations should fail")
            return
        }
        #expect(two.diagnostics.map { "\($0.headline) \($0.notes.map(\.message))" } == one.diagnostics.map { "\($0.headline) \($0.notes.map(\.message))" })
        #expect(one.diagnostics.count == 3 * 9)   // ids 96, 193, ..., 872: condition, option and evidence each
    }

    /// Ids defined twice across files, and entries refused in one file, are reported the same
    /// whichever thread decoded which file.
    @Test func duplicatesAcrossFilesAreSettledInFileOrder() throws {
        let first = """
            ruleset: { name: a, version: "1" }
            conditions:
              fibromyalgia: { name: F }
              age: { name: reserved }
            evidence:
              ev-1: { title: T, source: S, year: 2017 }

            """
        let second = """
            ruleset: { name: b, version: "2", bogus: 1 }
            markers:
              fibromyalgia: { name: M, unit: mg, bogus: 2 }
              crp: { name: CRP, unit: mg/L }
            evidence:
              ev-1: { title: again, source: S, year: 3000 }

            """
        let third = """
            markers:
              crp: { name: CRP again, unit: mg }
            rules:
              - { id: r.1, title: T }

            """
        let files = [first, second, third].enumerated().map { SourceFile(displayName: "f\($0).yaml", hashName: "f\($0).yaml", bytes: Array($1.utf8)) }
        var decoder = RuleSetDecoder()
        for parsed in ParsePipeline.parseAll(files, limits: .default) { decoder.merge(try #require(parsed.decoded)) }
        // In decoding order; `regimen validate` prints them sorted by position.
        #expect(LoaderKit.lines(decoder.decoder.diagnostics) == [
            "f0.yaml:4:3: error: 'age' is a reserved word of the rule language and cannot be a condition id",
            "f1.yaml:1:35: error: unknown key 'bogus' in 'ruleset'",
            "note -: allowed keys: name, version, description, disclaimer",
            "f1.yaml:1:10: error: 'ruleset' is defined twice",
            "note f0.yaml:1:10: first defined here",
            "f1.yaml:3:3: error: marker id 'fibromyalgia' is already defined as a condition",
            "note f0.yaml:3:3: first defined here",
            "f1.yaml:6:3: error: evidence id 'ev-1' is already defined",
            "note f0.yaml:6:3: first defined here",
            "f2.yaml:2:3: error: marker id 'crp' is already defined as a marker",
            "note f1.yaml:4:3: first defined here",
            "f2.yaml:4:5: error: a rule is missing the required key 'when'",
            "f2.yaml:4:5: error: a rule is missing the required key 'strength'",
            "f2.yaml:4:5: error: a rule is missing the required key 'because'",
            "f2.yaml:4:5: error: a rule is missing the required key 'evidence'",
            "f2.yaml:4:5: error: rule 'r.1' needs 'recommend: OPTION' or 'avoid: OPTION'",
        ])
        let set = decoder.finish(contentHash: "test")
        #expect(set.name == "a")
        #expect(set.markers.map(\.name) == ["CRP"])
        #expect(set.evidence.map(\.title) == ["T"])
    }
    /// Each file's result reaches the consumer once, in file order, and never on both threads
    /// at once, however the two threads interleave.
    @Test func parsedFilesAreHandedOnInFileOrderOneAtATime() throws {
        let files = (0..<40).map { n in
            SourceFile(displayName: "f\(n).yaml", hashName: "f\(n).yaml",
                       bytes: Array("conditions:\n  c\(n): { name: C\(n) }\n".utf8))
        }
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var order: [Int] = []
            var names: [String] = []
            var inside = 0
            var overlapped = false
        }
        let log = Log()
        for _ in 0..<20 {
            log.order = []
            log.names = []
            ParsePipeline.parseAll(files, limits: .default) { parsed, index in
                log.lock.lock()
                log.inside += 1
                if log.inside > 1 { log.overlapped = true }
                log.lock.unlock()
                let name = parsed.decoded?.finish(contentHash: "").conditions.first?.name ?? "-"
                log.lock.lock()
                log.order.append(index)
                log.names.append(name)
                log.inside -= 1
                log.lock.unlock()
            }
            #expect(log.order == Array(0..<40))
            #expect(log.names == (0..<40).map { "C\($0)" })
        }
        #expect(!log.overlapped)
    }

    /// The content hash covers each file's name, size and bytes, in path order, whichever
    /// thread merged which file (computed independently: Python's hashlib on the same input).
    @Test func contentHashIsOfNamesSizesAndBytesInPathOrder() throws {
        let texts = [("a.yaml", "ruleset: { name: h, version: \"1\" }\n"),
                     ("b.yaml", "conditions:\n  fibromyalgia: { name: F }\n"),
                     ("c.yaml", "evidence:\n  ev-1: { title: T, source: S, year: 2017 }\n")]
        let files = texts.map { SourceFile(displayName: $0.0, hashName: $0.0, bytes: Array($0.1.utf8)) }
        let program = try #require(Engine.build(files, limits: .default).program)
        #expect(program.ruleSet.contentHash == "sha256:907d1f7ee2501d6f1b5e82075b9a86a57e0aaaff6e8bfd908c0c2220f2639986")
    }
}
