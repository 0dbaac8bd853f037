extension SpecExpression {
    /// A syntax error in an expression: what is wrong and at which character (1-based).
    struct SyntaxError: Error, Equatable {
        let message: String
        let position: Int
    }

    /// Parses `text`; precedence from loosest: `+ -`, `* /`, unary minus, `^`/`**`
    /// (right-associative, so `-2^2 = -4` and `2^-1 = 0.5`).
    static func parse(_ text: String) throws -> SpecExpression {
        var parser = ExpressionParser(tokens: try ExpressionToken.tokenize(text), length: text.unicodeScalars.count)
        let expression = try parser.sum()
        if let extra = parser.peek {
            throw SyntaxError(message: "unexpected `\(extra.text)`", position: extra.position)
        }
        return expression
    }
}

/// One lexical token of an expression.
private struct ExpressionToken {
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        case symbol(String)
    }
    let kind: Kind
    let text: String
    /// 1-based character position in the expression.
    let position: Int

    static func tokenize(_ text: String) throws -> [ExpressionToken] {
        let chars = Array(text.unicodeScalars)
        var tokens: [ExpressionToken] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        while i < chars.count {
            let c = chars[i]
            let start = i
            if c == " " || c == "\t" {
                i += 1
            } else if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                while i < chars.count, isDigit(chars[i]) { i += 1 }
                if i < chars.count, chars[i] == "." {
                    i += 1
                    while i < chars.count, isDigit(chars[i]) { i += 1 }
                }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, isDigit(chars[j]) {
                        while j < chars.count, isDigit(chars[j]) { j += 1 }
                        i = j
                    }
                }
                var literal = ""
                literal.unicodeScalars.append(contentsOf: chars[start..<i])
                guard let value = Double(literal) else {
                    throw SpecExpression.SyntaxError(message: "bad number `\(literal)`", position: start + 1)
                }
                tokens.append(ExpressionToken(kind: .number(value), text: literal, position: start + 1))
            } else if isLetter(c) {
                while i < chars.count, isLetter(chars[i]) || isDigit(chars[i]) { i += 1 }
                var name = ""
                name.unicodeScalars.append(contentsOf: chars[start..<i])
                tokens.append(ExpressionToken(kind: .name(name), text: name, position: start + 1))
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                tokens.append(ExpressionToken(kind: .symbol("^"), text: "**", position: start + 1))
            } else if "+-*/^(),".unicodeScalars.contains(c) {
                i += 1
                tokens.append(ExpressionToken(kind: .symbol(String(c)), text: String(c), position: start + 1))
            } else {
                throw SpecExpression.SyntaxError(message: "unexpected character `\(c)`", position: start + 1)
            }
        }
        return tokens
    }
}

/// Recursive descent over the tokens.
private struct ExpressionParser {
    let tokens: [ExpressionToken]
    let length: Int
    var next = 0

    var peek: ExpressionToken? { next < tokens.count ? tokens[next] : nil }

    func isSymbol(_ s: String) -> Bool { peek?.kind == .symbol(s) }


    func failure(_ expected: String) -> SpecExpression.SyntaxError {
        if let token = peek {
            return .init(message: "expected \(expected), found `\(token.text)`", position: token.position)
        }
        return .init(message: "expected \(expected) at the end", position: length + 1)
    }

    mutating func sum() throws -> SpecExpression {
        var left = try product()
        while let op = peek, op.kind == .symbol("+") || op.kind == .symbol("-") {
            next += 1
            left = .binary(op.text == "+" ? .add : .subtract, left, try product())
        }
        return left
    }

    mutating func product() throws -> SpecExpression {
        var left = try unary()
        while let op = peek, op.kind == .symbol("*") || op.kind == .symbol("/") {
            next += 1
            left = .binary(op.text == "*" ? .multiply : .divide, left, try unary())
        }
        return left
    }

    mutating func unary() throws -> SpecExpression {
        if isSymbol("-") {
            next += 1
            return .negate(try unary())
        }
        if isSymbol("+") {
            next += 1
            return try unary()
        }
        return try power()
    }

    mutating func power() throws -> SpecExpression {
        let base = try atom()
        if isSymbol("^") {
            next += 1
            return .binary(.power, base, try unary())
        }
        return base
    }

    mutating func atom() throws -> SpecExpression {
        guard let token = peek else { throw failure("a number, a parameter or `(`") }
        switch token.kind {
        case .number(let value):
            next += 1
            return .number(value)
        case .name(let name):
            next += 1
            guard isSymbol("(") else { return .parameter(name) }
            guard let function = SpecExpression.Function(rawValue: name) else {
                let names = SpecExpression.Function.allCases.map(\.rawValue)
                throw SpecExpression.SyntaxError(
                    message: "unknown function `\(name)`\(NameSuggestion.hint(for: name, in: names)) (functions: \(names.joined(separator: ", ")))",
                    position: token.position)
            }
            next += 1
            var arguments = [try sum()]
            while isSymbol(",") {
                next += 1
                arguments.append(try sum())
            }
            guard isSymbol(")") else { throw failure("`,` or `)`") }
            next += 1
            guard function.arity.contains(arguments.count) else {
                let wanted = function.arity.upperBound == Int.max ? "at least \(function.arity.lowerBound) arguments" : "1 argument"
                throw SpecExpression.SyntaxError(
                    message: "`\(name)` takes \(wanted), got \(arguments.count)", position: token.position)
            }
            return .call(function, arguments)
        case .symbol("("):
            next += 1
            let inner = try sum()
            guard isSymbol(")") else { throw failure("`)`") }
            next += 1
            return inner
        case .symbol:
            throw failure("a number, a parameter or `(`")
        }
    }
}
