extension Template {
    /// Every call `name(...)` whose callee is a plain global name in `names`, in source order.
    ///
    /// Calls anywhere in the tree count: branches not taken, loop bodies, macro bodies, set blocks and call
    /// blocks.
    public func staticCalls(to names: Set<String>) -> [StaticCall] {
        var collector = StaticCallCollector(names: names, unit: unit)
        collector.visit(nodes)
        return collector.calls.sorted { $0.location < $1.location }
    }
}

private struct StaticCallCollector {
    let names: Set<String>
    let unit: TemplateUnit
    var calls: [StaticCall] = []

    init(names: Set<String>, unit: TemplateUnit) {
        self.names = names
        self.unit = unit
    }

    mutating func visit(_ nodes: [Node]) {
        for node in nodes { visit(node) }
    }

    mutating func visit(_ node: Node) {
        switch node {
        case .text, .breakLoop, .continueLoop: break
        case .output(let expression), .evaluate(let expression), .assign(_, let expression, _): visit(expression)
        case .conditional(let branches, let otherwise):
            for branch in branches {
                visit(branch.condition)
                visit(branch.body)
            }
            visit(otherwise)
        case .loop(let loop):
            visit(loop.iterable)
            if let filter = loop.filter { visit(filter) }
            visit(loop.body)
            visit(loop.otherwise)
        case .assignBlock(_, let filters, let body, _):
            visit(body)
            for filter in filters { visit(filter.arguments) }
        case .with(let bindings, let body):
            for binding in bindings { visit(binding.value) }
            visit(body)
        case .macro(let definition): visit(definition)
        case .callBlock(let call, let caller):
            visit(call)
            visit(caller)
        case .filterBlock(let filters, let body):
            for filter in filters { visit(filter.arguments) }
            visit(body)
        }
    }

    mutating func visit(_ definition: MacroDefinition) {
        for parameter in definition.parameters {
            if let defaultValue = parameter.defaultValue { visit(defaultValue) }
        }
        visit(definition.body)
    }

    mutating func visit(_ arguments: [CallArgument]) {
        for argument in arguments {
            switch argument {
            case .positional(let value), .keyword(_, let value), .spread(let value), .keywordSpread(let value):
                visit(value)
            }
        }
    }

    mutating func visit(_ expression: Expression) {
        switch expression.kind {
        case .constant, .name: break
        case .list(let items), .tuple(let items):
            for item in items { visit(item) }
        case .dict(let entries):
            for entry in entries {
                visit(entry.key)
                visit(entry.value)
            }
        case .attribute(let base, _): visit(base)
        case .index(let base, let key):
            visit(base)
            visit(key)
        case .slice(let base, let start, let stop, let step):
            visit(base)
            for part in [start, stop, step] { if let part { visit(part) } }
        case .call(let callee, let arguments):
            if case .name(let name) = callee.kind, names.contains(name) { record(name, arguments, callee.position) }
            visit(callee)
            visit(arguments)
        case .filter(let base, let filter):
            visit(base)
            visit(filter.arguments)
        case .test(let base, _, let arguments, _):
            visit(base)
            visit(arguments)
        case .unary(_, let operand): visit(operand)
        case .binary(let first, let operations):
            visit(first)
            for operation in operations { visit(operation.operand) }
        case .and(let operands), .or(let operands):
            for operand in operands { visit(operand) }
        case .compare(let first, let comparisons):
            visit(first)
            for comparison in comparisons { visit(comparison.operand) }
        case .conditional(let then, let condition, let otherwise):
            visit(then)
            visit(condition)
            if let otherwise { visit(otherwise) }
        case .macroReturn(let value):
            if let value { visit(value) }
        }
    }

    mutating func record(_ name: String, _ arguments: [CallArgument], _ position: Position) {
        var positional: [Literal?] = []
        var keyword: [String: Literal?] = [:]
        for argument in arguments {
            switch argument {
            case .positional(let value): positional.append(value.literal)
            case .keyword(let key, let value): keyword[key] = .some(value.literal)
            case .spread, .keywordSpread: positional.append(nil)
            }
        }
        calls.append(
            StaticCall(
                callee: name, arguments: positional, keywordArguments: keyword,
                location: unit.location(position)))
    }
}

extension Expression {
    /// The constant this expression always evaluates to, when it is written as a literal.
    var literal: Literal? {
        switch kind {
        case .constant(let literal): return literal
        case .list(let items), .tuple(let items):
            var values: [Literal] = []
            for item in items {
                guard let value = item.literal else { return nil }
                values.append(value)
            }
            return .list(values)
        case .dict(let entries):
            var pairs: [Literal.KeyValue] = []
            for entry in entries {
                guard let key = entry.key.literal, let value = entry.value.literal else { return nil }
                pairs.append(Literal.KeyValue(key: Value(key).renderedString, value: value))
            }
            return .dict(pairs)
        case .unary(.negate, let operand):
            switch operand.literal {
            case .int(let value): return .int(-value)
            case .double(let value): return .double(-value)
            default: return nil
            }
        default: return nil
        }
    }
}
