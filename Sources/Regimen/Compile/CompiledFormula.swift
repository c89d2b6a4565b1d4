/// A derived fact's formula with every id resolved to a slot, and its evaluation: a value,
/// or unknown with the reason (an input not measured, a division by zero, ...). Never NaN.
indirect enum CompiledFormula: Sendable {
    case number(Double)
    case marker(Int32)
    case scale(Int32)
    case derived(Int32)
    case age
    case sexIs(Sex, negated: Bool)
    case negate(CompiledFormula)
    case binary(FormulaSyntax.BinaryOperator, CompiledFormula, CompiledFormula)
    case call(FormulaSyntax.Function, [CompiledFormula])
    case not(CompiledFormula)
}

/// The result of a formula for one profile.
enum Computed: Sendable {
    case value(Double)
    /// `missing` names the facts whose absence made it unknown; `reason` says why in words.
    case unknown(reason: String, missing: [Program.Fact])

    var number: Double? {
        if case .value(let v) = self { return v }
        return nil
    }
}

extension CompiledFormula {
    /// Kleene-style: `0 and unknown` is 0, `1 or unknown` is 1, `if` needs only the branch it takes.
    func evaluate(_ read: (CompiledFormula) -> Computed) -> Computed {
        switch self {
        case .number(let v): return .value(v)
        case .marker, .scale, .derived, .age, .sexIs: return read(self)
        case .negate(let x):
            // Evaluated once: re-evaluating an unknown operand doubled the work per level.
            let r = x.evaluate(read)
            guard case .value(let v) = r else { return r }
            return .value(-v)
        case .not(let x):
            let r = x.evaluate(read)
            guard case .value(let v) = r else { return r }
            return .value(v != 0 ? 0 : 1)
        case .binary(let op, let a, let b):
            let l = a.evaluate(read), r = b.evaluate(read)
            if op == .and {
                if l.number == 0 || r.number == 0 { return .value(0) }
            } else if op == .or {
                if let x = l.number, x != 0 { return .value(1) }
                if let x = r.number, x != 0 { return .value(1) }
            }
            guard case .value(let x) = l else { return Computed.merge(l, r) }
            guard case .value(let y) = r else { return r }
            switch op {
            case .add: return Computed.finite(x + y, "the sum overflows")
            case .subtract: return Computed.finite(x - y, "the difference overflows")
            case .multiply: return Computed.finite(x * y, "the product overflows")
            case .divide:
                if y == 0 { return .unknown(reason: "division by zero", missing: []) }
                return Computed.finite(x / y, "the quotient overflows")
            case .less: return .value(x < y ? 1 : 0)
            case .lessEqual: return .value(x <= y ? 1 : 0)
            case .greater: return .value(x > y ? 1 : 0)
            case .greaterEqual: return .value(x >= y ? 1 : 0)
            case .equal: return .value(x == y ? 1 : 0)
            case .notEqual: return .value(x != y ? 1 : 0)
            case .and: return .value(x != 0 && y != 0 ? 1 : 0)
            case .or: return .value(x != 0 || y != 0 ? 1 : 0)
            }
        case .call(let function, let args):
            if function == .if {
                let condition = args[0].evaluate(read)
                switch condition {
                case .value(let c): return args[c != 0 ? 1 : 2].evaluate(read)
                case .unknown:
                    let a = args[1].evaluate(read), b = args[2].evaluate(read)
                    if let x = a.number, let y = b.number, x == y { return .value(x) }
                    return Computed.merge(condition, Computed.merge(a, b))
                }
            }
            var values: [Double] = []
            var firstUnknown: Computed?
            for arg in args {
                let r = arg.evaluate(read)
                if case .value(let v) = r { values.append(v) } else { firstUnknown = firstUnknown.map { Computed.merge($0, r) } ?? r }
            }
            if let firstUnknown { return firstUnknown }
            let x = values[0]
            switch function {
            case .sqrt: return x < 0 ? .unknown(reason: "square root of a negative number (\(x.shortDescription))", missing: []) : .value(x.squareRoot())
            case .ln: return x <= 0 ? .unknown(reason: "logarithm of a non-positive number (\(x.shortDescription))", missing: []) : Computed.finite(Foundation.log(x), "ln")
            case .log10: return x <= 0 ? .unknown(reason: "logarithm of a non-positive number (\(x.shortDescription))", missing: []) : Computed.finite(Foundation.log10(x), "log10")
            case .exp: return Computed.finite(Foundation.exp(x), "exp(\(x.shortDescription)) overflows")
            case .abs: return .value(Swift.abs(x))
            case .min: return .value(values.min() ?? x)
            case .max: return .value(values.max() ?? x)
            case .if: return .value(x)
            }
        }
    }
}

import Foundation

extension Computed {
    static func finite(_ v: Double, _ reason: String) -> Computed {
        v.isFinite ? .value(v == 0 ? 0 : v) : .unknown(reason: reason, missing: [])
    }

    /// Two unknowns: their missing facts together, the first reason.
    static func merge(_ a: Computed, _ b: Computed) -> Computed {
        switch (a, b) {
        case (.unknown(let r1, let m1), .unknown(_, let m2)):
            var missing = m1
            for f in m2 where !missing.contains(f) { missing.append(f) }
            return .unknown(reason: r1, missing: missing)
        case (.unknown, _): return a
        default: return b
        }
    }
}
