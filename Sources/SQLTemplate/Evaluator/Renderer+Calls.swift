extension Renderer {
    func evaluateArguments(_ expressions: [CallArgument], in scope: Scope, at position: Position)
        throws(TemplateError) -> Arguments
    {
        var arguments = Arguments(location: unit.location(position))
        if expressions.isEmpty { return arguments }
        for expression in expressions {
            switch expression {
            case .positional(let value):
                arguments.positional.append(try evaluate(value, in: scope))
            case .keyword(let name, let value):
                arguments.keyword.append((name, try evaluate(value, in: scope)))
            case .spread(let value):
                arguments.positional += try iterate(try evaluate(value, in: scope), from: value)
            case .keywordSpread(let value):
                guard case .dict(let storage) = try evaluate(value, in: scope) else {
                    throw fail(.typeMismatch, "argument after ** must be a mapping", at: value.position)
                }
                for (key, item) in storage { arguments.keyword.append((key, item)) }
            }
        }
        return arguments
    }

    func evaluateCall(
        _ calleeExpression: Expression, _ argumentExpressions: [CallArgument], in scope: Scope, at position: Position
    ) throws(TemplateError) -> Value {
        // Method calls on strings, lists and dicts go straight to the method, without a bound function value.
        if case .attribute(let baseExpression, let name) = calleeExpression.kind {
            let base = try evaluate(baseExpression, in: scope)
            if Methods.has(name, on: base) {
                let arguments = try evaluateArguments(argumentExpressions, in: scope, at: calleeExpression.position)
                return try callMethod(name, of: base, arguments)
            }
            let callee = try attribute(name, of: base, from: baseExpression, at: calleeExpression.position)
            let arguments = try evaluateArguments(argumentExpressions, in: scope, at: position)
            return try call(callee, arguments, caller: nil, calleeExpression: calleeExpression)
        }
        let callee = try evaluate(calleeExpression, in: scope)
        let arguments = try evaluateArguments(argumentExpressions, in: scope, at: position)
        return try call(callee, arguments, caller: nil, calleeExpression: calleeExpression)
    }

    /// Calls `callee` from a template expression; `caller` is the body of a `{% call %}` block.
    func call(_ callee: Value, _ arguments: Arguments, caller: MacroValue?, calleeExpression: Expression)
        throws(TemplateError) -> Value
    {
        switch callee {
        case .undefined(let name):
            if case .name = calleeExpression.kind { throw undefinedMacroError(name, at: calleeExpression.position) }
            throw undefinedError(name, at: calleeExpression.position)
        case .macro(let macro):
            return try invoke(macro, arguments, caller: caller)
        case .function, .object:
            var arguments = arguments
            if let caller { arguments.keyword.append(("caller", .macro(caller))) }
            return try call(callee, arguments)
        default:
            throw fail(
                .typeMismatch, "'\(callee.typeName)' object is not callable", at: calleeExpression.position,
                help: describe(calleeExpression).map { "'\($0)' is a \(callee.typeName), not a macro or function" })
        }
    }

    /// The error for calling `name()` when nothing of that name exists: a missing or mistyped macro, rather than a
    /// variable to set.
    func undefinedMacroError(_ name: String, at position: Position) -> TemplateError {
        let callable =
            Array(environment.bareMacroNames.filter { !$0.hasPrefix("test_") && !$0.hasPrefix("materialization_") })
            + environment.globals.compactMap { entry in
                switch entry.value {
                case .macro, .function: entry.key
                default: nil
                }
            }
        let place = environment.macroFolder.map { " in \($0)" } ?? ""
        var help = "define it with {% macro \(name)(...) %} ... {% endmacro %}\(place)"
        if let closest = closestName(to: name, in: callable.sorted()) {
            help = "did you mean '\(closest)'? or \(help)"
        }
        return fail(.undefinedVariable, "no macro or function named '\(name)'", at: position, help: help)
    }

    /// Calls a macro, native function or object with evaluated arguments.
    func call(_ callee: Value, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch callee {
        case .macro(let macro):
            return try invoke(macro, arguments, caller: nil)
        case .function(let function):
            do {
                return try function.body(arguments)
            } catch {
                throw withSourceLine(error)
            }
        case .object(let object):
            do {
                return try object.call(arguments)
            } catch {
                throw withSourceLine(error)
            }
        default:
            throw TemplateError(
                .typeMismatch, "'\(callee.typeName)' object is not callable", at: arguments.location,
                source: unit.path == arguments.location.path ? unit.source : nil)
        }
    }

    /// Fills in the source line of an error raised by a native function at a call site in this template.
    private func withSourceLine(_ error: TemplateError) -> TemplateError {
        guard error.diagnostic.sourceLine == nil, error.location.path == unit.path else { return error }
        var copy = error
        copy.diagnostic.sourceLine = SourceText.line(error.location.line, of: unit.source)
        return copy
    }

    func boundMethod(_ name: String, of receiver: Value, at position: Position) -> Value {
        .function(
            NativeFunction(name: name) { [self] arguments throws(TemplateError) in
                try callMethod(name, of: receiver, arguments)
            })
    }

    // MARK: - Macros

    /// Runs a macro body with its arguments bound; the result is the `return()` value or the rendered text.
    func invoke(_ macro: MacroValue, _ arguments: Arguments, caller: MacroValue?) throws(TemplateError) -> Value {
        let definition = macro.definition
        let scope = Scope(parent: macro.closure)
        try bind(arguments, of: definition, into: scope)
        if definition.usesCaller || caller != nil {
            scope.variables["caller"] =
                caller.map(Value.macro) ?? scope.variables["caller"]
                ?? .undefined("caller")
        }
        guard macroDepth < Renderer.maximumMacroDepth else {
            throw TemplateError(
                .limitExceeded,
                "macro '\(definition.name)' nested more than \(Renderer.maximumMacroDepth) calls deep",
                at: arguments.location, source: arguments.location.path == unit.path ? unit.source : nil,
                help: "check for a macro that calls itself without end")
        }
        // Each call may nest blocks and expressions up to the parser's limit, so deep recursion through deeply
        // nested calls can outgrow the stack before the call limit: stop while there is room to unwind.
        if let stackFloor, RenderThreads.stackAddress() < stackFloor {
            throw TemplateError(
                .limitExceeded,
                "macro '\(definition.name)' nested \(macroDepth) calls deep, with more nesting inside them than "
                    + "the render thread's stack holds",
                at: arguments.location, source: arguments.location.path == unit.path ? unit.source : nil,
                help: "check for a macro that calls itself without end, or nest less inside the recursive call")
        }
        let callerUnit = unit
        let callerSiblings = siblingMacros
        unit = definition.unit
        if let siblings = macro.siblings { siblingMacros = siblings }
        macroDepth += 1
        defer {
            unit = callerUnit
            siblingMacros = callerSiblings
            macroDepth -= 1
        }
        do {
            // Like Jinja, a parameter without an argument or a default is undefined rather than an error.
            for parameter in definition.parameters where scope.variables[parameter.name] == nil {
                scope.variables[parameter.name] =
                    try parameter.defaultValue.map { expression throws(TemplateError) in
                        try evaluate(expression, in: scope)
                    } ?? .undefined(parameter.name)
            }
            var output = ""
            if try execute(definition.body, in: scope, into: &output) == .returned, let pending = pendingReturn {
                pendingReturn = nil
                environment.lastCallReturned = true
                return pending.value
            }
            environment.lastCallReturned = false
            return .string(output)
        } catch {
            var located = error
            located.callStack.insert(arguments.location, at: 0)
            throw located
        }
    }

    private func bind(_ arguments: Arguments, of definition: MacroDefinition, into scope: Scope)
        throws(TemplateError)
    {
        let parameters = definition.parameters
        func wrong(_ message: String) -> TemplateError {
            TemplateError(
                .wrongArguments, message, at: arguments.location,
                source: arguments.location.path == unit.path ? unit.source : nil,
                help: "'\(definition.name)' is defined at \(definition.unit.location(definition.position)) as "
                    + definition.signature)
        }
        if arguments.positional.count > parameters.count, !definition.usesVarargs {
            throw wrong(
                "macro '\(definition.name)' takes at most \(parameters.count) argument(s), "
                    + "got \(arguments.positional.count)")
        }
        for (parameter, value) in zip(parameters, arguments.positional) {
            scope.variables[parameter.name] = value
        }
        if definition.usesVarargs {
            scope.variables["varargs"] = .list(
                ListStorage(
                    Array(arguments.positional.dropFirst(parameters.count)),
                    isTuple: true))
        }
        let extra = DictStorage()
        for (name, value) in arguments.keyword {
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                if index < arguments.positional.count {
                    throw wrong("macro '\(definition.name)' got multiple values for argument '\(name)'")
                }
                scope.variables[name] = value
            } else if name == "caller", definition.usesCaller {
                scope.variables[name] = value
            } else if definition.usesKwargs {
                extra[name] = value
            } else {
                var message = "macro '\(definition.name)' takes no keyword argument '\(name)'"
                if let suggestion = closestName(to: name, in: parameters.map(\.name)) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw wrong(message)
            }
        }
        if definition.usesKwargs { scope.variables["kwargs"] = .dict(extra) }
    }
}
