import SQLTemplate

/// A fixed bag of named values for templates (`target`, `exceptions`, `modules`), callable when it stands for a
/// Python class (`modules.datetime.date(2024, 1, 2)`).
final class NamespaceObject: TemplateObject {
    private let values: [String: Value]
    let renderedString: String
    private let construct: ((Arguments) throws(TemplateError) -> Value)?

    init(
        _ values: [String: Value], rendered: String = "",
        construct: ((Arguments) throws(TemplateError) -> Value)? = nil
    ) {
        self.values = values
        self.renderedString = rendered
        self.construct = construct
    }

    func attribute(_ name: String) -> Value? { values[name] }

    func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        guard let construct else {
            throw arguments.error("'\(renderedString)' is not callable", kind: .typeMismatch)
        }
        return try construct(arguments)
    }
}
