extension Renderer {
    func evaluate(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        switch expression.kind {
        case .constant(let literal):
            return Value(literal)
        case .name(let name):
            return lookup(name, in: scope) ?? .undefined(name)
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .list(ListStorage(values))
        case .tuple(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .list(ListStorage(values, isTuple: true))
        case .dict(let entries):
            let storage = DictStorage()
            for entry in entries {
                let key = try evaluate(entry.key, in: scope)
                storage.set(try evaluate(entry.value, in: scope), forKey: key)
            }
            return .dict(storage)
        case .attribute(let baseExpression, let name):
            let base = try evaluate(baseExpression, in: scope)
            return try attribute(name, of: base, from: baseExpression, at: expression.position)
        case .index(let baseExpression, let keyExpression):
            let base = try evaluate(baseExpression, in: scope)
            let key = try evaluate(keyExpression, in: scope)
            return try item(key, of: base, from: baseExpression, at: expression.position)
        case .slice(let baseExpression, let start, let stop, let step):
            let base = try evaluate(baseExpression, in: scope)
            return try slice(
                base, from: baseExpression,
                start: try start.map { expression throws(TemplateError) in try evaluate(expression, in: scope) },
                stop: try stop.map { expression throws(TemplateError) in try evaluate(expression, in: scope) },
                step: try step.map { expression throws(TemplateError) in try evaluate(expression, in: scope) },
                at: expression.position)
        case .call(let calleeExpression, let argumentExpressions):
            return try evaluateCall(calleeExpression, argumentExpressions, in: scope, at: expression.position)
        case .filter(let baseExpression, let filter):
            var base = try evaluate(baseExpression, in: scope)
            if case .undefined(let name) = base, !filter.name.acceptsUndefined {
                try renderUndefined(name, from: baseExpression, in: scope)
                base = .string("")
            }
            let arguments = try evaluateArguments(filter.arguments, in: scope, at: filter.position)
            return try applyFilter(filter.name, to: base, arguments, at: filter.position)
        case .test(let baseExpression, let test, let argumentExpressions, let negated):
            let base = try evaluate(baseExpression, in: scope)
            if case .undefined(let name) = base, strict ? !test.acceptsUndefined : !test.acceptsLenientUndefined {
                throw undefinedError(name, at: baseExpression.position)
            }
            let arguments = try evaluateArguments(argumentExpressions, in: scope, at: expression.position)
            let result = try applyTest(test, to: base, arguments, at: expression.position)
            return .bool(result != negated)
        case .unary(let op, let operandExpression):
            let operand = try evaluate(operandExpression, in: scope)
            return try unary(op, operand, from: operandExpression, at: expression.position)
        case .binary(let first, let operations):
            var left = try evaluate(first, in: scope)
            var leftExpression = first
            for operation in operations {
                let right = try evaluate(operation.operand, in: scope)
                if operation.op == .concat {
                    // `~` renders both sides as text, so an undefined side is rendered like `{{ }}` renders it.
                    if case .undefined(let name) = left { try renderUndefined(name, from: leftExpression, in: scope) }
                    if case .undefined(let name) = right {
                        try renderUndefined(name, from: operation.operand, in: scope)
                    }
                }
                left = try binary(
                    operation.op, left, right, from: leftExpression, operation.operand, at: operation.position)
                leftExpression = operation.operand
            }
            return left
        case .compare(let firstExpression, let comparisons):
            var left = try evaluate(firstExpression, in: scope)
            var leftExpression = firstExpression
            for comparison in comparisons {
                let right = try evaluate(comparison.operand, in: scope)
                let holds = try compare(
                    comparison.op, left, right, from: leftExpression, comparison.operand, at: comparison.position)
                if !holds { return .bool(false) }
                left = right
                leftExpression = comparison.operand
            }
            return .bool(true)
        case .and(let operands):
            return try firstDeciding(operands, stopWhen: false, in: scope)
        case .or(let operands):
            return try firstDeciding(operands, stopWhen: true, in: scope)
        case .conditional(let then, let condition, let otherwise):
            if try truthy(try evaluate(condition, in: scope), from: condition) {
                return try evaluate(then, in: scope)
            }
            guard let otherwise else { return .undefined(Renderer.inlineIfWithoutElse) }
            return try evaluate(otherwise, in: scope)
        case .macroReturn(let valueExpression):
            let value = try valueExpression.map { expression throws(TemplateError) in
                try evaluate(expression, in: scope)
            }
            pendingReturn = (value ?? .none, expression.position)
            return .none
        }
    }

    /// `and`/`or`: the first operand whose truth is `stopWhen`, else the last operand, as in Python.
    private func firstDeciding(_ operands: [Expression], stopWhen: Bool, in scope: Scope) throws(TemplateError)
        -> Value
    {
        var value = Value.none
        for (offset, operand) in operands.enumerated() {
            value = try evaluate(operand, in: scope)
            if offset < operands.count - 1, try truthy(value, from: operand) == stopWhen { return value }
        }
        return value
    }

    /// How an expression is named in "is undefined" messages: `a.b` or `a['k']` for access chains.
    func describe(_ expression: Expression) -> String? {
        switch expression.kind {
        case .name(let name): return name
        case .attribute(let base, let name): return describe(base).map { "\($0).\(name)" }
        case .index(let base, let key):
            guard let prefix = describe(base), let literal = key.literal else { return nil }
            return "\(prefix)[\(Value(literal).representation)]"
        default: return nil
        }
    }

    func missingAttribute(_ name: String, of base: Value, from baseExpression: Expression) -> Value {
        if let path = describe(baseExpression) { return .undefined("\(path).\(name)") }
        return .undefined("'\(base.typeName)' object has no attribute '\(name)'")
    }

    /// `base.name`, with Jinja's rule: a method or attribute first, then a dict item.
    func attribute(_ name: String, of base: Value, from baseExpression: Expression, at position: Position)
        throws(TemplateError) -> Value
    {
        switch base {
        case .undefined(let undefinedName):
            throw undefinedError(undefinedName, at: baseExpression.position)
        case .dict(let storage):
            if Methods.has(name, on: base) { return boundMethod(name, of: base, at: position) }
            return storage[name] ?? missingAttribute(name, of: base, from: baseExpression)
        case .string, .list:
            if Methods.has(name, on: base) { return boundMethod(name, of: base, at: position) }
        case .object(let object as MarkupText):
            // Bound to the Markup itself, so `format` can escape what it inserts.
            if Methods.has(name, on: .string(object.text)) { return boundMethod(name, of: base, at: position) }
        case .object(let object):
            if let value = object.attribute(name) { return value }
        case .macro(let macro):
            if name == "name" { return .string(macro.name) }
        default:
            break
        }
        return missingAttribute(name, of: base, from: baseExpression)
    }

    /// `base[key]`, with Jinja's rule: an item first, then an attribute for string keys.
    func item(_ key: Value, of base: Value, from baseExpression: Expression, at position: Position)
        throws(TemplateError) -> Value
    {
        let missing = Value.undefined(
            describe(baseExpression).map { "\($0)[\(key.representation)]" }
                ?? "'\(base.typeName)' object has no item \(key.representation)")
        switch (base.unwrappingMarkup, key) {
        case (.undefined(let name), _):
            throw undefinedError(name, at: baseExpression.position)
        case (_, .undefined(let name)):
            throw undefinedError(name, at: position)
        // Jinja answers an item that cannot be looked up (a wrong index type included) with a method of that name,
        // or else undefined.
        case (.list, .string(let name)), (.string, .string(let name)):
            return Methods.has(name, on: base) ? boundMethod(name, of: base, at: position) : missing
        case (.list(let storage), _):
            guard let index = key.integer else { return missing }
            let resolved = index < 0 ? storage.items.count + index : index
            return storage.items.indices.contains(resolved) ? storage.items[resolved] : missing
        case (.string(let text), _):
            guard let index = key.integer else { return missing }
            let characters = Array(text)
            let resolved = index < 0 ? characters.count + index : index
            return characters.indices.contains(resolved) ? .string(String(characters[resolved])) : missing
        case (.dict(let storage), _):
            if let value = storage[key.renderedString] { return value }
            if case .string(let name) = key, Methods.has(name, on: base) {
                return boundMethod(name, of: base, at: position)
            }
            return missing
        case (.object(let object), _):
            return object.item(key) ?? missing
        default:
            return missing
        }
    }

    func slice(
        _ input: Value, from baseExpression: Expression, start: Value?, stop: Value?, step: Value?,
        at position: Position
    ) throws(TemplateError) -> Value {
        let base = input.unwrappingMarkup
        func bound(_ value: Value?) throws(TemplateError) -> Int? {
            guard let value, !value.isNone else { return nil }
            guard let integer = value.integer else {
                throw fail(.typeMismatch, "slice indices must be integers or None, not \(value.typeName)", at: position)
            }
            return integer
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw fail(.other, "slice step cannot be zero", at: position) }
        switch base {
        case .undefined(let name):
            throw undefinedError(name, at: baseExpression.position)
        case .list(let storage):
            let indices = sliceIndices(count: storage.items.count, try bound(start), try bound(stop), stepValue)
            let items = indices.map { storage.items[$0] }
            // A slice of a range is a range (of the values it holds).
            if case .range? = storage.view, let first = items.first?.integer, let last = items.last?.integer {
                let step = items.count > 1 ? (items[1].integer ?? 1) - first : stepValue
                return .list(ListStorage(items, view: .range(start: first, stop: last + step, step: step)))
            }
            return .list(ListStorage(items, isTuple: storage.isTuple))
        case .string(let text):
            let characters = Array(text)
            let indices = sliceIndices(count: characters.count, try bound(start), try bound(stop), stepValue)
            return .string(String(indices.map { characters[$0] }))
        default:
            throw fail(.typeMismatch, "'\(base.typeName)' object is not subscriptable", at: position)
        }
    }
}

/// Python's slice semantics: the indices `[start:stop:step]` selects from a sequence of `count` items.
func sliceIndices(count: Int, _ start: Int?, _ stop: Int?, _ step: Int) -> [Int] {
    func clamp(_ value: Int, lower: Int, upper: Int) -> Int {
        let resolved = value < 0 ? value + count : value
        return min(max(resolved, lower), upper)
    }
    if step > 0 {
        let from = start.map { clamp($0, lower: 0, upper: count) } ?? 0
        let to = stop.map { clamp($0, lower: 0, upper: count) } ?? count
        return from < to ? Array(stride(from: from, to: to, by: step)) : []
    }
    let from = start.map { clamp($0, lower: -1, upper: count - 1) } ?? count - 1
    let to = stop.map { clamp($0, lower: -1, upper: count - 1) } ?? -1
    return from > to ? Array(stride(from: from, to: to, by: step)) : []
}

extension Value {
    /// Whether the value is `none`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
