/// Jinja's `tojson`: JSON with sorted keys and `<`, `>`, `&`, `'` escaped so it is safe inside HTML.
enum JSONWriter {
    static func write(_ value: Value, indent: Int?, at arguments: Arguments) throws(TemplateError) -> String {
        var output = ""
        try write(value, indent: indent, level: 0, into: &output, arguments)
        return output
    }

    private static func write(
        _ value: Value, indent: Int?, level: Int, into output: inout String, _ arguments: Arguments
    ) throws(TemplateError) {
        func newline(_ depth: Int) {
            if let indent { output += "\n" + String(repeating: " ", count: indent * depth) }
        }
        switch value {
        case .none: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .int(let integer): output += String(integer)
        case .double(let double):
            output +=
                double.isNaN ? "NaN" : double.isInfinite ? (double < 0 ? "-Infinity" : "Infinity") : Value.pythonFloat(double)
        case .string(let string): output += quoted(string)
        case .list(let storage):
            guard !storage.items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in storage.items.enumerated() {
                if index > 0 { output += indent == nil ? ", " : "," }
                newline(level + 1)
                try write(item, indent: indent, level: level + 1, into: &output, arguments)
            }
            newline(level)
            output += "]"
        case .dict(let storage):
            guard storage.count > 0 else {
                output += "{}"
                return
            }
            output += "{"
            for (index, key) in storage.keys.sorted().enumerated() {
                if index > 0 { output += indent == nil ? ", " : "," }
                newline(level + 1)
                output += quoted(key) + ": "
                try write(storage[key] ?? .none, indent: indent, level: level + 1, into: &output, arguments)
            }
            newline(level)
            output += "}"
        case .object(let object as BigIntegerObject):
            output += object.value.digits()
        case .object(let object):
            output += quoted(object.renderedString)
        case .undefined, .function, .macro:
            throw arguments.error("Object of type \(value.typeName) is not JSON serializable", kind: .typeMismatch)
        }
    }

    private static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "'": result += "\\u0027"
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
