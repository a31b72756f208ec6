/// Python's `json.dumps` of template values.
///
/// Jinja's `tojson` filter sorts keys and escapes `<`, `>`, `&`, `'` so
/// the text is safe inside HTML (`htmlSafe`); dbt's `tojson()` function does neither.
public enum JSONWriter {
    public static func write(
        _ value: Value, indent: Int? = nil, sortKeys: Bool = true, htmlSafe: Bool = true, at arguments: Arguments
    ) throws(TemplateError) -> String {
        var output = ""
        let style = Style(indent: indent, sortKeys: sortKeys, htmlSafe: htmlSafe)
        try write(value, style, level: 0, into: &output, arguments)
        return output
    }

    private struct Style {
        var indent: Int?
        var sortKeys: Bool
        var htmlSafe: Bool
    }

    private static func write(
        _ value: Value, _ style: Style, level: Int, into output: inout String, _ arguments: Arguments
    ) throws(TemplateError) {
        let indent = style.indent
        func newline(_ depth: Int) {
            if let indent { output += "\n" + String(repeating: " ", count: indent * depth) }
        }
        switch value {
        case .none: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .int(let integer): output += String(integer)
        case .double(let double):
            output +=
                double.isNaN
                ? "NaN" : double.isInfinite ? (double < 0 ? "-Infinity" : "Infinity") : Value.pythonFloat(double)
        case .string(let string): output += quoted(string, htmlSafe: style.htmlSafe)
        case .list(let storage):
            if case .set? = storage.view {
                throw arguments.error("Object of type set is not JSON serializable", kind: .typeMismatch)
            }
            guard !storage.items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in storage.items.enumerated() {
                if index > 0 { output += indent == nil ? ", " : "," }
                newline(level + 1)
                try write(item, style, level: level + 1, into: &output, arguments)
            }
            newline(level)
            output += "]"
        case .dict(let storage):
            guard storage.count > 0 else {
                output += "{}"
                return
            }
            output += "{"
            for (index, key) in (style.sortKeys ? storage.keys.sorted() : storage.keys).enumerated() {
                if index > 0 { output += indent == nil ? ", " : "," }
                newline(level + 1)
                output += quoted(key, htmlSafe: style.htmlSafe) + ": "
                try write(storage[key] ?? .none, style, level: level + 1, into: &output, arguments)
            }
            newline(level)
            output += "}"
        case .object(let object as BigIntegerObject):
            output += object.value.digits()
        case .object(let object):
            output += quoted(object.renderedString, htmlSafe: style.htmlSafe)
        case .undefined, .function, .macro:
            throw arguments.error("Object of type \(value.typeName) is not JSON serializable", kind: .typeMismatch)
        }
    }

    private static func quoted(_ string: String, htmlSafe: Bool) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{8}": result += "\\b"
            case "\u{C}": result += "\\f"
            case "<" where htmlSafe: result += "\\u003c"
            case ">" where htmlSafe: result += "\\u003e"
            case "&" where htmlSafe: result += "\\u0026"
            case "'" where htmlSafe: result += "\\u0027"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
