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

    /// Makes the top-level macros of `template` callable as `name()`, or as `namespace.name()`.
    ///
    /// A later registration of the same name replaces the earlier one.
    public func registerMacros(from template: Template, namespace: String? = nil) {
        for definition in template.macroDefinitions {
            let value = Value.macro(MacroValue(definition: definition, closure: nil, namespace: namespace))
            if let namespace {
                let storage = namespaces[namespace] ?? DictStorage()
                storage[definition.name] = value
                namespaces[namespace] = storage
            } else {
                macros[definition.name] = value
            }
        }
    }

    /// The registered macro `name` (or `namespace.name`), as a `.macro` value.
    public func macro(named name: String) -> Value? {
        if let value = macros[name] { return value }
        let parts = name.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return namespaces[String(parts[0])]?[String(parts[1])]
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
