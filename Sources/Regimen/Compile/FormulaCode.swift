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

    /// The formula's value for `p`, NaN when unknown. `stack` is scratch space, reused.
    func value(_ p: BoundProfile, stack: inout [Double]) -> Double {
        stack.removeAll(keepingCapacity: true)
        for instruction in code {
            switch instruction {
            case .number(let v): stack.append(v)
            case .marker(let s): stack.append(p.markers[Int(s)])
            case .scale(let s): stack.append(p.scales[Int(s)])
            case .derived(let s): stack.append(p.derived[Int(s)])
            case .age: stack.append(p.age)
            case .sexIs(let sex, let negated):
                stack.append(p.sex.map { ($0 == sex) != negated ? 1 : 0 } ?? .nan)
            case .negate:
                guard let x = stack.popLast() else { return .nan }
                stack.append(-x)
            case .not:
                guard let x = stack.popLast() else { return .nan }
                stack.append(x.isNaN ? .nan : x != 0 ? 0 : 1)
            case .binary(let op):
                guard let y = stack.popLast(), let x = stack.popLast() else { return .nan }
                stack.append(FormulaCode.binary(op, x, y))
            case .call(let function, let count):
                let n = Int(count)
                guard n > 0, stack.count >= n else { return .nan }
                let args = stack[(stack.count - n)...]
                let result = FormulaCode.call(function, args)
                stack.removeLast(n)
                stack.append(result)
            }
        }
        return stack.count == 1 ? stack[0] : .nan
    }

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

    private static func call(_ function: FormulaSyntax.Function, _ args: ArraySlice<Double>) -> Double {
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
