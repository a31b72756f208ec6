/// Mutable render state shared by the templates of one render: globals, registered macros and options.
///
/// Not thread-safe: give each thread (or each concurrently compiled model) its own environment, or
/// serialize access to one.
public final class Environment {
    /// Whether using an undefined value is an error (Jinja's `StrictUndefined`) rather than empty text, as
    /// dbt's Jinja (the default `Undefined`) renders it.
    ///
    /// Lenient environments record a warning instead when an undefined name is rendered (`undefinedWarnings`).
    /// Either way an inline `if` without `else` whose condition is false renders as empty text.
    public var strictUndefined: Bool
    /// Warnings recorded since the last `takeWarnings()`: undefined names rendered as empty text, in the order
    /// met, each place once.
    public private(set) var warnings: [Diagnostic] = []
    private var warnedLocations: Set<SourceLocation> = []
    /// Names visible to every template and macro, below the render's own variables.
    public var globals: [String: Value] = [:]
    /// Macros registered without a namespace, by name.
    var macros: [String: Value] = [:]
    /// Macros registered under a namespace: `namespace.name()`.
    var namespaces: [String: DictStorage] = [:]
    /// Namespaces whose macros are also callable by bare name, searched in this order after the unnamespaced ones.
    ///
    /// dbt's rule: a node sees its own package's macros, then the root project's, then dbt's. The embedding
    /// application changes it between renders.
    public var macroSearchOrder: [String] = []
    /// Where the embedding application keeps macro definitions (`macros/`), named in the help for calling an
    /// undefined macro.
    public var macroFolder: String?
    /// What the name of a `{% macro %}` defined while rendering is prefixed with.
    ///
    /// dbt's parser renames such macros to `dbt_macro__<name>`, so a model cannot call a macro it defines by its
    /// own name; the compiler sets this for dbt's behaviour, plain Jinja leaves it empty.
    public var inlineMacroPrefix = ""
    /// The renders in progress, innermost last, so `call` from a native function shares their variables.
    var activeRenderers: [Renderer] = []
    /// Whether the macro call that finished last ended with `return()` rather than its rendered text: read right
    /// after ``call(_:arguments:)`` by a native function that must tell a returned string from rendered text (dbt's
    /// `statement` runs its body's text, but a `return()` in the body ends it with that value).
    public internal(set) var lastCallReturned = false

    public init(strictUndefined: Bool = false) {
        self.strictUndefined = strictUndefined
    }

    /// Returns the warnings recorded so far and forgets them.
    public func takeWarnings() -> [Diagnostic] {
        defer {
            warnings = []
            warnedLocations = []
        }
        return warnings
    }

    /// Records `warning` unless one was recorded at its place already (a macro renders once per caller).
    func warn(_ warning: Diagnostic) {
        if warnedLocations.insert(warning.location).inserted { warnings.append(warning) }
    }

    /// Makes the top-level macros of `template` callable as `name()`, or as `namespace.name()` (and as `name()`
    /// while the namespace is in `macroSearchOrder`).
    ///
    /// A later registration of the same name replaces the earlier one. Inside one of these macros the others of the
    /// same template come first, whatever the search order: Jinja's template module closes over its own macros.
    public func registerMacros(from template: Template, namespace: String? = nil) {
        let siblings = DictStorage()
        for definition in template.macroDefinitions {
            let value = Value.macro(
                MacroValue(definition: definition, closure: nil, namespace: namespace, siblings: siblings))
            siblings[definition.name] = value
            if let namespace {
                let storage = namespaces[namespace] ?? DictStorage()
                storage[definition.name] = value
                namespaces[namespace] = storage
            } else {
                macros[definition.name] = value
            }
        }
    }

    /// The registered macro `name` (or `namespace.name`), as a `.macro` value; a bare name is looked up as a
    /// template would look it up, through `macroSearchOrder`.
    public func macro(named name: String) -> Value? {
        if let value = searchMacro(name) { return value }
        let parts = name.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return macro(named: String(parts[1]), in: String(parts[0]))
    }

    /// The macro `name` registered under `namespace`, without searching elsewhere.
    public func macro(named name: String, in namespace: String) -> Value? {
        namespaces[namespace]?[name]
    }

    /// Whether anything is registered under `namespace`.
    public func hasNamespace(_ namespace: String) -> Bool { namespaces[namespace] != nil }

    /// Every macro name a template can call without a namespace.
    var bareMacroNames: Set<String> {
        var names = Set(macros.keys)
        for namespace in macroSearchOrder { names.formUnion(namespaces[namespace]?.keys ?? []) }
        return names
    }

    /// A bare macro name: the macros registered without a namespace, then the namespaces of `macroSearchOrder`.
    func searchMacro(_ name: String) -> Value? {
        if let value = macros[name] { return value }
        for namespace in macroSearchOrder {
            if let value = namespaces[namespace]?[name] { return value }
        }
        return nil
    }

    /// Renders `template` with `variables` visible above the globals.
    public func render(_ template: Template, variables: [String: Value] = [:]) throws(TemplateError) -> String {
        let renderer = Renderer(environment: self, variables: variables, unit: template.unit)
        activeRenderers.append(renderer)
        defer { activeRenderers.removeLast() }
        return try renderer.renderTemplate(template.nodes)
    }

    /// Renders `template` like `render`, and also says which template line produced each output line.
    public func renderWithLineMap(_ template: Template, variables: [String: Value] = [:]) throws(TemplateError)
        -> RenderedText
    {
        let renderer = Renderer(environment: self, variables: variables, unit: template.unit)
        let recorder = LineRecorder()
        renderer.lineRecorder = recorder
        activeRenderers.append(renderer)
        defer { activeRenderers.removeLast() }
        let text = try renderer.renderTemplate(template.nodes)
        return RenderedText(text: text, sourceLines: recorder.finish(text))
    }

    /// Calls a macro, native function or callable object from Swift; inside a render (from a native
    /// function) the macro sees that render's variables.
    public func call(_ callable: Value, arguments: Arguments) throws(TemplateError) -> Value {
        let renderer =
            activeRenderers.last
            ?? Renderer(
                environment: self, variables: [:], unit: TemplateUnit(path: arguments.location.path, source: ""))
        return try renderer.call(callable, arguments)
    }
}
