/// Walks a template tree and renders it: one instance per `Environment.render` call.
final class Renderer {
    /// How a statement list ended: normally, by `break`/`continue`, or by dbt's `return()`.
    enum Outcome {
        case normal
        case breakLoop
        case continueLoop
        case returned
    }

    let environment: Environment
    let variables: [String: Value]
    let strict: Bool
    /// The template whose nodes are being executed (the macro's own file inside a macro).
    var unit: TemplateUnit
    /// The value passed to `return()`, until the enclosing macro call takes it.
    var pendingReturn: (value: Value, position: Position)?
    /// Set when the caller wants the output's line map.
    var lineRecorder: LineRecorder?
    /// How many `{% set %}`/`{% filter %}` blocks are capturing output: their text is not the render's output.
    var captureDepth = 0
    /// Inside a registered macro: the macros of its template, which it sees before globals and other macros.
    var siblingMacros: DictStorage?

    /// Whether output now goes straight into the render's own output, not a macro's or a capture's.
    private var writesRenderOutput: Bool { macroDepth == 0 && captureDepth == 0 }
    /// Nested macro calls in progress, limited so runaway recursion is an error rather than a crash.
    var macroDepth = 0
    /// Deep enough for recursive macros (a 500-deep recursion is promised to work); the threads `wh` renders on
    /// have stacks sized for it (see docs/architecture.md, "Limits").
    static let maximumMacroDepth = 1000
    /// The lowest stack address a macro call may start at, on render threads; nil on other threads.
    let stackFloor = RenderThreads.currentStackFloor

    init(environment: Environment, variables: [String: Value], unit: TemplateUnit) {
        self.environment = environment
        self.variables = variables
        self.strict = environment.strictUndefined
        self.unit = unit
    }

    func fail(_ kind: TemplateError.Kind, _ message: String, at position: Position, help: String? = nil)
        -> TemplateError
    {
        unit.error(kind, message, at: position, help: help)
    }

    func renderTemplate(_ nodes: [Node]) throws(TemplateError) -> String {
        var output = ""
        let scope = Scope(parent: nil)
        if try execute(nodes, in: scope, into: &output) == .returned, let pending = pendingReturn {
            throw fail(
                .other, "return() used outside a macro", at: pending.position,
                help: "call return() only inside {% macro %}")
        }
        return output
    }

    /// Name lookup: local scopes, then the render's variables, the current macro's siblings, globals, registered
    /// macros (through the search order), namespaces and builtins.
    func lookup(_ name: String, in scope: Scope) -> Value? {
        if let value = scope.lookup(name) { return value }
        if !variables.isEmpty, let value = variables[name] { return value }
        if let siblingMacros, let value = siblingMacros[name] { return value }
        if let value = environment.globals[name] { return value }
        if let value = environment.searchMacro(name) { return value }
        if let storage = environment.namespaces[name] { return .dict(storage) }
        return builtinGlobal(name)
    }

    // MARK: - Statements

    func execute(_ nodes: [Node], in scope: Scope, into output: inout String) throws(TemplateError) -> Outcome {
        for node in nodes {
            let outcome = try execute(node, in: scope, into: &output)
            if outcome != .normal { return outcome }
        }
        return .normal
    }

    private func execute(_ node: Node, in scope: Scope, into output: inout String) throws(TemplateError) -> Outcome {
        switch node {
        case .text(let text, let line):
            let recorder = writesRenderOutput ? lineRecorder : nil
            recorder?.willWrite(into: output, fromLine: line)
            output += text
            recorder?.didWriteText(into: output, fromLine: line)
        case .output(let expression):
            let value = try evaluate(expression, in: scope)
            if pendingReturn != nil { return .returned }
            if writesRenderOutput { lineRecorder?.willWrite(into: output, fromLine: expression.position.line) }
            try write(value, from: expression, in: scope, into: &output)
        case .conditional(let branches, let otherwise):
            for branch in branches {
                let condition = try evaluate(branch.condition, in: scope)
                if pendingReturn != nil { return .returned }
                if try truthy(condition, from: branch.condition) {
                    return try execute(branch.body, in: scope, into: &output)
                }
            }
            return try execute(otherwise, in: scope, into: &output)
        case .loop(let loop):
            return try run(loop, in: scope, into: &output)
        case .assign(let target, let expression, let position):
            let value = try evaluate(expression, in: scope)
            if pendingReturn != nil { return .returned }
            try assign(value, to: target, in: scope, at: position)
        case .assignBlock(let target, let filters, let body, let position):
            var text = ""
            captureDepth += 1
            defer { captureDepth -= 1 }
            let outcome = try execute(body, in: scope, into: &text)
            if outcome != .normal { return outcome }
            try assign(try applyFilters(filters, to: .string(text), in: scope), to: target, in: scope, at: position)
        case .with(let bindings, let body):
            var values: [Value] = []
            for binding in bindings {
                values.append(try evaluate(binding.value, in: scope))
                if pendingReturn != nil { return .returned }
            }
            let inner = Scope(parent: scope)
            for (binding, value) in zip(bindings, values) {
                try assign(value, to: binding.target, in: inner, at: binding.position)
            }
            return try execute(body, in: inner, into: &output)
        case .macro(let definition):
            scope.variables[environment.inlineMacroPrefix + definition.name] = .macro(
                MacroValue(definition: definition, closure: scope))
        case .callBlock(let callExpression, let callerDefinition):
            guard case .call(let calleeExpression, let argumentExpressions) = callExpression.kind else {
                return .normal
            }
            let callee = try evaluate(calleeExpression, in: scope)
            let arguments = try evaluateArguments(argumentExpressions, in: scope, at: callExpression.position)
            let caller = MacroValue(definition: callerDefinition, closure: scope)
            let value = try call(callee, arguments, caller: caller, calleeExpression: calleeExpression)
            if pendingReturn != nil { return .returned }
            try write(value, from: callExpression, in: scope, into: &output)
        case .filterBlock(let filters, let body):
            var text = ""
            captureDepth += 1
            defer { captureDepth -= 1 }
            let outcome = try execute(body, in: scope, into: &text)
            if outcome != .normal { return outcome }
            let value = try applyFilters(filters, to: .string(text), in: scope)
            output += value.renderedString
        case .evaluate(let expression):
            _ = try evaluate(expression, in: scope)
            if pendingReturn != nil { return .returned }
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    private func write(_ value: Value, from expression: Expression, in scope: Scope, into output: inout String)
        throws(TemplateError)
    {
        switch value {
        case .string(let text): output += text
        case .int(let number): output += String(number)
        case .undefined(let name): try renderUndefined(name, from: expression, in: scope)
        default: output += value.renderedString
        }
    }

    func truthy(_ value: Value, from expression: Expression) throws(TemplateError) -> Bool {
        if strict, case .undefined(let name) = value { throw undefinedError(name, at: expression.position) }
        return value.isTruthy
    }

    private func applyFilters(_ filters: [FilterCall], to value: Value, in scope: Scope) throws(TemplateError)
        -> Value
    {
        var result = value
        for filter in filters {
            let arguments = try evaluateArguments(filter.arguments, in: scope, at: filter.position)
            result = try applyFilter(filter.name, to: result, arguments, at: filter.position)
        }
        return result
    }

    private func assign(_ value: Value, to target: AssignTarget, in scope: Scope, at position: Position)
        throws(TemplateError)
    {
        switch target {
        case .name(let name):
            scope.variables[name] = value
        case .names(let names):
            let items = try unpack(value, into: names.count, at: position)
            for (name, item) in zip(names, items) { scope.variables[name] = item }
        case .attribute(let name, let attribute):
            guard case .object(let object)? = lookup(name, in: scope), let namespace = object as? NamespaceObject
            else {
                throw fail(
                    .typeMismatch, "cannot assign attribute '\(attribute)' on '\(name)'", at: position,
                    help: "create it with {% set \(name) = namespace() %} to assign attributes in loops")
            }
            namespace.values[attribute] = value
        }
    }

    func unpack(_ value: Value, into count: Int, at position: Position) throws(TemplateError) -> [Value] {
        let items = try iterate(value, at: position)
        guard items.count == count else {
            let problem = items.count < count ? "not enough" : "too many"
            throw fail(
                .typeMismatch, "\(problem) values to unpack (expected \(count), got \(items.count))",
                at: position)
        }
        return items
    }

    // MARK: - Loops

    private func run(_ loop: Loop, in scope: Scope, into output: inout String) throws(TemplateError) -> Outcome {
        let iterable = try evaluate(loop.iterable, in: scope)
        if pendingReturn != nil { return .returned }
        return try run(loop, over: iterable, depth: 1, in: scope, into: &output)
    }

    /// Runs `loop` over the items of `iterable`; a recursive loop's `loop(items)` comes back here one level deeper.
    private func run(_ loop: Loop, over iterable: Value, depth: Int, in scope: Scope, into output: inout String)
        throws(TemplateError) -> Outcome
    {
        var items = try iterate(iterable, from: loop.iterable)
        let body = Scope(parent: scope)
        if let filter = loop.filter {
            var kept: [Value] = []
            for item in items {
                body.variables.removeAll(keepingCapacity: true)
                try assign(item, to: loop.target, in: body, at: loop.position)
                if try truthy(try evaluate(filter, in: body), from: filter) { kept.append(item) }
            }
            items = kept
        }
        guard !items.isEmpty else {
            return try execute(loop.otherwise, in: scope, into: &output)
        }
        let context = LoopObject(items: items, depth: depth)
        if loop.isRecursive {
            context.recurse = { [unowned self] items throws(TemplateError) in
                var text = ""
                captureDepth += 1
                defer { captureDepth -= 1 }
                _ = try run(loop, over: items, depth: depth + 1, in: scope, into: &text)
                return .string(text)
            }
        }
        let contextValue = Value.object(context)
        for (position, item) in items.enumerated() {
            body.variables.removeAll(keepingCapacity: true)
            context.index0 = position
            try assign(item, to: loop.target, in: body, at: loop.position)
            body.variables["loop"] = contextValue
            switch try execute(loop.body, in: body, into: &output) {
            case .normal, .continueLoop: continue
            case .breakLoop: return .normal
            case .returned: return .returned
            }
        }
        return .normal
    }

    func iterate(_ value: Value, from expression: Expression) throws(TemplateError) -> [Value] {
        try iterate(value, at: expression.position)
    }

    /// The items of an iterable: a list's items, a dict's keys, a string's characters.
    func iterate(_ value: Value, at position: Position) throws(TemplateError) -> [Value] {
        switch value {
        case .list(let storage): return storage.items
        case .dict(let storage): return storage.keys.map(storage.key)
        case .string(let text): return text.map { .string(String($0)) }
        case .undefined(let name):
            if strict { throw undefinedError(name, at: position) }
            return []
        case .object(let object):
            if let markup = object as? MarkupText { return markup.text.map { .string(String($0)) } }
            if let namespace = object as? NamespaceObject { return namespace.values.keys.map(Value.string) }
            if let group = object as? GroupTuple { return [group.grouper, group.list] }
            if let values = object.iterationValues { return values }
            throw fail(.typeMismatch, "'\(object.renderedString)' is not iterable", at: position)
        default:
            throw fail(.typeMismatch, "'\(value.typeName)' object is not iterable", at: position)
        }
    }
}
