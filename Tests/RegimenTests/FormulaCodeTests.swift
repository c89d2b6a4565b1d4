import Testing
@testable import Regimen

/// Binding computes derived facts with `FormulaCode`; explanations with
/// `CompiledFormula.evaluate`. They must agree on every value and on what is unknown.
@Suite struct FormulaCodeTests {
    /// `a` reads 40, `z` reads 0, `u` is not known; sex is female.
    static func compile(_ f: FormulaSyntax) -> CompiledFormula {
        switch f {
        case .number(let v): return .number(v)
        case .reference(let id, _): return .marker(id == "a" ? 0 : id == "z" ? 1 : 2)
        case .sexIs(let s, let n): return .sexIs(s, negated: n)
        case .negate(let x): return .negate(compile(x))
        case .not(let x): return .not(compile(x))
        case .binary(let op, let a, let b): return .binary(op, compile(a), compile(b))
        case .call(let fn, let args, _): return .call(fn, args.map(compile))
        }
    }

    static let profile = {
        var p = BoundProfile(markers: 3, scales: 0, derived: 0, options: 0, conditionDefaults: [])
        p.write { w in
            w.setMarker(0, 40)
            w.setMarker(1, 0)
        }
        p.sex = .female
        return p
    }()

    @Test(arguments: [
        "1 + 2 * 3", "a / z", "z / a", "u + 1", "-u", "--a", "not u", "not z", "not a",
        "u and z", "z and u", "u and a", "u or a", "a or u", "u or z", "z or u", "u > 1", "a > u",
        "if(u, 1, 1)", "if(u, 1, 2)", "if(u, u, u)", "if(a > 1, u, 3)", "if(a < 1, u, 3)", "if(z, 5, u)",
        "sqrt(-a)", "sqrt(a)", "ln(z)", "ln(a)", "log10(-1)", "log10(a)", "exp(a * 100)", "exp(z)",
        "abs(-a)", "min(a, u)", "max(a, z, 3)", "min(a, z)", "a * 1e308 * 10", "a - a", "-(a - a)",
        "if(sex == female, (a + 10) / 2, a / 2)", "sex != female", "a == 40", "a != 40",
        "u * 0", "0 * u", "(u + 1) and 0", "1 / (a - a)",
    ])
    func agreesWithTheExplanatoryEvaluation(text: String) throws {
        let formula = Self.compile(try FormulaParser.parse(text).get())
        let reference = formula.evaluate { leaf in
            switch leaf {
            case .marker(let s):
                let v = Self.profile.markers[Int(s)]
                return v.isNaN ? .unknown(reason: "not known", missing: []) : .value(v)
            case .sexIs(let sex, let negated): return .value((sex == .female) != negated ? 1 : 0)
            default: return .unknown(reason: "not a fact", missing: [])
            }
        }
        let code = FormulaCode(formula)
        var stack = [Double](repeating: 0, count: max(code.depth, 1))
        let fast = code.value(Self.profile, stack: &stack)
        switch reference {
        case .value(let v): #expect(fast == v && fast.sign == v.sign, "\(text): \(fast) vs \(v)")
        case .unknown: #expect(fast.isNaN, "\(text): \(fast) should be unknown")
        }
    }
}
