/// Jinja's `cycler(a, b, ...)`: `next()` returns the current item and moves on, `current` reads it, `reset()`
/// starts again.
final class CyclerObject: TemplateObject {
    let items: [Value]
    private var position = 0

    init(items: [Value]) {
        self.items = items
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "current": return items[position]
        case "next":
            return .function(
                NativeFunction(name: "cycler.next") { [self] _ throws(TemplateError) in
                    let item = items[position]
                    position = (position + 1) % items.count
                    return item
                })
        case "reset":
            return .function(
                NativeFunction(name: "cycler.reset") { [self] _ throws(TemplateError) in
                    position = 0
                    return .none
                })
        default: return nil
        }
    }

    var renderedString: String { "<jinja2.utils.Cycler object>" }
}

/// Jinja's `joiner(sep)`: calling it returns empty text the first time and `sep` every time after.
final class JoinerObject: TemplateObject {
    let separator: String
    private var used = false

    init(separator: String) {
        self.separator = separator
    }

    func attribute(_ name: String) -> Value? { nil }

    func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        defer { used = true }
        return .string(used ? separator : "")
    }

    var renderedString: String { "<jinja2.utils.Joiner object>" }
}
