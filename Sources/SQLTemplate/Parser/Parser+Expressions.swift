extension Parser {
    /// `a, b` without parentheses is a tuple (in `{{ }}`, `set` values and `for` iterables).
    mutating func parseTuple(allowConditional: Bool = true) throws(TemplateError) -> Expression {
        let start = current.position
        let first = try parseExpression(allowConditional: allowConditional)
        guard isPunctuation(.comma) else { return first }
        var items = [first]
        while skip(.comma) {
            if !startsExpression { break }
            items.append(try parseExpression(allowConditional: allowConditional))
        }
        return Expression(kind: .tuple(items), position: start)
    }

    private var startsExpression: Bool {
        switch current.kind {
        case .name, .string, .integer, .float: true
        case .punctuation(let punctuation):
            [.leftParen, .leftBracket, .leftBrace, .minus, .plus].contains(punctuation)
        default: false
        }
    }

    mutating func parseExpression(allowConditional: Bool = true) throws(TemplateError) -> Expression {
        let entryDepth = depth
        defer { depth = entryDepth }
        try descend(into: "expressions", at: current.position)
        var expression = try parseOr()
        guard allowConditional else { return expression }
        while isName("if") {
            let position = current.position
            try descend(into: "expressions", at: position)
            advance()
            let condition = try parseOr()
            var otherwise: Expression?
            if skipName("else") { otherwise = try parseExpression() }
            expression = Expression(
                kind: .conditional(then: expression, condition: condition, otherwise: otherwise), position: position)
        }
        return expression
    }

    private mutating func parseOr() throws(TemplateError) -> Expression {
        let first = try parseAnd()
        guard isName("or") else { return first }
        let position = current.position
        var operands = [first]
        while skipName("or") { operands.append(try parseAnd()) }
        return Expression(kind: .or(operands), position: position)
    }

    private mutating func parseAnd() throws(TemplateError) -> Expression {
        let first = try parseNot()
        guard isName("and") else { return first }
        let position = current.position
        var operands = [first]
        while skipName("and") { operands.append(try parseNot()) }
        return Expression(kind: .and(operands), position: position)
    }

    private mutating func parseNot() throws(TemplateError) -> Expression {
        if isName("not") {
            let position = current.position
            let entryDepth = depth
            defer { depth = entryDepth }
            try descend(into: "expressions", at: position)
            advance()
            return Expression(kind: .unary(.not, try parseNot()), position: position)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(TemplateError) -> Expression {
        let first = try parseMath1()
        var comparisons: [Comparison] = []
        while true {
            let position = current.position
            let op: ComparisonOperator
            switch current.kind {
            case .punctuation(.equal): op = .equal
            case .punctuation(.notEqual): op = .notEqual
            case .punctuation(.less): op = .less
            case .punctuation(.lessEqual): op = .lessEqual
            case .punctuation(.greater): op = .greater
            case .punctuation(.greaterEqual): op = .greaterEqual
            case .name("in"): op = .isIn
            case .name("not") where peek().kind == .name("in"):
                advance()
                op = .notIn
            default:
                return comparisons.isEmpty
                    ? first : Expression(kind: .compare(first, comparisons), position: comparisons[0].position)
            }
            advance()
            comparisons.append(Comparison(op: op, operand: try parseMath1(), position: position))
        }
    }

    /// The precedence levels of left-associative binary operators, loosest first.
    private enum OperatorLevel {
        case math1, concat, math2, power

        /// The level whose chains are this level's operands; nil for unary operands.
        var operandLevel: OperatorLevel? {
            switch self {
            case .math1: .concat
            case .concat: .math2
            case .math2: .power
            case .power: nil
            }
        }

        func op(_ kind: TokenKind) -> BinaryOperator? {
            guard case .punctuation(let punctuation) = kind else { return nil }
            switch (self, punctuation) {
            case (.math1, .plus): return .add
            case (.math1, .minus): return .subtract
            case (.concat, .tilde): return .concat
            case (.math2, .star): return .multiply
            case (.math2, .slash): return .divide
            case (.math2, .doubleSlash): return .floorDivide
            case (.math2, .percent): return .modulo
            case (.power, .doubleStar): return .power
            default: return nil
            }
        }
    }

    private mutating func parseMath1() throws(TemplateError) -> Expression {
        try parseOperatorChain(.math1)
    }

    /// A run of left-associative operators of one precedence, kept flat so that rendering `1 + 1 + … + 1` loops
    /// instead of recursing once per term.
    private mutating func parseOperatorChain(_ level: OperatorLevel) throws(TemplateError) -> Expression {
        let first = try parseOperand(of: level)
        var operations: [Operation] = []
        while let op = level.op(current.kind) {
            let position = current.position
            advance()
            operations.append(Operation(op: op, operand: try parseOperand(of: level), position: position))
        }
        guard let firstPosition = operations.first?.position else { return first }
        return Expression(kind: .binary(first, operations), position: firstPosition)
    }

    private mutating func parseOperand(of level: OperatorLevel) throws(TemplateError) -> Expression {
        guard let operandLevel = level.operandLevel else { return try parseUnary(withFilters: true) }
        return try parseOperatorChain(operandLevel)
    }

    /// A unary operand with its postfix and filter chains; each link of a chain counts as one level of nesting,
    /// as it wraps the tree built so far.
    private mutating func parseUnary(withFilters: Bool) throws(TemplateError) -> Expression {
        let position = current.position
        let entryDepth = depth
        defer { depth = entryDepth }
        var expression: Expression
        if isPunctuation(.minus) || isPunctuation(.plus) {
            try descend(into: "expressions", at: position)
        }
        if skip(.minus) {
            expression = Expression(kind: .unary(.negate, try parseUnary(withFilters: false)), position: position)
        } else if skip(.plus) {
            expression = Expression(kind: .unary(.plus, try parseUnary(withFilters: false)), position: position)
        } else {
            expression = try parsePrimary()
        }
        expression = try parsePostfix(expression)
        if withFilters { expression = try parseFilterExpression(expression) }
        return expression
    }

    private mutating func parsePrimary() throws(TemplateError) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return Expression(kind: .constant(.bool(true)), position: token.position)
            case "false", "False": return Expression(kind: .constant(.bool(false)), position: token.position)
            case "none", "None": return Expression(kind: .constant(.none), position: token.position)
            case "return" where isPunctuation(.leftParen):
                advance()
                var value: Expression?
                if !isPunctuation(.rightParen) { value = try parseExpression() }
                try expect(.rightParen, help: "return takes one value: 'return(value)'")
                return Expression(kind: .macroReturn(value), position: token.position)
            default:
                if !mentionedNames.isEmpty { mentionedNames[mentionedNames.count - 1].insert(name) }
                return Expression(kind: .name(name), position: token.position)
            }
        case .string(var value):
            advance()
            // Adjacent string literals concatenate, as in Python.
            while case .string(let next) = current.kind {
                value += next
                advance()
            }
            return Expression(kind: .constant(.string(value)), position: token.position)
        case .integer(let value):
            advance()
            return Expression(kind: .constant(.int(value)), position: token.position)
        case .float(let value):
            advance()
            return Expression(kind: .constant(.double(value)), position: token.position)
        case .punctuation(.leftParen):
            advance()
            if skip(.rightParen) { return Expression(kind: .tuple([]), position: token.position) }
            let inner = try parseExpression()
            if isPunctuation(.comma) {
                var items = [inner]
                while skip(.comma) {
                    if isPunctuation(.rightParen) { break }
                    items.append(try parseExpression())
                }
                try expect(.rightParen)
                return Expression(kind: .tuple(items), position: token.position)
            }
            try expect(.rightParen, help: "close the parenthesis with ')'")
            return inner
        case .punctuation(.leftBracket):
            advance()
            var items: [Expression] = []
            while !skip(.rightBracket) {
                if !items.isEmpty { try expect(.comma, help: "separate list items with ','") }
                if skip(.rightBracket) { break }
                items.append(try parseExpression())
            }
            return Expression(kind: .list(items), position: token.position)
        case .punctuation(.leftBrace):
            advance()
            var entries: [DictEntry] = []
            while !skip(.rightBrace) {
                if !entries.isEmpty { try expect(.comma, help: "separate dict entries with ','") }
                if skip(.rightBrace) { break }
                let key = try parseExpression()
                try expect(.colon, help: "write dict entries as 'key: value'")
                entries.append(DictEntry(key: key, value: try parseExpression()))
            }
            return Expression(kind: .dict(entries), position: token.position)
        default:
            throw error("expected an expression, found \(token.kind.display)", at: token.position)
        }
    }

    private mutating func parsePostfix(_ base: Expression) throws(TemplateError) -> Expression {
        var expression = base
        while true {
            if isPunctuation(.dot) || isPunctuation(.leftBracket) || isPunctuation(.leftParen) {
                try descend(into: "expressions", at: current.position)
            }
            if skip(.dot) {
                let token = current
                switch token.kind {
                case .name(let name):
                    advance()
                    expression = Expression(kind: .attribute(expression, name), position: token.position)
                case .integer(let value):
                    advance()
                    let key = Expression(kind: .constant(.int(value)), position: token.position)
                    expression = Expression(kind: .index(expression, key), position: token.position)
                default:
                    throw error(
                        "expected an attribute name after '.', found \(token.kind.display)",
                        at: token.position)
                }
            } else if isPunctuation(.leftBracket) {
                expression = try parseSubscript(expression)
            } else if isPunctuation(.leftParen) {
                expression = try parseCall(expression)
            } else {
                return expression
            }
        }
    }

    private mutating func parseSubscript(_ base: Expression) throws(TemplateError) -> Expression {
        let position = current.position
        advance()
        var parts: [Expression?] = [nil]
        var isSlice = false
        while !isPunctuation(.rightBracket) {
            if skip(.colon) {
                isSlice = true
                parts.append(nil)
                guard parts.count <= 3 else { throw error("too many ':' in slice", at: current.position) }
                continue
            }
            guard parts[parts.count - 1] == nil else {
                throw error("expected ']', found \(current.kind.display)", at: current.position)
            }
            parts[parts.count - 1] = try parseExpression()
        }
        advance()
        if isSlice {
            let step = parts.count > 2 ? parts[2] : nil
            return Expression(
                kind: .slice(base, start: parts[0], stop: parts.count > 1 ? parts[1] : nil, step: step),
                position: position)
        }
        guard let key = parts[0] else { throw error("expected an index inside '[]'", at: position) }
        return Expression(kind: .index(base, key), position: position)
    }

    mutating func parseArguments() throws(TemplateError) -> [CallArgument] {
        try expect(.leftParen)
        var arguments: [CallArgument] = []
        while !skip(.rightParen) {
            if !arguments.isEmpty, !skip(.comma) {
                throw error(
                    "expected ',' or ')', found \(current.kind.display)", at: current.position,
                    help: "close the call with ')'")
            }
            if skip(.rightParen) { break }
            if skip(.doubleStar) {
                arguments.append(.keywordSpread(try parseExpression()))
            } else if skip(.star) {
                arguments.append(.spread(try parseExpression()))
            } else if case .name(let name) = current.kind, peek().kind == .punctuation(.assign) {
                advance()
                advance()
                arguments.append(.keyword(name, try parseExpression()))
            } else {
                arguments.append(.positional(try parseExpression()))
            }
        }
        return arguments
    }

    private mutating func parseCall(_ callee: Expression) throws(TemplateError) -> Expression {
        Expression(kind: .call(callee, try parseArguments()), position: callee.position)
    }

    mutating func parseFilterCall() throws(TemplateError) -> FilterCall {
        let token = current
        var name = try expectName("a filter name")
        while isPunctuation(.dot), case .name(let part) = peek().kind {
            advance()
            advance()
            name += ".\(part)"
        }
        guard let filter = FilterName(named: name) else {
            var help: String?
            if let suggestion = closestName(to: name, in: FilterName.allNames) {
                help = "did you mean '\(suggestion)'?"
            }
            throw unit.error(.unknownFilter, "unknown filter '\(name)'", at: token.position, help: help)
        }
        let arguments = isPunctuation(.leftParen) ? try parseArguments() : []
        return FilterCall(name: filter, arguments: arguments, position: token.position)
    }

    private mutating func parseFilterExpression(_ base: Expression) throws(TemplateError) -> Expression {
        var expression = base
        while true {
            if isPunctuation(.pipe) || isName("is") || isPunctuation(.leftParen) {
                try descend(into: "expressions", at: current.position)
            }
            if skip(.pipe) {
                let filter = try parseFilterCall()
                expression = Expression(kind: .filter(expression, filter), position: filter.position)
            } else if isName("is") {
                advance()
                let negated = skipName("not")
                let token = current
                let name = try expectName("a test name")
                guard let test = TestName(named: name) else {
                    var help: String?
                    if let suggestion = closestName(to: name, in: TestName.allNames) {
                        help = "did you mean '\(suggestion)'?"
                    }
                    throw unit.error(.unknownTest, "unknown test '\(name)'", at: token.position, help: help)
                }
                var arguments: [CallArgument] = []
                if isPunctuation(.leftParen) {
                    arguments = try parseArguments()
                } else if takesBareTestArgument {
                    arguments = [.positional(try parsePostfix(try parsePrimary()))]
                }
                expression = Expression(
                    kind: .test(expression, test, arguments, negated: negated), position: token.position)
            } else if isPunctuation(.leftParen) {
                expression = try parseCall(expression)
            } else {
                return expression
            }
        }
    }

    /// `x is divisibleby 3`, `x is sameas none`: a test may take one argument without parentheses.
    private var takesBareTestArgument: Bool {
        switch current.kind {
        case .name(let name): !["else", "or", "and", "if", "is", "not", "in"].contains(name)
        case .string, .integer, .float: true
        case .punctuation(let punctuation): punctuation == .leftBracket || punctuation == .leftBrace
        default: false
        }
    }
}
