/// MarkupSafe's `Markup`: text marked as already escaped, which `| e` returns and leaves alone.
///
/// dbt renders without autoescaping, so Markup prints as its text; it differs from a plain string only where
/// Python's `Markup` does: `repr()`, `is escaped`, `| e` not escaping it again, and `+` and `%` escaping the other
/// operand. Everywhere else it acts as the string it holds.
final class MarkupText: TemplateObject {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    func attribute(_ name: String) -> Value? { nil }

    var renderedString: String { text }

    var representation: String { "Markup(\(Value.pythonQuoted(text)))" }
}

extension Value {
    static func markup(_ text: String) -> Value { .object(MarkupText(text)) }

    var isMarkup: Bool {
        if case .object(let object) = self { return object is MarkupText }
        return false
    }

    /// The plain string a Markup value holds; any other value unchanged.
    var unwrappingMarkup: Value {
        if case .object(let object) = self, let markup = object as? MarkupText { return .string(markup.text) }
        return self
    }
}
