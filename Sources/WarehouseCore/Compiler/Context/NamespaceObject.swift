import SQLTemplate

/// A fixed bag of named values for templates (`target`, `exceptions`, `modules`): attributes only, no call.
final class NamespaceObject: TemplateObject {
    private let values: [String: Value]
    let renderedString: String

    init(_ values: [String: Value], rendered: String = "") {
        self.values = values
        self.renderedString = rendered
    }

    func attribute(_ name: String) -> Value? { values[name] }
}
