/// A statement of the template tree: text, output, or a tag with its body.
indirect enum Node: Sendable {
    /// Literal template text and the line it starts on.
    case text(String, line: Int)
    case output(Expression)
    case conditional([Branch], otherwise: [Node])
    case loop(Loop)
    case assign(AssignTarget, Expression, Position)
    /// `{% set name | filters %}body{% endset %}`, or `{% set ns.attribute %}` on a namespace.
    case assignBlock(AssignTarget, filters: [FilterCall], body: [Node], Position)
    /// `{% with a = 1, b = x %}body{% endwith %}`: the values are evaluated outside, the names live inside.
    case with([WithBinding], body: [Node])
    case macro(MacroDefinition)
    /// `{% call(params) callee(args) %}body{% endcall %}`: the body becomes `caller`.
    case callBlock(call: Expression, caller: MacroDefinition)
    case filterBlock([FilterCall], body: [Node])
    /// `{% do expression %}`
    case evaluate(Expression)
    case breakLoop
    case continueLoop
}

struct Branch: Sendable {
    var condition: Expression
    var body: [Node]
}

struct Loop: Sendable {
    var target: AssignTarget
    var iterable: Expression
    var filter: Expression?
    var body: [Node]
    var otherwise: [Node]
    var position: Position
    /// `{% for ... recursive %}`: `loop(items)` renders the body again for `items`, one level deeper.
    var isRecursive = false
}

struct WithBinding: Sendable {
    var target: AssignTarget
    var value: Expression
    var position: Position
}

/// The left side of `set` and `for`.
enum AssignTarget: Sendable {
    case name(String)
    case names([String])
    /// `set ns.attribute = value` on a `namespace()` object.
    case attribute(String, String)
}

/// A `{% macro %}`, `{% test %}` or call-block body, shared by every value made from it.
final class MacroDefinition: Sendable {
    struct Parameter: Sendable {
        var name: String
        var defaultValue: Expression?
    }

    let name: String
    let parameters: [Parameter]
    let body: [Node]
    let position: Position
    let unit: TemplateUnit
    /// Whether the body mentions `varargs`, `kwargs` or `caller`; like Jinja, only then are extra
    /// arguments accepted.
    let usesVarargs: Bool
    let usesKwargs: Bool
    let usesCaller: Bool

    init(
        name: String, parameters: [Parameter], body: [Node], position: Position, unit: TemplateUnit,
        usedNames: Set<String>
    ) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.position = position
        self.unit = unit
        self.usesVarargs = usedNames.contains("varargs")
        self.usesKwargs = usedNames.contains("kwargs")
        self.usesCaller = usedNames.contains("caller")
    }

    /// `name(a, b=2)` as written, for messages.
    var signature: String {
        let parameterList = parameters.map { parameter in
            guard let defaultValue = parameter.defaultValue else { return parameter.name }
            if case .constant(let literal) = defaultValue.kind {
                return "\(parameter.name)=\(Value(literal).representation)"
            }
            return "\(parameter.name)=…"
        }
        return "\(name)(\(parameterList.joined(separator: ", ")))"
    }
}
