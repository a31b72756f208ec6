import Foundation

/// One parsed format spec of Python's mini-language: `[[fill]align][sign][#][0][width][grouping][.precision][type]`.
struct PythonFormatSpec {
    var fill: Character?
    var align: Character?
    var sign: Character?
    var alternate = false
    var zeroPadding = false
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// Nil when the spec does not follow the grammar.
    init?(_ spec: String) {
        var characters = Array(spec)[...]
        func take(_ accepted: String) -> Character? {
            guard let first = characters.first, accepted.contains(first) else { return nil }
            return characters.removeFirst()
        }
        func number() -> Int? {
            let digits = characters.prefix { $0.isASCIIDigit }
            characters = characters.dropFirst(digits.count)
            return digits.isEmpty ? nil : Int(String(digits))
        }
        if characters.count >= 2, "<>^=".contains(characters[characters.startIndex + 1]) {
            fill = characters.removeFirst()
            align = characters.removeFirst()
        } else {
            align = take("<>^=")
        }
        sign = take("+- ")
        alternate = take("#") != nil
        zeroPadding = take("0") != nil
        width = number() ?? 0
        grouping = take(",_")
        if take(".") != nil {
            guard let digits = number() else { return nil }
            precision = digits
        }
        type = characters.popFirst()
        guard characters.isEmpty else { return nil }
    }
}

extension Renderer {
    /// Python's `format(value, spec)` for strings, integers (bools and big ones too) and floats; other values take
    /// only an empty spec, as `object.__format__` does.
    func formatSpec(_ value: Value, _ spec: String, _ arguments: Arguments) throws(TemplateError) -> String {
        guard !spec.isEmpty else { return value.renderedString }
        func fail(_ message: String) -> TemplateError { arguments.error(message, kind: .typeMismatch) }
        guard let format = PythonFormatSpec(spec) else { throw fail("Invalid format specifier '\(spec)'") }
        let type = format.type.map(String.init) ?? ""
        switch value.unwrappingMarkup {
        case .string(let text):
            if let sign = format.sign {
                throw fail(
                    sign == " "
                        ? "Space not allowed in string format specifier"
                        : "Sign not allowed in string format specifier")
            }
            if format.alternate { throw fail("Alternate form (#) not allowed in string format specifier") }
            if let grouping = format.grouping { throw fail("Cannot specify '\(grouping)' with 's'.") }
            if format.align == "=" { throw fail("'=' alignment not allowed in string format specifier") }
            guard type.isEmpty || type == "s" else {
                throw fail("Unknown format code '\(type)' for object of type 'str'")
            }
            return padded(format.precision.map { String(text.prefix($0)) } ?? text, sign: "", format, align: "<")
        case .double(let number):
            return try formatFloat(number, format, fail)
        default:
            guard let integer = value.bigInteger else {
                throw fail("unsupported format string passed to \(value.typeName).__format__")
            }
            if "eEfFgG%".contains(type), !type.isEmpty {
                return try formatFloat(integer.doubleValue, format, fail)
            }
            return try formatInteger(integer, format, fail)
        }
    }

    private func formatInteger(
        _ integer: BigInteger, _ format: PythonFormatSpec, _ fail: (String) -> TemplateError
    ) throws(TemplateError) -> String {
        let type = format.type ?? "d"
        guard format.precision == nil else { throw fail("Precision not allowed in integer format specifier") }
        let radixes: [Character: Int] = ["d": 10, "n": 10, "b": 2, "o": 8, "x": 16, "X": 16]
        if type == "c" {
            guard let code = integer.intValue, code >= 0, let scalar = Unicode.Scalar(UInt32(clamping: code)) else {
                throw fail("%c arg not in range(0x110000)")
            }
            return padded(String(Character(scalar)), sign: "", format, align: ">")
        }
        guard let radix = radixes[type] else { throw fail("Unknown format code '\(type)' for object of type 'int'") }
        if format.grouping == ",", radix != 10 { throw fail("Cannot specify ',' with '\(type)'.") }
        let negative = integer.intValue.map { $0 < 0 } ?? integer.digits().hasPrefix("-")
        var digits = integer.digits(radix: radix)
        if negative { digits.removeFirst() }
        if type == "X" { digits = digits.uppercased() }
        if let grouping = format.grouping { digits = group(digits, by: radix == 10 ? 3 : 4, with: grouping) }
        let prefixes: [Character: String] = ["b": "0b", "o": "0o", "x": "0x", "X": "0X"]
        let prefix = format.alternate ? prefixes[type] ?? "" : ""
        return padded(digits, sign: signText(negative, format) + prefix, format, align: ">")
    }

    private func formatFloat(_ number: Double, _ format: PythonFormatSpec, _ fail: (String) -> TemplateError)
        throws(TemplateError) -> String
    {
        let type = format.type
        let magnitude = Swift.abs(number)
        var body: String
        if !magnitude.isFinite {
            body = magnitude.isNaN ? "nan" : "inf"
            if type == "E" || type == "F" || type == "G" { body = body.uppercased() }
            if type == "%" { body += "%" }
        } else {
            switch type {
            case nil:
                body =
                    format.precision.map { shortestGeneral(magnitude, precision: $0) } ?? Value.pythonFloat(magnitude)
            case "e", "E", "f", "F", "g", "G":
                let conversion = type.map(String.init) ?? "g"
                body = String(
                    format: "%\(format.alternate ? "#" : "").\(format.precision ?? 6)\(conversion)", magnitude)
            case "n":
                body = String(format: "%.\(format.precision ?? 6)g", magnitude)
            case "%":
                body = String(format: "%.\(format.precision ?? 6)f", magnitude * 100) + "%"
            default:
                throw fail("Unknown format code '\(type.map(String.init) ?? "")' for object of type 'float'")
            }
        }
        if let grouping = format.grouping {
            let integerPart = body.prefix { $0.isASCIIDigit }
            body = group(String(integerPart), by: 3, with: grouping) + body.dropFirst(integerPart.count)
        }
        return padded(body, sign: signText(number.sign == .minus && !number.isNaN, format), format, align: ">")
    }

    /// Python's float format without a type but with a precision: like `g`, yet a fixed-point result keeps one
    /// digit after the point, and scientific notation starts one exponent earlier.
    private func shortestGeneral(_ magnitude: Double, precision: Int) -> String {
        let digits = max(precision, 1)
        let scientific = String(format: "%.\(digits - 1)e", magnitude)
        let exponent = Int(scientific.split(separator: "e").last ?? "") ?? 0
        func trimmed(_ text: String) -> String {
            guard text.contains(".") else { return text }
            var result = text
            while result.hasSuffix("0") { result.removeLast() }
            if result.hasSuffix(".") { result.removeLast() }
            return result
        }
        if exponent >= -4, exponent < digits - 1 {
            let fixed = trimmed(String(format: "%.\(max(digits - 1 - exponent, 0))f", magnitude))
            return fixed.contains(".") ? fixed : fixed + ".0"
        }
        let parts = scientific.split(separator: "e")
        return trimmed(String(parts[0])) + "e" + parts[1]
    }

    private func signText(_ negative: Bool, _ format: PythonFormatSpec) -> String {
        if negative { return "-" }
        switch format.sign {
        case "+": return "+"
        case " ": return " "
        default: return ""
        }
    }

    /// Digits grouped from the right: `1,234,567`, or `1_0000` in fours for binary, octal and hex.
    private func group(_ digits: String, by size: Int, with separator: Character) -> String {
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % size == 0 { result.append(separator) }
            result.append(digit)
        }
        return result
    }

    /// The text padded to the spec's width: `=` pads between the sign and the digits, as `0` does for numbers.
    private func padded(_ body: String, sign: String, _ format: PythonFormatSpec, align defaultAlign: Character)
        -> String
    {
        let text = sign + body
        guard text.count < format.width else { return text }
        let fill = format.fill ?? (format.zeroPadding ? "0" : " ")
        let align = format.align ?? (format.zeroPadding && defaultAlign == ">" ? "=" : defaultAlign)
        let padding = format.width - text.count
        switch align {
        case "<": return text + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: padding - left)
        case "=": return sign + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + text
        }
    }
}
