import Foundation

/// A derived fact's formula as flat postfix code over doubles, NaN standing for unknown: what
/// binding runs for every profile. It gives the value `CompiledFormula.evaluate` gives, with
/// no enum boxes, closures or reason strings; the explanatory evaluation runs only when the
/// value is unknown, to say why. The two must agree: every rule of `evaluate` is mirrored
/// here (Kleene `and`/`or`, `if` on an unknown condition, non-finite results unknown).
struct FormulaCode: Sendable {
    enum Instruction: Sendable {
        case number(Double)
        case marker(Int32)
        case scale(Int32)
        case derived(Int32)
        case age
        case sexIs(Sex, negated: Bool)
        case negate
        case not
        case binary(FormulaSyntax.BinaryOperator)
        case call(FormulaSyntax.Function, arguments: Int32)
    }

    let code: [Instruction]
    /// The deepest the operand stack gets.
    let depth: Int

    init(_ formula: CompiledFormula) {
        var code: [Instruction] = []
        var depth = 0, maxDepth = 0
        func push(_ i: Instruction, pops: Int) {
            code.append(i)
            depth += 1 - pops
            maxDepth = max(maxDepth, depth)
        }
        // Iterative post-order, so a deeply nested formula cannot exhaust the stack.
        enum Work { case visit(CompiledFormula), emit(Instruction, Int) }
        var work: [Work] = [.visit(formula)]
        while let item = work.popLast() {
            switch item {
            case .emit(let i, let pops): push(i, pops: pops)
            case .visit(let f):
                switch f {
                case .number(let v): push(.number(v), pops: 0)
                case .marker(let s): push(.marker(s), pops: 0)
                case .scale(let s): push(.scale(s), pops: 0)
                case .derived(let s): push(.derived(s), pops: 0)
                case .age: push(.age, pops: 0)
                case .sexIs(let sex, let negated): push(.sexIs(sex, negated: negated), pops: 0)
                case .negate(let x):
                    work.append(.emit(.negate, 1)); work.append(.visit(x))
                case .not(let x):
                    work.append(.emit(.not, 1)); work.append(.visit(x))
                case .binary(let op, let a, let b):
                    work.append(.emit(.binary(op), 2)); work.append(.visit(b)); work.append(.visit(a))
                case .call(let function, let args):
                    work.append(.emit(.call(function, arguments: Int32(args.count)), args.count))
                    for arg in args.reversed() { work.append(.visit(arg)) }
                }
            }
        }
        self.code = code
        self.depth = maxDepth
    }

    /// Non-finite results are unknown; -0 becomes 0 (as `Computed.finite`).
    @inline(__always) private static func finite(_ v: Double) -> Double {
        v.isFinite ? (v == 0 ? 0 : v) : .nan
    }

    /// The formula's value for `p`, NaN when unknown. `stack` is scratch space of at least
    /// `depth` doubles, reused across formulas: binding runs every formula of every profile,
    /// and a growable array per run cost an allocation and a capacity check per push.
    func value(_ p: BoundProfile, stack: UnsafeMutablePointer<Double>) -> Double {
        p.withSlots { value($0, stack: stack) }
    }

    /// `value(_:stack:)` on the profile's slots as raw memory, as binding runs it.
    func value(_ p: BoundProfile.Slots, stack: UnsafeMutablePointer<Double>) -> Double {
        code.withUnsafeBufferPointer { value(of: $0, p, stack: stack) }
    }

    private func value(of code: UnsafeBufferPointer<Instruction>, _ p: BoundProfile.Slots, stack: UnsafeMutablePointer<Double>) -> Double {
        var top = 0
        for instruction in code {
            switch instruction {
            case .number(let v): stack[top] = v; top += 1
            case .marker(let s): stack[top] = p.marker(Int(s)); top += 1
            case .scale(let s): stack[top] = p.scale(Int(s)); top += 1
            case .derived(let s): stack[top] = p.derivedValue(Int(s)); top += 1
            case .age: stack[top] = p.age; top += 1
            case .sexIs(let sex, let negated):
                stack[top] = p.sex.map { ($0 == sex) != negated ? 1 : 0 } ?? .nan; top += 1
            case .negate:
                guard top >= 1 else { return .nan }
                stack[top - 1] = -stack[top - 1]
            case .not:
                guard top >= 1 else { return .nan }
                let x = stack[top - 1]
                stack[top - 1] = x.isNaN ? .nan : x != 0 ? 0 : 1
            case .binary(let op):
                guard top >= 2 else { return .nan }
                stack[top - 2] = FormulaCode.binary(op, stack[top - 2], stack[top - 1])
                top -= 1
            case .call(let function, let count):
                let n = Int(count)
                guard n > 0, top >= n else { return .nan }
                let result = FormulaCode.call(function, UnsafeBufferPointer(start: stack + (top - n), count: n))
                top -= n
                stack[top] = result; top += 1
            }
        }
        return top == 1 ? stack[0] : .nan
    }

    /// Inline: called once per operator of every formula of every profile bound.
    @inline(__always)
    private static func binary(_ op: FormulaSyntax.BinaryOperator, _ x: Double, _ y: Double) -> Double {
        if op == .and {
            if x == 0 || y == 0 { return 0 }
        } else if op == .or {
            if !x.isNaN, x != 0 { return 1 }
            if !y.isNaN, y != 0 { return 1 }
        }
        if x.isNaN || y.isNaN { return .nan }
        switch op {
        case .add: return finite(x + y)
        case .subtract: return finite(x - y)
        case .multiply: return finite(x * y)
        case .divide: return y == 0 ? .nan : finite(x / y)
        case .less: return x < y ? 1 : 0
        case .lessEqual: return x <= y ? 1 : 0
        case .greater: return x > y ? 1 : 0
        case .greaterEqual: return x >= y ? 1 : 0
        case .equal: return x == y ? 1 : 0
        case .notEqual: return x != y ? 1 : 0
        case .and: return x != 0 && y != 0 ? 1 : 0
        case .or: return x != 0 || y != 0 ? 1 : 0
        }
    }

    private static func call(_ function: FormulaSyntax.Function, _ args: UnsafeBufferPointer<Double>) -> Double {
        let first = args.startIndex
        if function == .if {
            guard args.count == 3 else { return .nan }
            let c = args[first], a = args[first + 1], b = args[first + 2]
            if !c.isNaN { return c != 0 ? a : b }
            return !a.isNaN && !b.isNaN && a == b ? a : .nan
        }
        if args.contains(where: \.isNaN) { return .nan }
        let x = args[first]
        switch function {
        case .sqrt: return x < 0 ? .nan : x.squareRoot()
        case .ln: return x <= 0 ? .nan : finite(Foundation.log(x))
        case .log10: return x <= 0 ? .nan : finite(Foundation.log10(x))
        case .exp: return finite(Foundation.exp(x))
        case .abs: return Swift.abs(x)
        case .min: return args.min() ?? x
        case .max: return args.max() ?? x
        case .if: return x
        }
    }
}
