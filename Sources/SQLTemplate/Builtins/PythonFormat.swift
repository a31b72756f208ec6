import Foundation

extension Renderer {
    /// Python's `format % values` (printf style), as used by the `format` filter.
    func printfFormat(_ format: String, _ values: Value, at position: Position) throws(TemplateError) -> String {
        let arguments: [Value]
        var mapping: DictStorage?
        switch values {
        case .list(let storage) where storage.isTuple: arguments = storage.items
        case .dict(let storage):
            arguments = [values]
            mapping = storage
        default: arguments = [values]
        }
        var result = ""
        var next = 0
        var scalars = Array(format.unicodeScalars)[...]
        func fail(_ message: String) -> TemplateError { self.fail(.typeMismatch, message, at: position) }
        while let scalar = scalars.popFirst() {
            guard scalar == "%" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            var value: Value?
            if scalars.first == "(" {
                guard let close = scalars.firstIndex(of: ")"), let mapping else {
                    throw fail("format requires a mapping")
                }
                let key = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                guard let found = mapping[key] else { throw fail("format key '\(key)' is missing") }
                value = found
                scalars = scalars[scalars.index(after: close)...]
            }
            var flags = ""
            while let flag = scalars.first, "-+ 0#".unicodeScalars.contains(flag) {
                flags.unicodeScalars.append(flag)
                scalars.removeFirst()
            }
            var width = ""
            while let digit = scalars.first, ("0"..."9").contains(digit) {
                width.unicodeScalars.append(digit)
                scalars.removeFirst()
            }
            var precision: Int?
            if scalars.first == "." {
                scalars.removeFirst()
                var digits = ""
                while let digit = scalars.first, ("0"..."9").contains(digit) {
                    digits.unicodeScalars.append(digit)
                    scalars.removeFirst()
                }
                precision = Int(digits) ?? 0
            }
            guard let conversion = scalars.popFirst() else { throw fail("incomplete format") }
            if conversion == "%" {
                result += "%"
                continue
            }
            if value == nil {
                guard next < arguments.count else { throw fail("not enough arguments for format string") }
                value = arguments[next]
                next += 1
            }
            let argument = value ?? .none
            var text: String
            switch conversion {
            case "s": text = argument.renderedString
            case "r": text = argument.representation
            case "d", "i":
                guard let number = argument.number else {
                    throw fail("%d format: a number is required, not \(argument.typeName)")
                }
                text = argument.bigInteger?.digits() ?? String(Int(number))
                if flags.contains("+"), number >= 0 { text = "+" + text }
            case "f", "F", "e", "g":
                guard let number = argument.number else {
                    throw fail("%f format: a number is required, not \(argument.typeName)")
                }
                text = String(format: "%.\(precision ?? 6)\(Character(conversion))", number)
                if flags.contains("+"), number >= 0 { text = "+" + text }
            case "x", "X", "o":
                guard let number = argument.integer else { throw fail("%x format: an integer is required") }
                text = String(number, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
            default:
                throw fail("unsupported format character '\(conversion)'")
            }
            if conversion == "s" || conversion == "r", let precision { text = String(text.prefix(precision)) }
            if let minimum = Int(width), text.count < minimum {
                let padding = minimum - text.count
                if flags.contains("-") {
                    text += String(repeating: " ", count: padding)
                } else if flags.contains("0"), conversion != "s" {
                    text = String(repeating: "0", count: padding) + text
                } else {
                    text = String(repeating: " ", count: padding) + text
                }
            }
            result += text
        }
        if mapping == nil, next < arguments.count {
            throw fail("not all arguments converted during string formatting")
        }
        return result
    }

    /// Python's `str.format(*args, **kwargs)` for `{}`, `{0}`, `{name}`, `{name.attr}` and common format specs.
    func pythonFormat(_ format: String, _ arguments: Arguments) throws(TemplateError) -> String {
        var result = ""
        var automatic = 0
        var scalars = Array(format.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if scalar == "}" {
                guard scalars.popFirst() == "}" else {
                    throw arguments.error("single '}' encountered in format string", kind: .other)
                }
                result += "}"
                continue
            }
            guard scalar == "{" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            if scalars.first == "{" {
                scalars.removeFirst()
                result += "{"
                continue
            }
            guard let close = scalars.firstIndex(of: "}") else {
                throw arguments.error("single '{' encountered in format string", kind: .other)
            }
            let field = String(String.UnicodeScalarView(scalars[..<close]))
            scalars = scalars[scalars.index(after: close)...]
            var (reference, spec) =
                field.firstIndex(of: ":").map {
                    (String(field[..<$0]), String(field[field.index(after: $0)...]))
                } ?? (field, "")
            var conversion: Character?
            if let bang = reference.firstIndex(of: "!") {
                conversion = reference[reference.index(after: bang)...].first
                guard reference.distance(from: bang, to: reference.endIndex) == 2, let conversion,
                    "rsa".contains(conversion)
                else { throw arguments.error("invalid conversion in format field '\(field)'", kind: .other) }
                reference = String(reference[..<bang])
            }
            var path = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let head = path.removeFirst()
            var value: Value
            if head.isEmpty {
                guard automatic < arguments.positional.count else {
                    throw arguments.error(
                        "replacement index \(automatic) out of range for format()", kind: .wrongArguments)
                }
                value = arguments.positional[automatic]
                automatic += 1
            } else if let index = Int(head) {
                guard index < arguments.positional.count else {
                    throw arguments.error("replacement index \(index) out of range for format()", kind: .wrongArguments)
                }
                value = arguments.positional[index]
            } else {
                guard let named = arguments.keyword(head) else {
                    throw arguments.error("format() has no argument named '\(head)'", kind: .wrongArguments)
                }
                value = named
            }
            for attribute in path {
                switch value {
                case .dict(let storage): value = storage[attribute] ?? .none
                case .object(let object): value = object.attribute(attribute) ?? .none
                default:
                    throw arguments.error("'\(value.typeName)' object has no attribute '\(attribute)'", kind: .other)
                }
            }
            if let conversion { value = .string(conversion == "s" ? value.renderedString : value.representation) }
            result += try formatSpec(value, spec, arguments)
        }
        return result
    }
}
