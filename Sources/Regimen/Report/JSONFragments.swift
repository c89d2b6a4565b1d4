import Foundation

/// The parts of a JSON line that are the same for every profile, serialised once per program:
/// each rule's reason head (`{"rule":…,"title":…,"text":…,"strength":…,"priority":…,
/// "evidence":[…],"matched":[`), each leaf's `{"test":…,"value":`, each option's
/// `{"option":…,"name":…,"kind":…` and `"checks":[…]`. A line then copies them instead of
/// escaping the same strings again. All in one byte arena, addressed by offsets.
final class JSONFragments: Sendable {
    let arena: [UInt8]
    /// Fragment i is `arena[offsets[i]..<offsets[i + 1]]`; see the index functions below.
    private let offsets: [Int]
    private let ruleBase: Int, leafBase: Int, optionBase: Int, checksBase: Int

    init(_ program: Program) {
        var w = JSONLineWriter(bytes: [])
        var offsets: [Int] = [0]
        func end() { offsets.append(w.bytes.count) }
        let rs = program.ruleSet
        ruleBase = 0
        for compiled in program.rules {
            let rule = rs.rules[compiled.index]
            w.raw("{\"rule\":"); w.string(rule.id)
            w.raw(",\"title\":"); w.string(rule.title)
            w.raw(",\"text\":"); w.string(rule.because)
            w.raw(",\"strength\":"); w.string(rule.strength.rawValue)
            w.raw(",\"priority\":"); w.int(rule.priority)
            w.raw(",\"evidence\":"); w.strings(rule.evidence)
            w.raw(",\"matched\":[")
            end()
        }
        leafBase = offsets.count - 1
        for info in program.info {
            w.raw("{\"test\":"); w.string(info.text)
            w.raw(",\"value\":")
            end()
        }
        optionBase = offsets.count - 1
        for option in rs.options {
            w.raw("{\"option\":"); w.string(option.id)
            w.raw(",\"name\":"); w.string(option.name)
            w.raw(",\"kind\":"); w.string(option.kind.rawValue)
            end()
        }
        checksBase = offsets.count - 1
        for option in rs.options {
            w.raw(",\"checks\":"); w.strings(option.checks)
            end()
        }
        self.arena = w.bytes
        self.offsets = offsets
    }

    @inline(__always) private func range(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }
    func ruleHead(_ position: Int) -> Range<Int> { range(ruleBase + position) }
    func leafHead(_ node: Int) -> Range<Int> { range(leafBase + node) }
    func optionHead(_ slot: Int) -> Range<Int> { range(optionBase + slot) }
    func checks(_ slot: Int) -> Range<Int> { range(checksBase + slot) }
}

/// Made on the first JSON line a program writes, not when it is compiled: a program that
/// never writes JSON lines (validation, text output, one pretty JSON object) never pays.
final class JSONFragmentsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: JSONFragments?

    func fragments(for program: Program) -> JSONFragments {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let made = JSONFragments(program)
        value = made
        return made
    }
}
