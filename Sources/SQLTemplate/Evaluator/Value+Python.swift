extension Value {
    /// Python's type name, for messages: `'int' object is not iterable`.
    public var typeName: String {
        switch self {
        case .undefined: "undefined"
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .list(let storage): storage.isTuple ? "tuple" : "list"
        case .dict: "dict"
        case .function: "function"
        case .macro: "macro"
        case .object: "object"
        }
    }

    /// Python truthiness: empty strings, lists and dicts, zero, None and undefined are false.
    public var isTruthy: Bool {
        switch self {
        case .undefined, .none: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .list(let storage): !storage.items.isEmpty
        case .dict(let storage): storage.count > 0
        case .function, .macro, .object: true
        }
    }

    /// What `{{ value }}` prints: Python's `str()`.
    ///
    /// Undefined prints as empty text.
    public var renderedString: String {
        switch self {
        case .undefined: ""
        case .string(let value): value
        case .object(let object): object.renderedString
        default: representation
        }
    }

    /// Python's `repr()`: strings quoted, as they appear inside printed lists and dicts.
    public var representation: String {
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value): return Value.pythonFloat(value)
        case .string(let value): return Value.pythonQuoted(value)
        case .list(let storage):
            let inner = storage.items.map(\.representation).joined(separator: ", ")
            if storage.isTuple { return storage.items.count == 1 ? "(\(inner),)" : "(\(inner))" }
            return "[\(inner)]"
        case .dict(let storage):
            return "{"
                + storage.map { "\(Value.pythonQuoted($0.key)): \($0.value.representation)" }
                .joined(separator: ", ") + "}"
        case .function(let function): return "<function \(function.name)>"
        case .macro(let macro): return "<Macro '\(macro.name)'>"
        case .object(let object): return object.renderedString
        }
    }

    /// Python's `repr(float)`; Swift's shortest round-trip description already matches it.
    static func pythonFloat(_ value: Double) -> String {
        value.description
    }

    /// Python's `repr(str)`: single quotes unless the text has a single quote and no double quote.
    static func pythonQuoted(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if Character(scalar) == quote {
                    result += "\\\(quote)"
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        result.append(quote)
        return result
    }

    /// The value as a number for arithmetic (bools count as 0 and 1, as in Python).
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    /// The value as an integer, when it is an int or bool.
    public var integer: Int? {
        switch self {
        case .int(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    /// Python's `==`: numbers compare by value across int, float and bool; containers element-wise.
    public func pythonEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.undefined, .undefined): return true
        case (.string(let left), .string(let right)): return left == right
        case (.list(let left), .list(let right)):
            if left === right { return true }
            guard left.isTuple == right.isTuple, left.items.count == right.items.count else { return false }
            return zip(left.items, right.items).allSatisfy { $0.pythonEquals($1) }
        case (.dict(let left), .dict(let right)):
            if left === right { return true }
            guard left.count == right.count else { return false }
            return left.allSatisfy { pair in right[pair.key].map { $0.pythonEquals(pair.value) } ?? false }
        case (.object(let left), .object(let right)): return left === right || left.equals(right)
        case (.macro(let left), .macro(let right)): return left === right
        default:
            if let left = integer, let right = other.integer { return left == right }
            if let left = number, let right = other.number { return left == right }
            return false
        }
    }

    /// Python's ordering for `<`, or nil when the types cannot be ordered.
    ///
    /// Numbers order with numbers, strings with strings, lists element-wise. `caseInsensitive` compares
    /// strings lowercased, as Jinja's `sort` does.
    func pythonCompare(_ other: Value, caseInsensitive: Bool = false) -> Ordering? {
        switch (self, other) {
        case (.string(var left), .string(var right)):
            if caseInsensitive {
                left = left.lowercased()
                right = right.lowercased()
            }
            if left == right { return .orderedSame }
            return left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars)
                ? .orderedAscending : .orderedDescending
        case (.list(let left), .list(let right)):
            for (a, b) in zip(left.items, right.items) {
                guard let result = a.pythonCompare(b, caseInsensitive: caseInsensitive) else { return nil }
                if result != .orderedSame { return result }
            }
            return left.items.count == right.items.count
                ? .orderedSame : (left.items.count < right.items.count ? .orderedAscending : .orderedDescending)
        default:
            if let left = integer, let right = other.integer {
                return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
            }
            guard let left = number, let right = other.number else { return nil }
            return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        }
    }
}

/// The outcome of ordering two values.
enum Ordering {
    case orderedAscending
    case orderedSame
    case orderedDescending
}
