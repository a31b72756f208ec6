/// The result of `namespace(...)`: attributes that `{% set ns.name = value %}` can change from inside loops.
final class NamespaceObject: TemplateObject {
    let values: DictStorage

    init(values: DictStorage) {
        self.values = values
    }

    func attribute(_ name: String) -> Value? { values[name] }

    var renderedString: String {
        "<Namespace \(Value.dict(values).representation)>"
    }
}
