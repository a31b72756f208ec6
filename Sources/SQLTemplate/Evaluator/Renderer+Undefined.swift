extension Renderer {
    /// What the undefined value of an inline `if` without `else` carries; it renders as empty text even in a strict
    /// environment, since dbt templates write `{{ ',' if not loop.last }}` on purpose.
    static let inlineIfWithoutElse = "the inline if-expression evaluated to false and has no else branch"

    /// The error for using `name` while it is undefined; `scope`, when given, suggests a visible name close to it.
    ///
    /// A name with a space is already a complete sentence and becomes the message.
    func undefinedError(_ name: String, at position: Position, scope: Scope? = nil) -> TemplateError {
        if name.contains(" ") { return fail(.undefinedVariable, name, at: position) }
        var help =
            name.contains(".") || name.contains("[")
            ? "check the name, or test it with 'is defined' before using it"
            : "define it with {% set \(name) = ... %} or pass it with --vars"
        if let scope, let closest = closestName(to: name, in: visibleNames(in: scope)) {
            help = "did you mean '\(closest)'? or \(help)"
        }
        return fail(.undefinedVariable, "'\(name)' is undefined", at: position, help: help)
    }

    /// Renders the undefined value of `expression` as dbt does, as empty text; when the expression is a name (a
    /// likely typo), records a warning at it, or fails in a strict environment.
    func renderUndefined(_ name: String, from expression: Expression, in scope: Scope) throws(TemplateError) {
        if strict {
            guard name == Renderer.inlineIfWithoutElse else {
                throw undefinedError(name, at: expression.position, scope: scope)
            }
            return
        }
        guard case .name(let undefinedName) = expression.kind else { return }
        var help = "set it, pass it with --vars, or test it with 'is defined'; --strict makes this an error"
        if let closest = closestName(to: undefinedName, in: visibleNames(in: scope)) {
            help = "did you mean '\(closest)'? \(help)"
        }
        let location = unit.location(expression.position)
        environment.warn(
            Diagnostic(
                severity: .warning, location: location, message: "'\(undefinedName)' is undefined and renders as ''",
                sourceLine: SourceText.line(location.line, of: unit.source), help: help))
    }

    /// Every name a template could mean here: its scopes, the render's variables, globals, macros and builtins.
    func visibleNames(in scope: Scope) -> [String] {
        var names = Set(variables.keys).union(environment.globals.keys).union(environment.bareMacroNames)
        names.formUnion(environment.namespaces.keys)
        names.formUnion(Renderer.builtinGlobalNames)
        var current: Scope? = scope
        while let level = current {
            names.formUnion(level.variables.names)
            current = level.parent
        }
        return names.sorted()
    }
}
