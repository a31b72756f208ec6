import Foundation

extension Renderer {
    func stringMethod(_ name: String, _ text: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "upper", "lower", "title", "capitalize", "casefold", "swapcase", "isdigit", "isalpha", "isalnum",
            "islower", "isupper", "isspace", "isdecimal", "isidentifier":
            try checkArity(arguments, name, 0...0)
            return stringTransform(name, text)
        case "splitlines":
            try checkArity(arguments, name, 0...1, keywords: ["keepends"])
            let keepEnds = arguments.value(at: 0, named: "keepends")?.isTruthy ?? false
            var lines: [Value] = []
            var line = ""
            for character in text {
                if character.isNewline {
                    lines.append(.string(keepEnds ? line + String(character) : line))
                    line = ""
                } else {
                    line.append(character)
                }
            }
            if !line.isEmpty { lines.append(.string(line)) }
            return .list(lines)
        case "encode":
            try checkArity(arguments, name, 0...2, keywords: ["encoding", "errors"])
            let encoding = try stringArgument(arguments, 0, "encoding", in: name) ?? "utf-8"
            guard ["utf-8", "utf8", "ascii"].contains(encoding.lowercased()) else {
                throw arguments.error("unsupported encoding '\(encoding)'", kind: .other)
            }
            if encoding.lowercased() == "ascii", !text.unicodeScalars.allSatisfy(\.isASCII) {
                throw arguments.error("'ascii' codec can't encode '\(text)'", kind: .other)
            }
            return .object(BytesObject(Array(text.utf8)))
        case "strip", "lstrip", "rstrip":
            try checkArity(arguments, name, 0...1)
            let characters = try stringArgument(arguments, 0, "chars", in: name)
            return .string(strip(text, characters, leading: name != "rstrip", trailing: name != "lstrip"))
        case "split", "rsplit":
            try checkArity(arguments, name, 0...2, keywords: ["sep", "maxsplit"])
            let separator = try stringArgument(arguments, 0, "sep", in: name)
            let limit = try integerArgument(arguments, 1, "maxsplit", in: name) ?? -1
            if separator == "" { throw arguments.error("empty separator", kind: .other) }
            let parts = pythonSplit(text, separator: separator, maxSplit: limit, fromRight: name == "rsplit")
            return .list(ListStorage(parts.map(Value.string)))
        case "startswith", "endswith":
            try checkArity(arguments, name, 1...1)
            let candidates: [Value]
            switch arguments.positional.first {
            case .list(let storage): candidates = storage.items
            case let value?: candidates = [value]
            case nil: candidates = []
            }
            for candidate in candidates {
                guard case .string(let affix) = candidate else {
                    throw arguments.error("\(name)() argument must be str or a tuple of str", kind: .typeMismatch)
                }
                if name == "startswith"
                    ? text.unicodeScalars.starts(with: affix.unicodeScalars)
                    : text.unicodeScalars.reversed().starts(with: affix.unicodeScalars.reversed())
                {
                    return .bool(true)
                }
            }
            return .bool(false)
        case "replace":
            try checkArity(arguments, name, 2...3, keywords: ["count"])
            guard let old = try stringArgument(arguments, 0, "old", in: name),
                let new = try stringArgument(arguments, 1, "new", in: name)
            else { throw arguments.error("replace() needs two strings", kind: .wrongArguments) }
            let count = try integerArgument(arguments, 2, "count", in: name) ?? -1
            return .string(pythonReplace(text, old, new, count: count))
        case "format":
            return .string(try pythonFormat(text, arguments))
        case "join":
            try checkArity(arguments, name, 1...1)
            let items = try iterate(arguments.positional.first ?? .none, at: position(of: arguments))
            var parts: [String] = []
            for item in items {
                guard case .string(let part) = item else {
                    throw arguments.error(
                        "sequence item \(parts.count): expected str instance, \(item.typeName) found",
                        kind: .typeMismatch)
                }
                parts.append(part)
            }
            return .string(parts.joined(separator: text))
        case "find", "rfind", "index", "count":
            try checkArity(arguments, name, 1...1)
            guard let needle = try stringArgument(arguments, 0, "sub", in: name) else {
                throw arguments.error("\(name)() needs a string", kind: .wrongArguments)
            }
            let haystack = Array(text.unicodeScalars)
            let pattern = Array(needle.unicodeScalars)
            let matches = occurrences(of: pattern, in: haystack)
            if name == "count" { return .int(matches.count) }
            guard let match = name == "rfind" ? matches.last : matches.first else {
                if name == "index" { throw arguments.error("substring not found", kind: .other) }
                return .int(-1)
            }
            return .int(match)
        case "zfill", "ljust", "rjust", "center":
            try checkArity(arguments, name, 1...2)
            let width = try integerArgument(arguments, 0, "width", in: name) ?? 0
            let fill = try stringArgument(arguments, 1, "fillchar", in: name) ?? (name == "zfill" ? "0" : " ")
            return .string(pad(text, width: width, fill: fill, alignment: name))
        case "partition":
            try checkArity(arguments, name, 1...1)
            let separator = try stringArgument(arguments, 0, "sep", in: name) ?? ""
            guard let range = text.range(of: separator) else {
                return .list(ListStorage([.string(text), .string(""), .string("")], isTuple: true))
            }
            return .list(
                ListStorage(
                    [
                        .string(String(text[..<range.lowerBound])), .string(separator),
                        .string(String(text[range.upperBound...])),
                    ], isTuple: true))
        case "rpartition":
            try checkArity(arguments, name, 1...1)
            let separator = try stringArgument(arguments, 0, "sep", in: name) ?? ""
            guard let range = text.range(of: separator, options: .backwards) else {
                return .list(ListStorage([.string(""), .string(""), .string(text)], isTuple: true))
            }
            return .list(
                ListStorage(
                    [
                        .string(String(text[..<range.lowerBound])), .string(separator),
                        .string(String(text[range.upperBound...])),
                    ], isTuple: true))
        case "removeprefix", "removesuffix":
            try checkArity(arguments, name, 1...1)
            let affix = try stringArgument(arguments, 0, name == "removeprefix" ? "prefix" : "suffix", in: name) ?? ""
            if name == "removeprefix", !affix.isEmpty, text.hasPrefix(affix) {
                return .string(String(text.dropFirst(affix.count)))
            }
            if name == "removesuffix", !affix.isEmpty, text.hasSuffix(affix) {
                return .string(String(text.dropLast(affix.count)))
            }
            return .string(text)
        case "expandtabs":
            try checkArity(arguments, name, 0...1, keywords: ["tabsize"])
            return .string(pythonExpandTabs(text, tabSize: try integerArgument(arguments, 0, "tabsize", in: name) ?? 8))
        case "istitle":
            try checkArity(arguments, name, 0...0)
            return .bool(pythonIsTitle(text))
        case "isnumeric":
            try checkArity(arguments, name, 0...0)
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        default:
            throw arguments.error("'str' object has no attribute '\(name)'", kind: .typeMismatch)
        }
    }

    /// Python's `str.expandtabs`: each tab pads to the next multiple of `tabSize` columns, counted from the last line
    /// break.
    private func pythonExpandTabs(_ text: String, tabSize: Int) -> String {
        var result = ""
        var column = 0
        for character in text {
            switch character {
            case "\t":
                guard tabSize > 0 else { continue }
                let padding = tabSize - column % tabSize
                result += String(repeating: " ", count: padding)
                column += padding
            case "\n", "\r", "\r\n":
                result.append(character)
                column = 0
            default:
                result.append(character)
                column += 1
            }
        }
        return result
    }

    /// Python's `str.istitle`: at least one cased character, uppercase ones only after uncased ones, lowercase ones only
    /// after cased ones.
    private func pythonIsTitle(_ text: String) -> Bool {
        var sawCased = false
        var previousCased = false
        for character in text {
            if character.isUppercase {
                if previousCased { return false }
                previousCased = true
                sawCased = true
            } else if character.isLowercase {
                if !previousCased { return false }
                previousCased = true
                sawCased = true
            } else {
                previousCased = false
            }
        }
        return sawCased
    }

    private func position(of arguments: Arguments) -> Position {
        Position(line: arguments.location.line, column: arguments.location.column)
    }

    private func stringTransform(_ name: String, _ text: String) -> Value {
        switch name {
        case "upper": return .string(text.uppercased())
        case "lower", "casefold": return .string(text.lowercased())
        case "title": return .string(pythonTitle(text))
        case "capitalize": return .string(pythonCapitalize(text))
        case "swapcase":
            // A case change may lengthen a character ('ß' upper-cases to 'SS').
            return .string(text.map { $0.isUppercase ? $0.lowercased() : $0.uppercased() }.joined())
        case "isdigit":
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        case "isdecimal":
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal })
        case "isidentifier":
            guard let first = text.first, first.isLetter || first == "_" else { return .bool(false) }
            return .bool(text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
        case "isalpha": return .bool(!text.isEmpty && text.allSatisfy(\.isLetter))
        case "isalnum": return .bool(!text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber })
        case "isspace": return .bool(!text.isEmpty && text.allSatisfy(\.isWhitespace))
        default:
            // islower, isupper
            let lowered = text.lowercased()
            let uppered = text.uppercased()
            return .bool(lowered != uppered && text == (name == "islower" ? lowered : uppered))
        }
    }

    private func occurrences(of pattern: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> [Int] {
        guard !pattern.isEmpty else { return Array(0...haystack.count) }
        guard haystack.count >= pattern.count else { return [] }
        var result: [Int] = []
        var index = 0
        while index <= haystack.count - pattern.count {
            if haystack[index..<index + pattern.count].elementsEqual(pattern) {
                result.append(index)
                index += pattern.count
            } else {
                index += 1
            }
        }
        return result
    }

    func pad(_ text: String, width: Int, fill: String, alignment: String) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        switch alignment {
        case "ljust": return text + String(repeating: fill, count: missing)
        case "rjust": return String(repeating: fill, count: missing) + text
        case "zfill":
            if let sign = text.first, sign == "-" || sign == "+" {
                return String(sign) + String(repeating: "0", count: missing) + text.dropFirst()
            }
            return String(repeating: "0", count: missing) + text
        default:
            let left = missing / 2 + (missing & width & 1)
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: missing - left)
        }
    }
}

/// Python's `str.strip(chars)`: whitespace when `characters` is nil.
func strip(_ text: String, _ characters: String?, leading: Bool, trailing: Bool) -> String {
    let set = characters.map { Set($0.unicodeScalars) }
    func shouldStrip(_ scalar: Unicode.Scalar) -> Bool {
        set.map { $0.contains(scalar) } ?? scalar.properties.isWhitespace
    }
    var scalars = Substring(text).unicodeScalars[...]
    if leading { while let first = scalars.first, shouldStrip(first) { scalars.removeFirst() } }
    if trailing { while let last = scalars.last, shouldStrip(last) { scalars.removeLast() } }
    return String(String.UnicodeScalarView(scalars))
}

/// Python's `str.split(sep, maxsplit)` and `rsplit`: runs of whitespace when `separator` is nil.
func pythonSplit(_ text: String, separator: String?, maxSplit: Int, fromRight: Bool) -> [String] {
    guard let separator else {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard maxSplit >= 0, words.count > maxSplit + 1 else { return words.map(String.init) }
        // Python keeps the unsplit remainder as written, only trimmed on the split side.
        if fromRight {
            let head = text[..<words[words.count - maxSplit - 1].endIndex]
            return [String(head)] + words.suffix(maxSplit).map(String.init)
        }
        return words.prefix(maxSplit).map(String.init) + [String(text[words[maxSplit].startIndex...])]
    }
    var parts = text.components(separatedBy: separator)
    if maxSplit >= 0, parts.count > maxSplit + 1 {
        if fromRight {
            let head = parts[..<(parts.count - maxSplit)].joined(separator: separator)
            parts = [head] + parts[(parts.count - maxSplit)...]
        } else {
            let tail = parts[maxSplit...].joined(separator: separator)
            parts = Array(parts[..<maxSplit]) + [tail]
        }
    }
    return parts
}

/// Python's `str.replace(old, new, count)`.
func pythonReplace(_ text: String, _ old: String, _ new: String, count: Int) -> String {
    if count < 0 { return old.isEmpty ? pythonReplaceEmpty(text, new) : text.replacingOccurrences(of: old, with: new) }
    if old.isEmpty {
        // Python inserts `new` at the first `count` positions between characters, starting before the first.
        let characters = Array(text)
        let inserted = min(count, characters.count + 1)
        return (0..<inserted).map { new + (characters.indices.contains($0) ? String(characters[$0]) : "") }.joined()
            + String(characters.dropFirst(inserted))
    }
    let parts = text.components(separatedBy: old)
    guard parts.count > 1, count > 0 else { return text }
    let replaced = min(count, parts.count - 1)
    return parts[...replaced].joined(separator: new)
        + (replaced < parts.count - 1
            ? old + parts[(replaced + 1)...].joined(separator: old) : "")
}

private func pythonReplaceEmpty(_ text: String, _ new: String) -> String {
    new + text.map { String($0) + new }.joined()
}

/// Python's `str.title()`: letters after a non-letter are title case (`ﬁ` becomes `Fi`), the rest lower case.
func pythonTitle(_ text: String) -> String {
    var result = ""
    var previousIsLetter = false
    for character in text {
        result += previousIsLetter ? character.lowercased() : titlecased(character)
        previousIsLetter = character.isLetter
    }
    return result
}

/// Python's `str.capitalize()`: first character title case, the rest lower case.
func pythonCapitalize(_ text: String) -> String {
    guard let first = text.first else { return text }
    return titlecased(first) + text.dropFirst().lowercased()
}

/// The title case of a character's first code point (Unicode's titlecase mapping, as Python uses), the rest kept.
private func titlecased(_ character: Character) -> String {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return String(character) }
    var result = first.properties.titlecaseMapping
    result.unicodeScalars.append(contentsOf: scalars.dropFirst())
    return result
}
