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
        case .object(let object): object is MarkupText ? "Markup" : object is BigIntegerObject ? "int" : "object"
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
        case .undefined: return "Undefined"
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value): return Value.pythonFloat(value)
        case .string(let value): return Value.pythonQuoted(value)
        case .list(let storage):
            let inner = storage.items.map(\.representation).joined(separator: ", ")
            switch storage.view {
            case .range(let start, let stop, let step)?:
                return "range(\(start), \(stop)" + (step == 1 ? ")" : ", \(step))")
            case .dictKeys?: return "dict_keys([\(inner)])"
            case .dictValues?: return "dict_values([\(inner)])"
            case .dictItems?: return "dict_items([\(inner)])"
            case .set?: return storage.items.isEmpty ? "set()" : "{\(inner)}"
            case nil: break
            }
            if storage.isTuple { return storage.items.count == 1 ? "(\(inner),)" : "(\(inner))" }
            return "[\(inner)]"
        case .dict(let storage):
            return "{"
                + storage.map { "\(storage.key($0.key).representation): \($0.value.representation)" }
                .joined(separator: ", ") + "}"
        case .function(let function): return "<function \(function.name)>"
        case .macro(let macro): return "<Macro '\(macro.name)'>"
        case .object(let object): return object.representation
        }
    }

    /// Python's `repr(float)`: the shortest digits that round-trip (Swift's `description` finds them), printed
    /// positionally when the decimal exponent is in -4..<16 and in scientific notation (`1e+16`, `1e-05`) otherwise.
    static func pythonFloat(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var text = Substring(value.description)
        let sign = text.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { text = text.dropFirst() }
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = text[..<marker]
        }
        let whole = text.prefix { $0 != "." }
        let fraction = text.dropFirst(whole.count + 1)
        var digits = Array(whole + fraction)
        // The decimal point sits after `point` digits.
        var point = whole.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        if digits == ["0"] { return sign + "0.0" }
        let scientific = point - 1
        if scientific < -4 || scientific >= 16 {
            let mantissa = String(digits[0]) + (digits.count > 1 ? "." + String(digits.dropFirst()) : "")
            let magnitude = String(abs(scientific))
            return sign + mantissa + "e" + (scientific < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count {
            return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
        }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
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
                } else if scalar.value < 0x20 || scalar.value == 0x7F || !isPrintable(scalar) {
                    // Python escapes what it cannot print: \xhh, \uhhhh or \Uhhhhhhhh by size.
                    let hex = String(scalar.value, radix: 16)
                    let width = scalar.value < 0x100 ? 2 : scalar.value < 0x10000 ? 4 : 8
                    let marker = width == 2 ? "x" : width == 4 ? "u" : "U"
                    result += "\\" + marker + String(repeating: "0", count: width - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        result.append(quote)
        return result
    }

    /// Python's `str.isprintable()` for one code point: not a control, format, surrogate, private-use or unassigned
    /// code point, nor a separator other than the space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
        case .spaceSeparator: scalar == " "
        default: true
        }
    }

    /// The value as a number for arithmetic (bools count as 0 and 1, as in Python).
    public var number: Double? {
        switch self {
        case .object(let object as BigIntegerObject): object.value.doubleValue
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

    /// Python's `==`: numbers compare by value across int, float and bool; sets by membership; other containers
    /// element-wise.
    public func pythonEquals(_ other: Value) -> Bool {
        if isMarkup || other.isMarkup { return unwrappingMarkup.pythonEquals(other.unwrappingMarkup) }
        if isBigInteger || other.isBigInteger {
            if let left = bigInteger, let right = other.bigInteger { return left == right }
            return number.flatMap { left in other.number.map { left == $0 } } ?? false
        }
        switch (self, other) {
        case (.none, .none): return true
        case (.undefined, .undefined): return true
        case (.string(let left), .string(let right)): return left == right
        case (.list(let left), .list(let right)):
            if left === right { return true }
            guard left.isTuple == right.isTuple, left.items.count == right.items.count else { return false }
            if left.isSet || right.isSet {
                // A set equals only a set, whatever the order its items were added in.
                guard left.isSet && right.isSet else { return false }
                return left.items.allSatisfy { item in right.items.contains { $0.pythonEquals(item) } }
            }
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
            // As Python: the first unequal pair decides, so equal items need no order (undefined ones included).
            for (a, b) in zip(left.items, right.items) where !a.pythonEquals(b) {
                guard let result = a.pythonCompare(b, caseInsensitive: caseInsensitive) else { return nil }
                if result != .orderedSame { return result }
            }
            return left.items.count == right.items.count
                ? .orderedSame : (left.items.count < right.items.count ? .orderedAscending : .orderedDescending)
        default:
            if isBigInteger || other.isBigInteger, let left = bigInteger, let right = other.bigInteger {
                let order = BigInteger.compare(left, right)
                return order == 0 ? .orderedSame : (order < 0 ? .orderedAscending : .orderedDescending)
            }
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
