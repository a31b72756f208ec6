import Foundation
import SQLTemplate

/// dbt's `modules.re`: Python's `re` functions over Foundation's regular expressions (ICU syntax, which agrees with
/// Python's for the patterns templates use): `match`, `search`, `fullmatch`, `findall`, `sub`, `split`, `compile`,
/// `escape`, and the flags.
enum RegexModule {
    static let flags: [String: Int] = [
        "IGNORECASE": 2, "I": 2, "MULTILINE": 8, "M": 8, "DOTALL": 16, "S": 16, "VERBOSE": 64, "X": 64,
    ]

    static var module: NamespaceObject {
        var values: [String: Value] = flags.mapValues(Value.int)
        for name in ["match", "search", "fullmatch", "findall", "sub", "split"] {
            values[name] = .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    let pattern = try arguments.string(at: 0, named: "pattern")
                    var rest = arguments
                    rest.positional = Array(arguments.positional.dropFirst())
                    return try call(name, pattern: pattern, flagsIndex: flagsIndex(of: name), rest)
                })
        }
        values["compile"] = .function(
            NativeFunction(name: "compile") { arguments throws(TemplateError) in
                let pattern = try arguments.string(at: 0, named: "pattern")
                let flags = arguments.value(at: 1, named: "flags")?.integer ?? 0
                return .object(CompiledPattern(pattern: pattern, flags: flags))
            })
        values["escape"] = .function(
            NativeFunction(name: "escape") { arguments throws(TemplateError) in
                let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{B}\u{C}")
                return .string(
                    try arguments.string(at: 0, named: "pattern").map { special.contains($0) ? "\\\($0)" : "\($0)" }
                        .joined())
            })
        return NamespaceObject(values, rendered: "<module 're'>")
    }

    /// Where each function takes `flags` among its arguments after the pattern.
    static func flagsIndex(of name: String) -> Int {
        switch name {
        case "sub": 3
        case "split": 2
        default: 1
        }
    }

    static func call(_ name: String, pattern: String, flagsIndex: Int, _ arguments: Arguments) throws(TemplateError)
        -> Value
    {
        let flagNames = ["sub": "flags", "split": "flags"]
        let flags = arguments.value(at: flagsIndex, named: flagNames[name] ?? "flags")?.integer ?? 0
        let expression = try compile(pattern, flags: flags, arguments)
        let text = try arguments.string(at: 0, named: name == "sub" ? "repl" : "string")
        switch name {
        case "match", "search", "fullmatch":
            let whole = NSRange(text.startIndex..., in: text)
            let options: NSRegularExpression.MatchingOptions = name == "search" ? [] : [.anchored]
            guard let result = expression.firstMatch(in: text, options: options, range: whole),
                name != "fullmatch" || result.range == whole
            else { return .none }
            return .object(MatchObject(result, in: text))
        case "findall":
            return .list(
                expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { result in
                    let groups = (0..<result.numberOfRanges).map { substring(result.range(at: $0), in: text) }
                    switch groups.count {
                    case 1: return groups[0]
                    case 2: return groups[1]
                    default: return .list(ListStorage(Array(groups.dropFirst()), isTuple: true))
                    }
                })
        case "sub":
            let subject = try arguments.string(at: 1, named: "string")
            let count = arguments.value(at: 2, named: "count")?.integer ?? 0
            return .string(replace(expression, in: subject, with: template(text), count: count))
        default:
            let maxSplit = arguments.value(at: 1, named: "maxsplit")?.integer ?? 0
            return .list(split(expression, text, maxSplit: maxSplit))
        }
    }

    static func compile(_ pattern: String, flags: Int, _ arguments: Arguments) throws(TemplateError)
        -> NSRegularExpression
    {
        var options: NSRegularExpression.Options = []
        if flags & 2 != 0 { options.insert(.caseInsensitive) }
        if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
        if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
        if flags & 64 != 0 { options.insert(.allowCommentsAndWhitespace) }
        do {
            return try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw arguments.error("invalid regular expression '\(pattern)'", kind: .other)
        }
    }

    /// Python's replacement text (`\1`, `\g<name>`) as an ICU template (`$1`).
    static func template(_ replacement: String) -> String {
        var result = ""
        var characters = Substring(replacement)
        while let character = characters.popFirst() {
            switch character {
            case "$": result += "\\$"
            case "\\":
                guard let next = characters.first else {
                    result += "\\\\"
                    break
                }
                if next.isNumber {
                    let digits = characters.prefix { $0.isNumber }
                    result += "$" + digits
                    characters = characters.dropFirst(digits.count)
                } else if next == "g", characters.dropFirst().first == "<",
                    let close = characters.firstIndex(of: ">")
                {
                    result += "${" + characters[characters.index(characters.startIndex, offsetBy: 2)..<close] + "}"
                    characters = characters[characters.index(after: close)...]
                } else {
                    let escapes: [Character: String] = ["n": "\n", "t": "\t", "\\": "\\\\"]
                    result += escapes[next] ?? "\\\\\(next)"
                    characters = characters.dropFirst()
                }
            default: result.append(character)
            }
        }
        return result
    }

    static func replace(_ expression: NSRegularExpression, in text: String, with template: String, count: Int)
        -> String
    {
        let matches = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
        let used = count > 0 ? Array(matches.prefix(count)) : matches
        let result = NSMutableString(string: text)
        for match in used.reversed() {
            let replacement = expression.replacementString(for: match, in: text, offset: 0, template: template)
            result.replaceCharacters(in: match.range, with: replacement)
        }
        return String(result)
    }

    static func split(_ expression: NSRegularExpression, _ text: String, maxSplit: Int) -> [Value] {
        var parts: [Value] = []
        var start = text.startIndex
        let matches = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
        for match in maxSplit > 0 ? Array(matches.prefix(maxSplit)) : matches {
            guard let range = Range(match.range, in: text) else { continue }
            parts.append(.string(String(text[start..<range.lowerBound])))
            for group in 1..<max(match.numberOfRanges, 1) { parts.append(substring(match.range(at: group), in: text)) }
            start = range.upperBound
        }
        parts.append(.string(String(text[start...])))
        return parts
    }

    static func substring(_ range: NSRange, in text: String) -> Value {
        guard range.location != NSNotFound, let bounds = Range(range, in: text) else { return .none }
        return .string(String(text[bounds]))
    }
}

/// `re.compile(pattern)`: the module's functions with the pattern already given.
final class CompiledPattern: TemplateObject {
    let pattern: String
    let flags: Int

    init(pattern: String, flags: Int) {
        self.pattern = pattern
        self.flags = flags
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "pattern": return .string(pattern)
        case "flags": return .int(flags | 32)
        case "match", "search", "fullmatch", "findall", "sub", "split":
            return .function(
                NativeFunction(name: name) { [pattern, flags] arguments throws(TemplateError) in
                    // The module function's arguments after the pattern, with this pattern's flags in their place.
                    let index = RegexModule.flagsIndex(of: name)
                    let given = Array(arguments.positional.prefix(index))
                    let positional = given + Array(repeating: Value.none, count: index - given.count) + [.int(flags)]
                    return try RegexModule.call(
                        name, pattern: pattern, flagsIndex: index,
                        Arguments(positional: positional, keyword: arguments.keyword, location: arguments.location))
                })
        default: return nil
        }
    }

    var renderedString: String { "re.compile(\(Value.string(pattern).representation))" }
}

/// A match: `group()`, `groups()`, `start()`, `end()`, `span()`.
final class MatchObject: TemplateObject {
    private let groups: [Value]
    private let spans: [(Int, Int)]

    init(_ result: NSTextCheckingResult, in text: String) {
        groups = (0..<result.numberOfRanges).map { RegexModule.substring(result.range(at: $0), in: text) }
        spans = (0..<result.numberOfRanges).map { index in
            guard let range = Range(result.range(at: index), in: text) else { return (-1, -1) }
            return (
                text.distance(from: text.startIndex, to: range.lowerBound),
                text.distance(from: text.startIndex, to: range.upperBound)
            )
        }
    }

    func attribute(_ name: String) -> Value? {
        func index(_ arguments: Arguments) throws(TemplateError) -> Int {
            let index = arguments.value(at: 0, named: "group")?.integer ?? 0
            guard groups.indices.contains(index) else { throw arguments.error("no such group", kind: .other) }
            return index
        }
        switch name {
        case "group":
            return .function(
                NativeFunction(name: name) { [groups] arguments throws(TemplateError) in
                    groups[try index(arguments)]
                })
        case "groups":
            return .function(
                NativeFunction(name: name) { [groups] _ in .list(ListStorage(Array(groups.dropFirst()), isTuple: true))
                })
        case "start", "end", "span":
            return .function(
                NativeFunction(name: name) { [spans] arguments throws(TemplateError) in
                    let span = spans[try index(arguments)]
                    switch name {
                    case "start": return .int(span.0)
                    case "end": return .int(span.1)
                    default: return .list(ListStorage([.int(span.0), .int(span.1)], isTuple: true))
                    }
                })
        default: return nil
        }
    }

    var renderedString: String {
        "<re.Match object; span=(\(spans[0].0), \(spans[0].1)), match=\(groups[0].representation)>"
    }
}
