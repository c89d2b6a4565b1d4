/// Turns a typed `RuleSet` into a `Program`, reporting every unresolved id (with a
/// suggestion), unknown band, and unit that does not belong to its marker.
struct Compiler {
    private var diagnostics: [Diagnostic] = []
    private var ops: [Program.Op] = []
    private var info: [Program.NodeInfo] = []
    /// What the second thread's compiler emitted after `info`, kept as it was handed over:
    /// appending it to `info` copied every node's strings and location, three retains per node
    /// (and as many releases when the second compiler was freed), on the main thread.
    private var tailInfo: [Program.NodeInfo] = []
    private var children: [Int32] = []
    /// The compiled children of the composites being emitted, innermost last: a composite's
    /// children are gathered here and copied into `children` when it closes, instead of into
    /// an array of their own per composite.
    private var pending: [Int32] = []
    /// The file of the rule or option whose predicates are being emitted: their positions are
    /// in it (see `TextPosition`).
    private var file = ""
    private let ruleSet: RuleSet
    private let conditionSlots: [String: Int32]
    private let markerSlots: [String: Int32]
    private let scaleSlots: [String: Int32]
    private let optionSlots: [String: Int32]
    private let derivedSlots: [String: Int32]
    /// The same slots, every namespace in one probe: the rules' leaves look up far more ids
    /// than the dictionaries' hashing was worth.
    private let vocabulary: VocabularyTable
    /// The explanation text of a `condition:` leaf per condition slot, and of a treatment leaf
    /// per relation and option slot, made the first time one is emitted: rules test the same
    /// few conditions and options over and over, and a text per leaf was a string per leaf.
    private var conditionTexts: [String?]
    private var treatmentTexts: [String?]
    /// The same for a band test (`phq9: high`), per band of each marker, scale and derived
    /// fact (the first band of marker slot `s` at `markerBandBase[s]`, and so on): half of a
    /// generated rule set's fact leaves test a band, and each made its own string.
    private var bandTexts: [String?]
    private let markerBandBase: [Int], scaleBandBase: [Int], derivedBandBase: [Int]

    init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        func slots(_ ids: [String]) -> [String: Int32] {
            Dictionary(ids.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        }
        conditionSlots = slots(ruleSet.conditions.map(\.id))
        markerSlots = slots(ruleSet.markers.map(\.id))
        scaleSlots = slots(ruleSet.scales.map(\.id))
        optionSlots = slots(ruleSet.options.map(\.id))
        derivedSlots = slots(ruleSet.derived.map(\.id))
        vocabulary = VocabularyTable(ruleSet)
        conditionTexts = Array(repeating: nil, count: ruleSet.conditions.count)
        treatmentTexts = Array(repeating: nil, count: ruleSet.options.count * PredicateSyntax.TreatmentRelation.allCases.count)
        var bands = 0
        func bases(_ counts: [Int]) -> [Int] {
            counts.map { count in defer { bands += count }; return bands }
        }
        markerBandBase = bases(ruleSet.markers.map(\.bands.count))
        scaleBandBase = bases(ruleSet.scales.map(\.bands.count))
        derivedBandBase = bases(ruleSet.derived.map(\.bands.count))
        bandTexts = Array(repeating: nil, count: bands)
    }

    /// `parallelRules` is the size from which the rules are emitted on two threads; tests
    /// lower or raise it to compare both ways on one rule set.
    static func compile(_ ruleSet: RuleSet, parallelRules: Int = Compiler.parallelRules) -> Result<Program, DiagnosticsError> {
        var compiler = Compiler(ruleSet)
        return compiler.run(parallelRules: parallelRules)
    }

    private mutating func run(parallelRules: Int) -> Result<Program, DiagnosticsError> {
        let count = ruleSet.rules.count
        let parallel = count >= max(parallelRules, 2)
        // On a large rule set the rule ids are ranked on a thread of their own from the
        // start, beside the two threads emitting rules: ranked in `Program.init`, after them,
        // the sort was the longest part of that initialiser's serial tail.
        let idRanks = parallel ? SecondThread.start { [ruleSet] in Program.ranks(ruleSet.rules.map(\.id)) } : nil
        checkBands()
        let (formulas, order) = compileFormulas()
        let half = count / 2
        reserveNodes(forRules: parallel ? half : count)
        var contraindications: [Int32] = []
        var contraindicationStarts: [Int32] = []
        for option in ruleSet.options {
            file = option.location.file
            // Post-order emission keeps a subtree contiguous: [start, root] is all of it.
            contraindicationStarts.append(Int32(ops.count))
            contraindications.append(option.contraindicatedIf.map { emit($0) ?? -1 } ?? -1)
        }
        let evidenceIDs = IDSet(ruleSet.evidence.map(\.id))
        var rules: [Program.CompiledRule]
        if parallel {
            // The second half of the rules is emitted on another thread, by a compiler that
            // starts with no ops, then appended as if emitted here after the first half:
            // indices shifted, diagnostics after those of the first half.
            var other = self
            other.ops = []
            other.info = []
            other.children = []
            other.diagnostics = []
            let tail = SecondThread.start { [other] in
                var compiler = other
                compiler.reserveNodes(forRules: count - half)
                let rules = compiler.emitRules(half..<count, evidenceIDs: evidenceIDs)
                return (compiler, rules)
            }
            rules = emitRules(0..<half, evidenceIDs: evidenceIDs)
            var (second, secondRules) = tail()
            append(second, &secondRules, to: &rules)
        } else {
            rules = emitRules(0..<count, evidenceIDs: evidenceIDs)
        }
        // Ranked in rule-set order, which is the compiled rules' order when all compiled.
        let ranks = idRanks?()
        if diagnostics.hasErrors { return .failure(DiagnosticsError(diagnostics)) }
        return .success(Program(
            idRanks: rules.count == count ? ranks : nil,
            ruleSet: ruleSet, ops: ops, info: Program.NodeInfos(head: info, tail: tailInfo), children: children, rules: rules,
            contraindications: contraindications, contraindicationStarts: contraindicationStarts, conditionSlots: conditionSlots, markerSlots: markerSlots,
            scaleSlots: scaleSlots, optionSlots: optionSlots, derivedSlots: derivedSlots,
            vocabulary: vocabulary, formulas: formulas, derivedOrder: order))
    }

    /// Sizes the node arrays for `rules` more rules' predicates (and the options' on the first
    /// call), from the rule set's predicate count, a little over rather than under: grown a
    /// doubling at a time, each array was copied about twice over, and the largest copies fell
    /// on the main thread. Only a hint: an array that still fills up grows as before.
    private mutating func reserveNodes(forRules share: Int) {
        let total = ruleSet.predicateCount, count = ruleSet.rules.count
        guard total > 0, count > 0, share > 0 else { return }
        let estimate = Int((Double(total) * Double(share) / Double(count)).rounded(.up)) + total / 64 + 16
        ops.reserveCapacity(ops.count + estimate)
        info.reserveCapacity(info.count + estimate)
        children.reserveCapacity(children.count + estimate)
    }

    /// Rule sets from this size on emit their rules on two threads.
    static let parallelRules = 512

    /// Emits the rules at `range` after what is emitted so far.
    private mutating func emitRules(_ range: Range<Int>, evidenceIDs: IDSet) -> [Program.CompiledRule] {
        var rules: [Program.CompiledRule] = []
        rules.reserveCapacity(range.count)
        for index in range {
            let rule = ruleSet.rules[index]
            file = rule.location.file
            let whenStart = Int32(ops.count)
            let when = emit(rule.when)
            // Built at their final size: mapping to optionals and then unwrapping made a third
            // array per rule with `unless`, and growing by appends reallocated.
            let unlessSyntax = rule.unless
            var unlessStarts: [Int32] = [], unless: [Int32] = []
            var unlessFailed = false
            if !unlessSyntax.isEmpty {
                unlessStarts.reserveCapacity(unlessSyntax.count)
                unless.reserveCapacity(unlessSyntax.count)
                for i in unlessSyntax.indices {
                    unlessStarts.append(Int32(ops.count))
                    if let root = emit(unlessSyntax[i]) { unless.append(root) } else { unlessFailed = true }
                }
            }
            let option = vocabulary.find(rule.action.option).flatMap { $0.option >= 0 ? $0.option : nil }
            if option == nil {
                diagnostics.append(.error("rule '\(rule.id)' refers to the unknown option '\(rule.action.option)'\(Suggestion.hint(for: rule.action.option, in: optionSlots.keys.sorted()))", at: rule.actionLocation, code: CheckID.undefinedReference))
            }
            for (ev, location) in zip(rule.evidence, rule.evidenceLocations) where !evidenceIDs.contains(ev) {
                diagnostics.append(.error("rule '\(rule.id)' cites the unknown evidence id '\(ev)'\(Suggestion.hint(for: ev, in: Set(ruleSet.evidence.map(\.id)).sorted()))", at: location, code: CheckID.undefinedReference))
            }
            if let when, let option, !unlessFailed {
                var isAvoid = false
                if case .avoid = rule.action { isAvoid = true }
                rules.append(.init(index: index, whenStart: whenStart, when: when, unlessStarts: unlessStarts,
                                   unless: unless, option: option, isAvoid: isAvoid))
            }
        }
        return rules
    }

    /// Appends what `other` emitted, starting from no ops, as if it had been emitted here.
    /// `otherRules` is shifted where it is, its index arrays unshared (the second thread made
    /// them and handed them over): mapping them to shifted copies made two arrays per rule.
    private mutating func append(_ other: Compiler, _ otherRules: inout [Program.CompiledRule], to rules: inout [Program.CompiledRule]) {
        let opShift = Int32(ops.count), childShift = Int32(children.count)
        ops.reserveCapacity(ops.count + other.ops.count)
        for op in other.ops {
            switch op {
            case .all(let start, let count): ops.append(.all(start: start + childShift, count: count))
            case .any(let start, let count): ops.append(.any(start: start + childShift, count: count))
            case .not(let child): ops.append(.not(child + opShift))
            default: ops.append(op)
            }
        }
        // The second compiler's info is moved, not copied: `Program.NodeInfos` reads it after
        // this compiler's own (its nodes' indices are shifted by `opShift`, which is
        // `info.count`, as ops and info grow together).
        precondition(info.count == ops.count - other.ops.count && tailInfo.isEmpty)
        tailInfo = other.info
        let firstChild = children.count
        children += other.children
        for i in firstChild..<children.count { children[i] += opShift }
        diagnostics += other.diagnostics
        for r in otherRules.indices {
            otherRules[r].whenStart += opShift
            otherRules[r].when += opShift
            for u in otherRules[r].unless.indices {
                otherRules[r].unlessStarts[u] += opShift
                otherRules[r].unless[u] += opShift
            }
        }
        rules += otherRules
    }

    /// Bands must lie inside a scale's range; a marker's bands inside its plausible range.
    private mutating func checkBands() {
        var owners: [(kind: String, id: String, range: ClosedRange<Double>, bands: [Band])] = ruleSet.scales.map { ("scale", $0.id, $0.range, $0.bands) }
        owners += ruleSet.markers.compactMap { m in m.range.map { ("marker", m.id, $0, m.bands) } }
        owners += ruleSet.derived.compactMap { d in d.range.map { ("derived fact", d.id, $0, d.bands) } }
        for owner in owners {
            for band in owner.bands where !fits(band.interval, owner.range) {
                diagnostics.append(.error("band '\(band.name)' (\(band.text)) of \(owner.kind) '\(owner.id)' reaches outside its range \(owner.range.lowerBound.shortDescription)..\(owner.range.upperBound.shortDescription)", at: band.location, code: CheckID.bandRange))
            }
        }
    }

    /// Whether an interval can hold a value of the range at all, and (for closed two-sided
    /// intervals such as band `15..27`) does not reach past either end.
    private func fits(_ interval: Interval, _ range: ClosedRange<Double>) -> Bool {
        if interval.excluded != nil { return true }
        if interval.intersecting(Interval(lower: range.lowerBound, upper: range.upperBound)).isEmpty { return false }
        if let l = interval.lower, interval.upper != nil, l < range.lowerBound { return false }
        if let u = interval.upper, interval.lower != nil, u > range.upperBound { return false }
        return true
    }

    private var allFactIDs: [String] {
        ruleSet.markers.map(\.id) + ruleSet.scales.map(\.id) + ruleSet.derived.map(\.id)
    }

    /// Resolves every formula and orders the derived facts so inputs come first; a cycle
    /// (a fact that depends on itself through others) is an error naming the whole loop.
    private mutating func compileFormulas() -> ([CompiledFormula], [Int32]) {
        var formulas: [CompiledFormula] = []
        var dependencies: [[Int32]] = []
        for fact in ruleSet.derived {
            var deps: [Int32] = []
            formulas.append(resolve(fact.formula, in: fact, dependencies: &deps) ?? .number(0))
            dependencies.append(deps)
        }
        // Depth-first search with colours; iterative so a long chain cannot exhaust the stack.
        var state = [UInt8](repeating: 0, count: formulas.count)   // 0 new, 1 on the path, 2 done
        var order: [Int32] = []
        for start in formulas.indices where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let deps = dependencies[top.node]
                if top.next < deps.count {
                    stack[stack.count - 1].next += 1
                    let dep = Int(deps[top.next])
                    if state[dep] == 1 {
                        let path = stack.map(\.node).drop { $0 != dep }.map { ruleSet.derived[$0].id } + [ruleSet.derived[dep].id]
                        diagnostics.append(.error("derived facts form a cycle: \(path.joined(separator: " -> "))", at: ruleSet.derived[dep].formulaLocation, code: CheckID.undefinedReference))
                    } else if state[dep] == 0 {
                        state[dep] = 1
                        stack.append((dep, 0))
                    }
                } else {
                    state[top.node] = 2
                    order.append(Int32(top.node))
                    stack.removeLast()
                }
            }
        }
        return (formulas, order)
    }

    private mutating func resolve(_ f: FormulaSyntax, in fact: DerivedFact, dependencies: inout [Int32]) -> CompiledFormula? {
        switch f {
        case .number(let v): return .number(v)
        case .sexIs(let sex, let negated): return .sexIs(sex, negated: negated)
        case .reference(let id, let offset):
            if id == "age" { return .age }
            if let s = markerSlots[id] { return .marker(s) }
            if let s = scaleSlots[id] { return .scale(s) }
            if let s = derivedSlots[id] {
                dependencies.append(s)
                return .derived(s)
            }
            let location = RuleSetDecoder.location(fact.formulaLocation, isPlain: fact.formulaIsPlain, offset: offset)
            diagnostics.append(.error("unknown fact '\(id)' in the formula of derived fact '\(fact.id)'\(Suggestion.hint(for: id, in: allFactIDs + ["age"]))", at: location, code: CheckID.undefinedReference))
            return nil
        case .negate(let x): return resolve(x, in: fact, dependencies: &dependencies).map { .negate($0) }
        case .not(let x): return resolve(x, in: fact, dependencies: &dependencies).map { .not($0) }
        case .binary(let op, let a, let b):
            guard let l = resolve(a, in: fact, dependencies: &dependencies), let r = resolve(b, in: fact, dependencies: &dependencies) else { return nil }
            return .binary(op, l, r)
        case .call(let function, let args, _):
            let resolved = args.compactMap { resolve($0, in: fact, dependencies: &dependencies) }
            return resolved.count == args.count ? .call(function, resolved) : nil
        }
    }

    private mutating func append(_ op: Program.Op, _ text: String, _ fact: Program.Fact?, _ location: SourceLocation, subject: String? = nil) -> Int32 {
        ops.append(op)
        info.append(.init(text: text, fact: fact, subject: subject ?? fact.map(idOf), location: location))
        return Int32(ops.count - 1)
    }

    /// A position of the predicate being emitted, in the file of its rule or option.
    private func located(_ position: TextPosition) -> SourceLocation { position.located(in: file) }

    private mutating func unknown(_ what: String, _ id: String, among candidates: [String], at location: SourceLocation) -> Int32? {
        diagnostics.append(.error("unknown \(what) '\(id)'\(Suggestion.hint(for: id, in: candidates))", at: location, code: CheckID.undefinedReference))
        return nil
    }

    /// Emits a predicate in post-order and returns its node index, or nil after reporting.
    private mutating func emit(_ p: PredicateSyntax) -> Int32? {
        switch p.kind {
        case .all(let items), .any(let items):
            // Every item is emitted, so each reports its problems, even after one has failed.
            let base = pending.count
            var failed = false
            // By index: each child is read in place rather than copied out (a copy retained
            // its payload and both locations' file names, and released them again).
            for i in items.indices {
                if let child = emit(items[i]) { pending.append(child) } else { failed = true }
            }
            defer { pending.removeLast(pending.count - base) }
            guard !failed else { return nil }
            let start = Int32(children.count)
            children.append(contentsOf: pending[base...])
            let isAll: Bool
            if case .all = p.kind { isAll = true } else { isAll = false }
            let op: Program.Op = isAll ? .all(start: start, count: Int32(items.count)) : .any(start: start, count: Int32(items.count))
            return append(op, isAll ? "all of" : "any of", nil, located(p.position))
        case .not(let inner):
            guard let child = emit(inner) else { return nil }
            return append(.not(child), "not", nil, located(p.position))
        case .condition(let id):
            guard let slot = vocabulary.find(id)?.condition, slot >= 0 else {
                return unknown("condition", id, among: ruleSet.conditions.map(\.id), at: located(p.valuePosition))
            }
            let text: String
            if let made = conditionTexts[Int(slot)] { text = made } else {
                text = "condition \(id)"
                conditionTexts[Int(slot)] = text
            }
            return append(.condition(slot), text, .condition(slot), located(p.position))
        case .treatment(let relation, let id):
            guard let slot = vocabulary.find(id)?.option, slot >= 0 else {
                return unknown("option", id, among: ruleSet.options.map(\.id), at: located(p.valuePosition))
            }
            let op: Program.Op
            let row: Int
            switch relation {
            case .taking: op = .taking(slot); row = 0
            case .failed: op = .failed(slot); row = 1
            case .tried: op = .tried(slot); row = 2
            }
            let at = row * ruleSet.options.count + Int(slot)
            let text: String
            if let made = treatmentTexts[at] { text = made } else {
                text = "\(relation.rawValue) \(id)"
                treatmentTexts[at] = text
            }
            return append(op, text, nil, located(p.position), subject: id)
        case .age(let test):
            guard case .interval(let interval, _) = test.kind else { return nil }
            return append(.age(interval), "age \(test.text)", .age, located(p.position))
        case .sex(let word):
            return append(.sex(Sex(rawValue: word)!), "sex \(word)", .sex, located(p.position))
        case .known(let id), .missing(let id):
            guard let fact = factReference(id) else {
                return unknown("fact", id, among: allFactIDs + ruleSet.conditions.map(\.id) + ["age", "sex"], at: located(p.valuePosition))
            }
            var isKnown = false
            if case .known = p.kind { isKnown = true }
            return append(isKnown ? .known(fact) : .missing(fact), "\(isKnown ? "known" : "missing") \(id)", nil, located(p.position), subject: id)
        case .fact(let id, let test):
            let entry = vocabulary.find(id) ?? VocabularyTable.Entry()
            if case let slot = entry.marker, slot >= 0 {
                // The marker's fields are read where it is stored: a copy of the whole entry
                // retained and released every string and array in it, for every leaf.
                guard let interval = resolve(test, bands: ruleSet.markers[Int(slot)].bands, of: "marker '\(id)'", marker: slot, at: located(p.valuePosition)) else { return nil }
                return append(.marker(slot, interval), factText(id, test, bands: ruleSet.markers[Int(slot)].bands, unit: ruleSet.markers[Int(slot)].unit, base: markerBandBase[Int(slot)]), .marker(slot), located(p.position))
            }
            if case let slot = entry.derived, slot >= 0 {
                guard let interval = resolve(test, bands: ruleSet.derived[Int(slot)].bands, of: "derived fact '\(id)'", marker: nil, at: located(p.valuePosition)) else { return nil }
                return append(.derived(slot, interval), factText(id, test, bands: ruleSet.derived[Int(slot)].bands, unit: nil, base: derivedBandBase[Int(slot)]), .derived(slot), located(p.position))
            }
            if case let slot = entry.scale, slot >= 0 {
                guard let interval = resolve(test, bands: ruleSet.scales[Int(slot)].bands, of: "scale '\(id)'", marker: nil, at: located(p.valuePosition)) else { return nil }
                let range = ruleSet.scales[Int(slot)].range
                if interval.excluded == nil, !fits(interval, range) {
                    diagnostics.append(.error("the test '\(test.text)' on scale '\(id)' lies outside its range \(range.lowerBound.shortDescription)..\(range.upperBound.shortDescription): it can never be true", at: located(p.valuePosition), code: CheckID.thresholdRange))
                    return nil
                }
                return append(.scale(slot, interval), factText(id, test, bands: ruleSet.scales[Int(slot)].bands, unit: nil, base: scaleBandBase[Int(slot)]), .scale(slot), located(p.position))
            }
            let candidates = allFactIDs + NodeDecoder.predicateKeywords
            if entry.condition >= 0 {
                diagnostics.append(.error("'\(id)' is a condition: write 'condition: \(id)'", at: located(p.position), code: CheckID.undefinedReference))
                return nil
            }
            return unknown("marker or scale", id, among: candidates, at: located(p.position))
        }
    }

    private func idOf(_ fact: Program.Fact) -> String {
        Program.id(of: fact, in: ruleSet)
    }

    private func factReference(_ id: String) -> Program.Fact? {
        if let s = markerSlots[id] { return .marker(s) }
        if let s = scaleSlots[id] { return .scale(s) }
        if let s = derivedSlots[id] { return .derived(s) }
        if let s = conditionSlots[id] { return .condition(s) }
        if id == "age" { return .age }
        if id == "sex" { return .sex }
        return nil
    }

    /// A fact leaf's explanation text; a band test's is made once per band (`bandTexts`).
    private mutating func factText(_ id: String, _ test: TestSyntax, bands: [Band], unit: String?, base: Int) -> String {
        guard case .band(let name) = test.kind, let band = bands.firstIndex(where: { $0.name == name }) else {
            return "\(id) \(display(test, bands: bands, unit: unit))"
        }
        if let made = bandTexts[base + band] { return made }
        let text = "\(id) \(display(test, bands: bands, unit: unit))"
        bandTexts[base + band] = text
        return text
    }

    /// A test as shown in explanations; a band shows its definition too.
    private func display(_ test: TestSyntax, bands: [Band], unit: String?) -> String {
        switch test.kind {
        case .band(let name):
            let band = bands.first { $0.name == name }
            return "is \(name)" + (band.map { " (\($0.text)\(unit.map { " \($0)" } ?? ""))" } ?? "")
        case .interval:
            return test.text
        }
    }

    /// The interval in canonical units, or nil after reporting an unknown band or unit.
    /// `marker` is the slot of the marker whose units the test may use, nil for a fact without units.
    private mutating func resolve(_ test: TestSyntax, bands: [Band], of what: @autoclosure () -> String, marker slot: Int32?, at location: SourceLocation) -> Interval? {
        switch test.kind {
        case .band(let name):
            // Found by index and read in place: the band `first(where:)` returned was a copy,
            // with a retain and a release of each of its strings, for every band test.
            guard let band = bands.firstIndex(where: { $0.name == name }) else {
                let names = bands.map(\.name)
                let known = names.isEmpty ? "; it defines no bands" : "; its bands are " + names.joined(separator: ", ")
                diagnostics.append(.error("unknown band '\(name)' of \(what())\(Suggestion.hint(for: name, in: names))\(known)", at: location, code: CheckID.undefinedReference))
                return nil
            }
            return bands[band].interval
        case .interval(let interval, let unit):
            guard let unit else { return interval }
            guard let slot else {
                diagnostics.append(.error("\(what()) has no unit, but the test '\(test.text)' gives '\(unit)'", at: location, code: CheckID.unit))
                return nil
            }
            guard let factor = ruleSet.unitFactor(marker: Int(slot), unit) else {
                let marker = ruleSet.markers[Int(slot)]
                diagnostics.append(.error("'\(unit)' is not a unit of \(what()): use one of \(marker.acceptedUnits.joined(separator: ", ")), or declare its factor under 'units'\(Suggestion.hint(for: unit, in: marker.acceptedUnits))", at: location, code: CheckID.unit))
                return nil
            }
            return interval.scaled(by: factor)
        }
    }
}
