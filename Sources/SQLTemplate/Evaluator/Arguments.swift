/// The arguments of one call, with the call site's location for errors.
public struct Arguments {
    public var positional: [Value]
    public var keyword: [(name: String, value: Value)]
    /// Where the callee is named at the call site.
    public var location: SourceLocation

    public init(positional: [Value] = [], keyword: [(name: String, value: Value)] = [], location: SourceLocation) {
        self.positional = positional
        self.keyword = keyword
        self.location = location
    }

    /// The argument at position `index`, or else the keyword argument `name`.
    public func value(at index: Int, named name: String) -> Value? {
        if index < positional.count { return positional[index] }
        return keyword.last { $0.name == name }?.value
    }

    /// The keyword argument `name`.
    public func keyword(_ name: String) -> Value? {
        keyword.last { $0.name == name }?.value
    }

    /// The string argument at position `index` or named `name`; an error if it is missing or not a string.
    public func string(at index: Int, named name: String) throws(TemplateError) -> String {
        guard let value = value(at: index, named: name) else {
            throw error("missing argument '\(name)'", kind: .wrongArguments)
        }
        guard case .string(let string) = value else {
            throw error("argument '\(name)' must be a string, not \(value.typeName)", kind: .typeMismatch)
        }
        return string
    }

    /// An error located at the call site.
    public func error(_ message: String, help: String? = nil, kind: TemplateError.Kind = .raised) -> TemplateError {
        TemplateError(
            kind: kind,
            diagnostic: Diagnostic(location: location, message: message, help: help))
    }
}
