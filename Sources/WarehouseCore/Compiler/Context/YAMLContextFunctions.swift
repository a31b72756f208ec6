import Foundation
import SQLTemplate
import Yams

/// dbt's `fromyaml` and `toyaml`: PyYAML's `safe_load` (YAML 1.1 scalars) and `safe_dump` (block style, keys in
/// their order, as dbt passes `sort_keys=False`).
enum YAMLContextFunctions {
    static var values: [String: Value] {
        [
            "fromyaml": .function(
                NativeFunction(name: "fromyaml") { arguments throws(TemplateError) in
                    let text = try arguments.string(at: 0, named: "value")
                    guard let node = try? Yams.compose(yaml: text) else {
                        return arguments.value(at: 1, named: "default") ?? .none
                    }
                    return value(node)
                }),
            "toyaml": .function(
                NativeFunction(name: "toyaml") { arguments throws(TemplateError) in
                    let value = arguments.value(at: 0, named: "value") ?? .none
                    switch value {
                    case .dict(let storage) where storage.count > 0: return .string(try block(value, 0, arguments))
                    case .list(let storage) where !storage.items.isEmpty: return .string(try block(value, 0, arguments))
                    default: return .string(try scalar(value, arguments) + "\n...\n")
                    }
                }),
        ]
    }

    private static func value(_ node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain, scalar.tag.rawValue.isEmpty else { return .string(scalar.string) }
            return Value(YAMLScalar.resolve(plain: scalar.string))
        case .sequence(let sequence):
            return .list(sequence.map(value))
        case .mapping(let mapping):
            let storage = DictStorage()
            for (key, item) in mapping { storage.set(value(item), forKey: value(key)) }
            return .dict(storage)
        case .alias:
            return .none
        }
    }

    /// A dict or list in block style at `indent`, each entry on its own line.
    private static func block(_ value: Value, _ indent: Int, _ arguments: Arguments) throws(TemplateError) -> String {
        let pad = String(repeating: " ", count: indent)
        var output = ""
        switch value {
        case .dict(let storage):
            for (key, item) in storage {
                output += pad + (try scalar(storage.key(key), arguments)) + ":"
                output += try nested(item, indent: indent, inList: false, arguments)
            }
        case .list(let storage):
            for item in storage.items {
                output += pad + "-"
                output += try nested(item, indent: indent, inList: true, arguments)
            }
        default:
            output += pad + (try scalar(value, arguments)) + "\n"
        }
        return output
    }

    /// What follows `key:` or `-`: a scalar on the same line, or a block on the next lines (PyYAML does not indent
    /// a list under a key, and starts a collection inside a list on the dash's line).
    private static func nested(_ item: Value, indent: Int, inList: Bool, _ arguments: Arguments) throws(TemplateError)
        -> String
    {
        let isCollection: Bool
        switch item {
        case .dict(let storage): isCollection = storage.count > 0
        case .list(let storage): isCollection = !storage.items.isEmpty
        default: isCollection = false
        }
        guard isCollection else { return " " + (try scalar(item, arguments)) + "\n" }
        if inList { return " " + (try block(item, indent + 2, arguments)).dropFirst(indent + 2) }
        if case .list = item { return "\n" + (try block(item, indent, arguments)) }
        return "\n" + (try block(item, indent + 2, arguments))
    }

    private static func scalar(_ value: Value, _ arguments: Arguments) throws(TemplateError) -> String {
        switch value {
        case .none: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int, .double: return value.renderedString
        case .string(let text): return quotedIfNeeded(text)
        case .dict: return "{}"
        case .list: return "[]"
        default:
            throw arguments.error("cannot represent an object of type \(value.typeName) as YAML", kind: .typeMismatch)
        }
    }

    /// Plain when the text reads back as the same string, else single-quoted as PyYAML writes it.
    private static func quotedIfNeeded(_ text: String) -> String {
        let indicators = Set("-?:,[]{}#&*!|>'\"%@`")
        guard let first = text.first else { return "''" }
        let plain =
            YAMLScalar.resolve(plain: text) == .string(text) && !indicators.contains(first)
            && text.first != " " && text.last != " " && !text.contains(": ") && !text.contains(" #")
            && !text.hasSuffix(":") && !text.contains(where: { $0.isNewline || !$0.isASCII })
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
