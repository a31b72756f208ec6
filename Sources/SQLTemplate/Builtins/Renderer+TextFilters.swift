import Foundation

extension Renderer {
    /// Jinja's text filters `striptags`, `urlencode`, `wordwrap`, `filesizeformat`, `xmlattr`, `pprint`, `forceescape`.
    func textFilter(_ filter: FilterName, _ value: Value, _ arguments: Arguments, at position: Position)
        throws(TemplateError) -> Value
    {
        let name = filter.rawValue
        switch filter {
        case .striptags: return .string(stripTags(value.renderedString))
        case .urlencode: return .string(try urlencode(value, at: position))
        case .wordwrap:
            let width = try integerArgument(arguments, 0, "width", in: name) ?? 79
            let breakLongWords = arguments.value(at: 1, named: "break_long_words")?.isTruthy ?? true
            let wrapString = try stringArgument(arguments, 2, "wrapstring", in: name) ?? "\n"
            return .string(
                pythonSplitLines(value.renderedString).map { line in
                    wrap(line, width: width, breakLongWords: breakLongWords).joined(separator: wrapString)
                }.joined(separator: wrapString))
        case .filesizeformat:
            guard let bytes = value.number ?? Double(value.renderedString.trimmingCharacters(in: .whitespaces)) else {
                throw fail(.typeMismatch, "filesizeformat needs a number, not \(value.typeName)", at: position)
            }
            return .string(fileSize(bytes, binary: arguments.value(at: 0, named: "binary")?.isTruthy ?? false))
        case .xmlattr:
            guard case .dict(let storage) = value else {
                throw fail(.typeMismatch, "xmlattr needs a dict, not \(value.typeName)", at: position)
            }
            var items: [String] = []
            for (key, item) in storage where !item.isNone && !item.isUndefined {
                if key.unicodeScalars.contains(where: { " \t\n\r\u{0B}\u{0C}/>=".unicodeScalars.contains($0) }) {
                    throw fail(
                        .other, "invalid character in attribute name: \(Value.string(key).representation)", at: position
                    )
                }
                items.append("\(htmlEscape(key))=\"\(htmlEscape(item.renderedString))\"")
            }
            let autospace = arguments.value(at: 0, named: "autospace")?.isTruthy ?? true
            let text = items.joined(separator: " ")
            return .string(autospace && !text.isEmpty ? " " + text : text)
        case .pprint: return .string(value.representation)
        default: return .markup(htmlEscape(value.renderedString))
        }
    }

    /// MarkupSafe's `escape`.
    func htmlEscape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&#34;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// MarkupSafe 3's `striptags`: comments, then tags, removed; whitespace runs collapsed; entities decoded.
    private func stripTags(_ text: String) -> String {
        var value = text
        for (opener, closer) in [("<!--", "-->"), ("<", ">")] {
            while let start = value.range(of: opener),
                let end = value.range(of: closer, range: start.lowerBound..<value.endIndex)
            {
                value.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return htmlUnescape(value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// The common named and numeric character references (Python's `html.unescape` knows every HTML5 name).
    private func htmlUnescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let tail = rest[rest.index(after: ampersand)...]
            if let semicolon = tail.prefix(12).firstIndex(of: ";") {
                let entity = String(tail[..<semicolon])
                var decoded: String?
                if let replacement = named[entity] {
                    decoded = replacement
                } else if entity.hasPrefix("#") {
                    let digits = entity.dropFirst()
                    let code =
                        digits.first == "x" || digits.first == "X"
                        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    decoded = code.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
                if let decoded {
                    result += decoded
                    rest = tail[tail.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = tail
        }
        return result + rest
    }

    /// Jinja's `urlencode`: a string quoted with `/` kept, a dict or list of pairs as a query string.
    private func urlencode(_ value: Value, at position: Position) throws(TemplateError) -> String {
        func quote(_ text: String, forQuery: Bool) -> String {
            var result = ""
            for byte in text.utf8 {
                let scalar = Unicode.Scalar(byte)
                let character = Character(scalar)
                if (character.isASCII && (character.isLetter || character.isNumber)) || "_.-~".contains(character)
                    || (!forQuery && character == "/")
                {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += String(format: "%%%02X", byte)
                }
            }
            return forQuery ? result.replacingOccurrences(of: "%20", with: "+") : result
        }
        let pairs: [(Value, Value)]
        switch value {
        case .dict(let storage): pairs = storage.map { (.string($0.key), $0.value) }
        case .list(let storage):
            pairs = try storage.items.map { item throws(TemplateError) in
                let pair = try unpack(item, into: 2, at: position)
                return (pair[0], pair[1])
            }
        default: return quote(value.renderedString, forQuery: false)
        }
        return pairs.map {
            quote($0.0.renderedString, forQuery: true) + "=" + quote($0.1.renderedString, forQuery: true)
        }
        .joined(separator: "&")
    }

    /// Python's `str.splitlines()`.
    private func pythonSplitLines(_ text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Python's `textwrap.wrap` as Jinja calls it (tabs and whitespace kept, whitespace dropped at line breaks); words
    /// are not split at hyphens.
    private func wrap(_ line: Substring, width: Int, breakLongWords: Bool) -> [String] {
        var chunks: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in line {
            if !current.isEmpty, character.isWhitespace != currentIsSpace {
                chunks.append(current)
                current = ""
            }
            currentIsSpace = character.isWhitespace
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        chunks.reverse()
        func isSpace(_ chunk: String) -> Bool { chunk.allSatisfy(\.isWhitespace) }
        var lines: [String] = []
        while !chunks.isEmpty {
            var lineChunks: [String] = []
            var length = 0
            if let last = chunks.last, isSpace(last), !lines.isEmpty { chunks.removeLast() }
            while let last = chunks.last, length + last.count <= width {
                lineChunks.append(last)
                length += last.count
                chunks.removeLast()
            }
            if let last = chunks.last, last.count > width {
                let room = width < 1 ? 1 : width - length
                if breakLongWords {
                    lineChunks.append(String(last.prefix(room)))
                    chunks[chunks.count - 1] = String(last.dropFirst(room))
                } else if lineChunks.isEmpty {
                    lineChunks.append(last)
                    chunks.removeLast()
                }
            }
            if let last = lineChunks.last, isSpace(last) { lineChunks.removeLast() }
            if !lineChunks.isEmpty { lines.append(lineChunks.joined()) }
        }
        return lines
    }

    /// Jinja's `filesizeformat`: decimal (kB, MB) or binary (KiB, MiB) prefixes, one decimal.
    private func fileSize(_ bytes: Double, binary: Bool) -> String {
        let base: Double = binary ? 1024 : 1000
        let prefixes =
            binary
            ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
            : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
        if bytes == 1 { return "1 Byte" }
        if bytes < base { return "\(Int(bytes)) Bytes" }
        var unit = base
        for prefix in prefixes {
            unit *= base
            if bytes < unit || prefix == prefixes.last {
                return String(format: "%.1f", base * bytes / unit) + " " + prefix
            }
        }
        return ""
    }
}
