extension Renderer {
    func applyTest(_ test: TestName, to input: Value, _ arguments: Arguments, at position: Position)
        throws(TemplateError) -> Bool
    {
        let value = input.unwrappingMarkup
        func argument() throws(TemplateError) -> Value {
            guard let first = arguments.positional.first ?? arguments.keyword.first?.value else {
                throw fail(.wrongArguments, "test '\(test.rawValue)' needs an argument", at: position)
            }
            if case .undefined(let name) = first { throw undefinedError(name, at: position) }
            return first
        }
        func ordered(_ accepted: Set<Ordering>) throws(TemplateError) -> Bool {
            let other = try argument()
            guard let order = value.pythonCompare(other) else {
                throw fail(.typeMismatch, "cannot compare '\(value.typeName)' with '\(other.typeName)'", at: position)
            }
            return accepted.contains(order)
        }
        switch test {
        case .defined: return !value.isUndefined
        case .filter, .test:
            switch value {
            case .list(let storage) where !storage.isTuple:
                throw fail(.typeMismatch, "unhashable type: 'list'", at: position)
            case .dict: throw fail(.typeMismatch, "unhashable type: 'dict'", at: position)
            default: break
            }
            guard let name = value.stringValue else { return false }
            return test == .filter ? FilterName(named: name) != nil : TestName(named: name) != nil
        case .undefined: return value.isUndefined
        case .none: return value.isNone
        case .boolean:
            if case .bool = value { return true }
            return false
        case .true:
            if case .bool(true) = value { return true }
            return false
        case .false:
            if case .bool(false) = value { return true }
            return false
        case .integer:
            if case .int = value { return true }
            return value.isBigInteger
        case .float:
            if case .double = value { return true }
            return false
        case .number:
            switch value {
            case .int, .double, .bool: return true
            default: return value.isBigInteger
            }
        case .string: return value.stringValue != nil
        case .escaped: return input.isMarkup
        case .mapping:
            if case .dict = value { return true }
            if case .object(let object) = value { return object.isMapping }
            return false
        case .sequence, .iterable:
            switch value {
            case .string, .list, .dict: return true
            case .object(let object): return object.iterationValues != nil
            default: return false
            }
        case .callable:
            switch value {
            case .function, .macro, .undefined: return true
            default: return false
            }
        case .sameas:
            let other = try argument()
            switch (value, other) {
            case (.list(let a), .list(let b)): return a === b
            case (.dict(let a), .dict(let b)): return a === b
            case (.object(let a), .object(let b)): return a === b
            case (.macro(let a), .macro(let b)): return a === b
            case (.none, .none): return true
            case (.bool(let a), .bool(let b)): return a == b
            default: return false
            }
        case .eq: return value.pythonEquals(try argument())
        case .ne: return !value.pythonEquals(try argument())
        case .lt: return try ordered([.orderedAscending])
        case .le: return try ordered([.orderedAscending, .orderedSame])
        case .gt: return try ordered([.orderedDescending])
        case .ge: return try ordered([.orderedDescending, .orderedSame])
        case .in: return try contains(try argument(), value, at: position)
        case .even, .odd, .divisibleby:
            if test != .divisibleby, case .object(let object as BigIntegerObject) = value {
                return object.value.isOdd == (test == .odd)
            }
            guard let number = value.integer else {
                throw fail(
                    .typeMismatch, "test '\(test.rawValue)' needs an integer, not \(value.typeName)",
                    at: position)
            }
            if test == .divisibleby {
                guard let divisor = try argument().integer, divisor != 0 else {
                    throw fail(.wrongArguments, "divisibleby needs a non-zero integer", at: position)
                }
                return number % divisor == 0
            }
            return (number % 2 == 0) == (test == .even)
        case .lower, .upper:
            // Jinja tests the value's text, so numbers and lists are neither.
            let text = value.renderedString
            let lowered = text.lowercased()
            let uppered = text.uppercased()
            return lowered != uppered && text == (test == .lower ? lowered : uppered)
        }
    }
}
