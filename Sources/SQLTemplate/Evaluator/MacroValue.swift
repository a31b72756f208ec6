/// A macro as a value: its definition and the scope it closes over (nil for macros registered with an
/// `Environment`, which see only the render's variables and globals).
public final class MacroValue {
    let definition: MacroDefinition
    let closure: Scope?
    /// The namespace it was registered under, if any.
    let namespace: String?
    /// For registered macros: every macro of the same template, which its body sees before any other macro.
    let siblings: DictStorage?

    init(definition: MacroDefinition, closure: Scope?, namespace: String? = nil, siblings: DictStorage? = nil) {
        self.definition = definition
        self.closure = closure
        self.namespace = namespace
        self.siblings = siblings
    }

    /// The namespace it was registered under (a package name), if any.
    public var package: String? { namespace }

    /// The macro's name.
    public var name: String { definition.name }

    /// Where the macro is defined.
    public var location: SourceLocation { definition.unit.location(definition.position) }

    /// Parameter names in order.
    public var parameterNames: [String] { definition.parameters.map(\.name) }
}
