import Foundation

/// The parts of a JSON line that are the same for every profile, serialised once per program:
/// the line's head after the profile id and its tail; each rule's reason head (`{"rule":…,
/// "title":…,"text":…,"strength":…,"priority":…,"evidence":[…],"matched":[`) and quoted id;
/// each leaf's `{"test":…,"value":`; each option's `{"option":…,"name":…,"kind":…`,
/// `{"option":…,"name":…` and `"checks":[…]`; each derived fact's `"id":{"name":…,"value":`,
/// band names, unit and input keys; each scale's band names and each marker's unit as they
/// appear inside a match's value. A line then copies them instead of escaping the same strings
/// again. All in one byte arena that lives as long as the program, addressed by offsets.
final class JSONFragments: @unchecked Sendable {
    // Written once in init and never again, so threads may read it freely.
    private let arena: UnsafeMutableBufferPointer<UInt8>
    /// Fragment i is `arena[offsets[i]..<offsets[i + 1]]`; see the index functions below.
    private let offsets: [Int]
    private let ruleBase: Int, leafBase: Int, optionBase: Int, checksBase: Int
    private let ruleIDBase: Int, optionNameBase: Int, derivedHeadBase: Int, derivedUnitBase: Int
    private let markerUnitBase: Int, lineHeadIndex: Int, lineTailIndex: Int
    /// Per derived fact (and per scale): the index of its first band's fragment.
    private let derivedBandBase: [Int], scaleBandBase: [Int]
    /// Per derived fact: the index of its first input's key fragment.
    private let derivedInputBase: [Int]
    /// Band intervals, by owner slot, in declaration order (the first that contains a value
    /// names it).
    let derivedBands: [[Interval]], scaleBands: [[Interval]]
    /// Per derived fact, the facts its inputs read (nil for an input that reads none), in the
    /// order of `Program.derivedInputs`.
    let derivedInputFacts: [[Program.Fact?]]
    let derivedReadsSex: [Bool]
    /// Each marker's canonical unit, to tell a value given in another unit.
    let markerUnits: [String]

    init(_ program: Program) {
        var w = JSONLineWriter()
        var offsets: [Int] = [0]
        func end() { offsets.append(w.count) }
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
        ruleIDBase = offsets.count - 1
        for compiled in program.rules {
            w.string(rs.rules[compiled.index].id)
            end()
        }
        optionNameBase = offsets.count - 1
        for option in rs.options {
            w.raw("{\"option\":"); w.string(option.id)
            w.raw(",\"name\":"); w.string(option.name)
            end()
        }
        derivedHeadBase = offsets.count - 1
        for fact in rs.derived {
            w.string(fact.id)
            w.raw(":{\"name\":"); w.string(fact.name)
            w.raw(",\"value\":")
            end()
        }
        derivedUnitBase = offsets.count - 1
        for fact in rs.derived {
            if let unit = fact.unit { w.raw(",\"unit\":"); w.string(unit) }
            end()
        }
        var derivedBandBase: [Int] = []
        for fact in rs.derived {
            derivedBandBase.append(offsets.count - 1)
            for band in fact.bands {
                w.string(band.name)
                end()
            }
        }
        var derivedInputBase: [Int] = []
        for inputs in program.derivedInputs {
            derivedInputBase.append(offsets.count - 1)
            for ref in inputs {
                w.string(ref)
                w.byte(UInt8(ascii: ":"))
                end()
            }
        }
        var scaleBandBase: [Int] = []
        for scale in rs.scales {
            scaleBandBase.append(offsets.count - 1)
            for band in scale.bands {
                w.raw(" ("); w.escaped(band.name); w.raw(")")
                end()
            }
        }
        markerUnitBase = offsets.count - 1
        for marker in rs.markers {
            w.raw(" "); w.escaped(marker.unit)
            end()
        }
        lineHeadIndex = offsets.count - 1
        w.raw(",\"ruleset\":{\"name\":"); w.string(rs.name)
        w.raw(",\"version\":"); w.string(rs.version)
        w.raw(",\"hash\":"); w.string(rs.contentHash)
        w.raw("},\"engine\":"); w.string("regimen \(Engine.version)")
        w.raw(",\"as_of\":")
        end()
        lineTailIndex = offsets.count - 1
        w.raw(",\"disclaimer\":"); w.string(program.disclaimer)
        w.raw("}")
        end()

        let arena = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, w.count))
        _ = arena.initialize(from: w.written)
        var unused: [UInt8] = []
        w.finish(appendingTo: &unused)
        self.arena = arena
        self.offsets = offsets
        self.derivedBandBase = derivedBandBase
        self.scaleBandBase = scaleBandBase
        self.derivedInputBase = derivedInputBase
        self.derivedBands = rs.derived.map { $0.bands.map(\.interval) }
        self.scaleBands = rs.scales.map { $0.bands.map(\.interval) }
        self.derivedInputFacts = program.derivedInputFacts
        self.derivedReadsSex = program.derivedReadsSex
        self.markerUnits = rs.markers.map(\.unit)
    }

    deinit {
        arena.deallocate()
    }

    @inline(__always) private func fragment(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: arena[offsets[i]..<offsets[i + 1]])
    }

    func ruleHead(_ position: Int) -> UnsafeBufferPointer<UInt8> { fragment(ruleBase + position) }
    func leafHead(_ node: Int) -> UnsafeBufferPointer<UInt8> { fragment(leafBase + node) }
    func optionHead(_ slot: Int) -> UnsafeBufferPointer<UInt8> { fragment(optionBase + slot) }
    func checks(_ slot: Int) -> UnsafeBufferPointer<UInt8> { fragment(checksBase + slot) }
    /// A rule's id, quoted.
    func ruleID(_ position: Int) -> UnsafeBufferPointer<UInt8> { fragment(ruleIDBase + position) }
    /// `{"option":…,"name":…` (avoid and withheld entries).
    func optionName(_ slot: Int) -> UnsafeBufferPointer<UInt8> { fragment(optionNameBase + slot) }
    /// `"id":{"name":…,"value":` of a derived fact in `derived`.
    func derivedHead(_ slot: Int) -> UnsafeBufferPointer<UInt8> { fragment(derivedHeadBase + slot) }
    /// `,"unit":…`, or nothing for a derived fact without a unit.
    func derivedUnit(_ slot: Int) -> UnsafeBufferPointer<UInt8> { fragment(derivedUnitBase + slot) }
    /// A band name of a derived fact, quoted.
    func derivedBand(_ slot: Int, _ band: Int) -> UnsafeBufferPointer<UInt8> { fragment(derivedBandBase[slot] + band) }
    /// `"ref":`, the key of a derived fact's input in `inputs`.
    func derivedInputKey(_ slot: Int, _ input: Int) -> UnsafeBufferPointer<UInt8> { fragment(derivedInputBase[slot] + input) }
    /// ` (band)` after a scale's value, escaped, unquoted.
    func scaleBand(_ slot: Int, _ band: Int) -> UnsafeBufferPointer<UInt8> { fragment(scaleBandBase[slot] + band) }
    /// ` unit` after a marker's value in its canonical unit, escaped, unquoted.
    func markerUnit(_ slot: Int) -> UnsafeBufferPointer<UInt8> { fragment(markerUnitBase + slot) }
    /// From `,"ruleset":` to `"as_of":`.
    var lineHead: UnsafeBufferPointer<UInt8> { fragment(lineHeadIndex) }
    /// `,"disclaimer":…}`.
    var lineTail: UnsafeBufferPointer<UInt8> { fragment(lineTailIndex) }
}

/// Made on the first JSON line a program writes, not when it is compiled: a program that
/// never writes JSON lines (validation, text output, one pretty JSON object) never pays.
final class JSONFragmentsCache: @unchecked Sendable {
    private let lock = ConditionLock()
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
