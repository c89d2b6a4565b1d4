/// The formula language of derived facts: numbers, fact ids, `+ - * /`, parentheses, unary
/// minus, `sqrt ln log10 exp abs min max`, `if(condition, then, else)`, comparisons, `and`,
/// `or`, `not`, and `sex == female`. Parsed once, at load time, with the column of every error.
indirect enum FormulaSyntax: Sendable {
    case number(Double)
    case reference(String, offset: Int)
    case sexIs(Sex, negated: Bool)
    case negate(FormulaSyntax)
    case binary(BinaryOperator, FormulaSyntax, FormulaSyntax)
    case call(Function, [FormulaSyntax], offset: Int)
    case not(FormulaSyntax)

    enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
        case and, or
    }

    enum Function: String, Sendable, CaseIterable {
        case sqrt, ln, log10, exp, abs, min, max, `if`

        var arity: ClosedRange<Int> {
            switch self {
            case .min, .max: return 2...16
            case .if: return 3...3
            default: return 1...1
            }
        }
    }

    /// Every fact id the formula mentions, with its offset in the text.
    var references: [(id: String, offset: Int)] {
        switch self {
        case .number, .sexIs: return []
        case .reference(let id, let offset): return [(id, offset)]
        case .negate(let x), .not(let x): return x.references
        case .binary(_, let a, let b): return a.references + b.references
        case .call(_, let args, _): return args.flatMap(\.references)
        }
    }

    /// Whether `sex` is read (so a profile without sex leaves the result unknown).
    var readsSex: Bool {
        switch self {
        case .sexIs: return true
        case .number, .reference: return false
        case .negate(let x), .not(let x): return x.readsSex
        case .binary(_, let a, let b): return a.readsSex || b.readsSex
        case .call(_, let args, _): return args.contains(where: \.readsSex)
        }
    }
}

struct FormulaError: Error, Sendable {
    var message: String
    /// Offset in Unicode scalars from the start of the formula text.
    var offset: Int
}

/// A recursive-descent parser; nesting is capped so hostile formulas cannot exhaust the stack.
struct FormulaParser {
    private enum Token: Equatable {
        case number(Double), identifier(String), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    private var depth = 0
    /// The nesting cap is the loader's depth limit (`LoadLimits.maxDepth`, `--max-depth`): a
    /// formula is one more way to nest, and one option should raise both.
    private var maxDepth = LoadLimits.default.maxDepth

    static func parse(_ text: String, maxDepth: Int = LoadLimits.default.maxDepth) -> Result<FormulaSyntax, FormulaError> {
        var parser = FormulaParser()
        parser.maxDepth = maxDepth
        do {
            parser.tokens = try tokenize(text)
            let result = try parser.expression()
            guard case .end = parser.current.token else {
                throw FormulaError(message: "unexpected \(parser.describe(parser.current.token)) after the end of the formula", offset: parser.current.offset)
            }
            return .success(result)
        } catch let error as FormulaError {
            return .failure(error)
        } catch {
            return .failure(FormulaError(message: "\(error)", offset: 0))
        }
    }

    private static func tokenize(_ text: String) throws -> [(token: Token, offset: Int)] {
        let scalars = Array(text.unicodeScalars)
        var result: [(Token, Int)] = []
        var i = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        func isIdentifier(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) || isDigit(s) || s == "_" }
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace { i += 1; continue }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < scalars.count && isDigit(scalars[i + 1])) {
                while i < scalars.count, isDigit(scalars[i]) || scalars[i] == "." { i += 1 }
                if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
                    var j = i + 1
                    if j < scalars.count, scalars[j] == "+" || scalars[j] == "-" { j += 1 }
                    if j < scalars.count, isDigit(scalars[j]) {
                        i = j
                        while i < scalars.count, isDigit(scalars[i]) { i += 1 }
                    }
                }
                let literal = String(String.UnicodeScalarView(scalars[start..<i]))
                guard let value = NumberSyntax.parse(literal) else {
                    // `017` says why (a leading zero); `1.2.3` needs no reason.
                    let reason = NumberSyntax.rejectionReason(literal).map { ": " + $0 } ?? ""
                    throw FormulaError(message: "'\(literal)' is not a number\(reason)", offset: start)
                }
                result.append((.number(value), start))
            } else if isIdentifier(c) {
                while i < scalars.count, isIdentifier(scalars[i]) { i += 1 }
                result.append((.identifier(String(String.UnicodeScalarView(scalars[start..<i]))), start))
            } else {
                let two = i + 1 < scalars.count ? String(String.UnicodeScalarView(scalars[i...i + 1])) : ""
                if ["<=", ">=", "==", "!=", "&&", "||"].contains(two) {
                    result.append((.symbol(two == "&&" ? "and" : two == "||" ? "or" : two), start))
                    i += 2
                } else if "+-*/(),<>!".unicodeScalars.contains(c) {
                    result.append((.symbol(c == "!" ? "not" : String(c)), start))
                    i += 1
                } else {
                    throw FormulaError(message: "unexpected character '\(c)'", offset: start)
                }
            }
        }
        result.append((.end, scalars.count))
        return result
    }

    private var current: (token: Token, offset: Int) { tokens[min(position, tokens.count - 1)] }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let v): return "number \(v.shortDescription)"
        case .identifier(let s): return "'\(s)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of formula"
        }
    }

    private mutating func accept(_ symbol: String) -> Bool {
        if current.token == .symbol(symbol) || current.token == .identifier(symbol) {
            position += 1
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: String) throws {
        guard accept(symbol) else {
            throw FormulaError(message: "expected '\(symbol)', found \(describe(current.token))", offset: current.offset)
        }
    }

    private mutating func nested<T>(_ body: (inout FormulaParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw FormulaError(message: "the formula nests deeper than \(maxDepth) levels (raise the limit with --max-depth)", offset: current.offset)
        }
        return try body(&self)
    }

    private mutating func expression() throws -> FormulaSyntax {
        try nested { p in
            var left = try p.conjunction()
            while p.accept("or") { left = .binary(.or, left, try p.conjunction()) }
            return left
        }
    }

    private mutating func conjunction() throws -> FormulaSyntax {
        var left = try negation()
        while accept("and") { left = .binary(.and, left, try negation()) }
        return left
    }

    private mutating func negation() throws -> FormulaSyntax {
        if accept("not") { return .not(try nested { try $0.negation() }) }
        return try comparison()
    }

    private mutating func comparison() throws -> FormulaSyntax {
        if case .identifier("sex") = current.token {
            let offset = current.offset
            position += 1
            let negated: Bool
            if accept("==") { negated = false } else if accept("!=") { negated = true } else {
                throw FormulaError(message: "'sex' can only be compared with == or != (sex == female)", offset: offset)
            }
            guard case .identifier(let word) = current.token, let sex = Sex(rawValue: word) else {
                throw FormulaError(message: "expected female, male or other after 'sex \(negated ? "!=" : "==")'", offset: current.offset)
            }
            position += 1
            return .sexIs(sex, negated: negated)
        }
        let left = try sum()
        for op in ["<=", ">=", "==", "!=", "<", ">"] where accept(op) {
            let right = try sum()
            return .binary(FormulaSyntax.BinaryOperator(rawValue: op)!, left, right)
        }
        return left
    }

    private mutating func sum() throws -> FormulaSyntax {
        var left = try product()
        while true {
            if accept("+") { left = .binary(.add, left, try product()) }
            else if accept("-") { left = .binary(.subtract, left, try product()) }
            else { return left }
        }
    }

    private mutating func product() throws -> FormulaSyntax {
        var left = try unary()
        while true {
            if accept("*") { left = .binary(.multiply, left, try unary()) }
            else if accept("/") { left = .binary(.divide, left, try unary()) }
            else { return left }
        }
    }

    private mutating func unary() throws -> FormulaSyntax {
        if accept("-") { return .negate(try nested { try $0.unary() }) }
        if accept("+") { return try nested { try $0.unary() } }
        return try primary()
    }

    private mutating func primary() throws -> FormulaSyntax {
        let (token, offset) = current
        switch token {
        case .number(let value):
            position += 1
            return .number(value)
        case .symbol("("):
            position += 1
            let inner = try expression()
            try expect(")")
            return inner
        case .identifier(let name):
            position += 1
            if current.token == .symbol("(") {
                guard let function = FormulaSyntax.Function(rawValue: name) else {
                    let known = FormulaSyntax.Function.allCases.map(\.rawValue)
                    throw FormulaError(message: "unknown function '\(name)'\(Suggestion.hint(for: name, in: known)); known: \(known.joined(separator: ", "))", offset: offset)
                }
                position += 1
                var args: [FormulaSyntax] = []
                if !accept(")") {
                    repeat { args.append(try expression()) } while accept(",")
                    try expect(")")
                }
                guard function.arity.contains(args.count) else {
                    let wanted = function.arity.lowerBound == function.arity.upperBound ? "\(function.arity.lowerBound)" : "at least \(function.arity.lowerBound)"
                    throw FormulaError(message: "\(name) takes \(wanted) argument\(function.arity.lowerBound == 1 ? "" : "s"), found \(args.count)", offset: offset)
                }
                return .call(function, args, offset: offset)
            }
            if ["and", "or", "not"].contains(name) {
                throw FormulaError(message: "expected a value, found '\(name)'", offset: offset)
            }
            return .reference(name, offset: offset)
        case .end:
            throw FormulaError(message: "the formula ends where a value was expected", offset: offset)
        case .symbol(let s):
            throw FormulaError(message: "expected a value, found '\(s)'", offset: offset)
        }
    }
}
