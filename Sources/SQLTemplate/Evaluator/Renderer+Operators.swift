import Foundation

extension Renderer {
    func unary(_ op: UnaryOperator, _ operand: Value, from expression: Expression, at position: Position)
        throws(TemplateError) -> Value
    {
        if case .undefined(let name) = operand, strict || op != .not {
            throw undefinedError(name, at: expression.position)
        }
        switch (op, operand) {
        case (.not, _): return .bool(!operand.isTruthy)
        case (.negate, .int(let value)): return .integer(-BigInteger(value))
        case (.negate, .object(let object as BigIntegerObject)): return .integer(-object.value)
        case (.negate, .double(let value)): return .double(-value)
        case (.negate, .bool(let value)): return .int(value ? -1 : 0)
        case (.plus, .int), (.plus, .double): return operand
        case (.plus, .object(let object)) where object is BigIntegerObject: return operand
        case (.plus, .bool(let value)): return .int(value ? 1 : 0)
        default:
            throw fail(.typeMismatch, "bad operand type for unary \(op.rawValue): '\(operand.typeName)'", at: position)
        }
    }

    func binary(
        _ op: BinaryOperator, _ left: Value, _ right: Value, from leftExpression: Expression,
        _ rightExpression: Expression, at position: Position
    ) throws(TemplateError) -> Value {
        if op == .concat { return .string(left.renderedString + right.renderedString) }
        if case .undefined(let name) = left { throw undefinedError(name, at: leftExpression.position) }
        if case .undefined(let name) = right { throw undefinedError(name, at: rightExpression.position) }
        if let result = try markupArithmetic(op, left, right, at: position) { return result }
        let (left, right) = (left.unwrappingMarkup, right.unwrappingMarkup)
        if let result = try arithmetic(op, left, right, at: position) { return result }
        var help: String?
        if op == .add, left.stringValue != nil || right.stringValue != nil {
            help = "use '~' to join values as text, or convert with '| int' or '| float'"
        }
        throw fail(
            .typeMismatch,
            "unsupported operand type(s) for \(op.rawValue): '\(left.typeName)' and '\(right.typeName)'",
            at: position, help: help)
    }

    /// Markup's `+` and `%`, which escape the plain text they take in; nil when neither applies.
    private func markupArithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value, at position: Position)
        throws(TemplateError) -> Value?
    {
        func escaped(_ value: Value) -> Value {
            if value.isMarkup { return value.unwrappingMarkup }
            if case .string(let text) = value { return .string(htmlEscape(text)) }
            return value
        }
        switch op {
        case .add where left.isMarkup || right.isMarkup:
            guard let a = escaped(left).stringValue, let b = escaped(right).stringValue else { return nil }
            return .markup(a + b)
        case .modulo where left.isMarkup:
            let arguments: Value
            if case .list(let storage) = right, storage.isTuple {
                arguments = .list(ListStorage(storage.items.map(escaped), isTuple: true))
            } else {
                arguments = escaped(right)
            }
            return .markup(try printfFormat(left.unwrappingMarkup.renderedString, arguments, at: position))
        default: return nil
        }
    }

    /// Python's unbounded integer arithmetic, for operands or results beyond 64 bits.
    private func bigArithmetic(_ op: BinaryOperator, _ a: BigInteger, _ b: BigInteger, at position: Position)
        throws(TemplateError) -> Value?
    {
        switch op {
        case .add: return .integer(a + b)
        case .subtract: return .integer(a - b)
        case .multiply: return .integer(a * b)
        case .divide:
            guard !b.isZero else { throw divisionByZero(at: position) }
            return .double(a.doubleValue / b.doubleValue)
        case .floorDivide, .modulo:
            guard !b.isZero else { throw divisionByZero(at: position) }
            let (quotient, remainder) = a.floorDivided(by: b)
            return .integer(op == .floorDivide ? quotient : remainder)
        case .power:
            guard let exponent = b.intValue, exponent >= 0 else {
                return .double(pow(a.doubleValue, b.doubleValue))
            }
            // Jinja's sandbox refuses huge powers too; a runaway exponent should fail, not eat the machine.
            guard Double(exponent) * Double(max(a.limbs.count, 1) * 32) <= 1_000_000 else {
                throw fail(.other, "the result of ** is too large", at: position)
            }
            return .integer(a.power(exponent))
        case .concat: return nil
        }
    }

    private func divisionByZero(at position: Position) -> TemplateError {
        fail(.other, "division by zero", at: position)
    }

    /// Python arithmetic; nil when the operand types do not support `op`.
    private func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value, at position: Position)
        throws(TemplateError) -> Value?
    {
        switch (op, left, right) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.add, .list(let a), .list(let b)):
            // Python concatenates a list with a list and a tuple with a tuple, never one with the other.
            guard a.isTuple == b.isTuple else { return nil }
            return .list(ListStorage(a.items + b.items, isTuple: a.isTuple))
        case (.multiply, .string(let text), _), (.multiply, _, .string(let text)):
            guard let count = (left.stringValue == nil ? left : right).integer else { return nil }
            return .string(String(repeating: text, count: max(0, count)))
        case (.multiply, .list(let storage), _), (.multiply, _, .list(let storage)):
            guard let count = (left.typeName == "list" || left.typeName == "tuple" ? right : left).integer else {
                return nil
            }
            return .list(
                ListStorage(
                    Array(repeating: storage.items, count: max(0, count)).flatMap { $0 },
                    isTuple: storage.isTuple))
        case (.modulo, .string(let format), _):
            return .string(try printfFormat(format, right, at: position))
        default: break
        }
        if left.isBigInteger || right.isBigInteger, let a = left.bigInteger, let b = right.bigInteger {
            return try bigArithmetic(op, a, b, at: position)
        }
        if let a = left.integer, let b = right.integer {
            return try integerArithmetic(op, a, b, at: position)
        }
        guard let a = left.number, let b = right.number else { return nil }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide:
            guard b != 0 else { throw divisionByZero(at: position) }
            return .double(a / b)
        case .floorDivide:
            guard b != 0 else { throw divisionByZero(at: position) }
            return .double((a / b).rounded(.down))
        case .modulo:
            guard b != 0 else { throw divisionByZero(at: position) }
            var remainder = fmod(a, b)
            if remainder != 0, (remainder < 0) != (b < 0) { remainder += b }
            return .double(remainder)
        case .power: return .double(pow(a, b))
        case .concat: return nil
        }
    }

    private func integerArithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int, at position: Position)
        throws(TemplateError) -> Value?
    {
        switch op {
        case .add:
            let (result, overflowed) = a.addingReportingOverflow(b)
            if overflowed { return try bigArithmetic(op, BigInteger(a), BigInteger(b), at: position) }
            return .int(result)
        case .subtract:
            let (result, overflowed) = a.subtractingReportingOverflow(b)
            if overflowed { return try bigArithmetic(op, BigInteger(a), BigInteger(b), at: position) }
            return .int(result)
        case .multiply:
            let (result, overflowed) = a.multipliedReportingOverflow(by: b)
            if overflowed { return try bigArithmetic(op, BigInteger(a), BigInteger(b), at: position) }
            return .int(result)
        case .divide:
            guard b != 0 else { throw divisionByZero(at: position) }
            return .double(Double(a) / Double(b))
        case .floorDivide:
            guard b != 0 else { throw divisionByZero(at: position) }
            if a == .min, b == -1 { return .integer(-BigInteger(a)) }
            var quotient = a / b
            if a % b != 0, (a < 0) != (b < 0) { quotient -= 1 }
            return .int(quotient)
        case .modulo:
            guard b != 0 else { throw divisionByZero(at: position) }
            let remainder = a % b
            return .int(remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
        case .power:
            guard b >= 0 else { return .double(pow(Double(a), Double(b))) }
            var result = 1
            for _ in 0..<b {
                let (next, overflowed) = result.multipliedReportingOverflow(by: a)
                if overflowed { return try bigArithmetic(op, BigInteger(a), BigInteger(b), at: position) }
                result = next
            }
            return .int(result)
        case .concat:
            return nil
        }
    }

    func compare(
        _ op: ComparisonOperator, _ left: Value, _ right: Value, from leftExpression: Expression,
        _ rightExpression: Expression, at position: Position
    ) throws(TemplateError) -> Bool {
        // Jinja's Undefined compares equal only to another Undefined, and is in nothing and holds nothing.
        let lenient = !strict && [.equal, .notEqual, .isIn, .notIn].contains(op)
        if !lenient {
            if case .undefined(let name) = left { throw undefinedError(name, at: leftExpression.position) }
            if case .undefined(let name) = right { throw undefinedError(name, at: rightExpression.position) }
        }
        switch op {
        case .equal: return left.pythonEquals(right)
        case .notEqual: return !left.pythonEquals(right)
        case .isIn: return try contains(right, left, at: position)
        case .notIn: return try !contains(right, left, at: position)
        default:
            guard let order = left.pythonCompare(right) else {
                throw fail(
                    .typeMismatch,
                    "'\(op.rawValue)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'",
                    at: position)
            }
            switch op {
            case .less: return order == .orderedAscending
            case .lessEqual: return order != .orderedDescending
            case .greater: return order == .orderedDescending
            default: return order != .orderedAscending
            }
        }
    }

    /// Python's `needle in container`.
    func contains(_ container: Value, _ needle: Value, at position: Position) throws(TemplateError) -> Bool {
        switch container {
        case .string(let text):
            guard case .string(let part) = needle else {
                throw fail(
                    .typeMismatch, "'in <string>' requires string as left operand, not \(needle.typeName)",
                    at: position)
            }
            return part.isEmpty || text.contains(part)
        case .list(let storage): return storage.items.contains { $0.pythonEquals(needle) }
        case .undefined: return false
        case .dict(let storage): return storage[needle.renderedString] != nil
        case .object(let object):
            if let namespace = object as? NamespaceObject { return namespace.values[needle.renderedString] != nil }
            return object.iterationValues?.contains { $0.pythonEquals(needle) } ?? false
        default:
            throw fail(.typeMismatch, "argument of type '\(container.typeName)' is not iterable", at: position)
        }
    }
}
