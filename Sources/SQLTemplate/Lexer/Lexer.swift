/// Turns template source into tokens, scanning UTF-8 bytes and counting lines and columns as it goes.
///
/// Whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`) is applied here, to the text tokens, as
/// Jinja's lexer does. `{% raw %}` bodies become text, and `{% docs %}` bodies are kept verbatim.
struct Lexer {
    private let bytes: [UInt8]
    private let unit: TemplateUnit
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// Set by a closing `-%}`, `-}}` or `-#}`: the next text loses its leading whitespace.
    private var stripLeading = false

    init(unit: TemplateUnit) {
        self.unit = unit
        self.bytes = Array(unit.source.utf8)
    }

    static func tokenize(_ unit: TemplateUnit) throws(TemplateError) -> [Token] {
        var lexer = Lexer(unit: unit)
        try lexer.run()
        return lexer.tokens
    }

    private var position: Position { Position(line: line, column: column) }

    private func byte(at offset: Int) -> UInt8? {
        let target = index + offset
        return target < bytes.count ? bytes[target] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count {
            let value = bytes[index]
            index += 1
            if value == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if value & 0xC0 != 0x80 {
                column += 1
            }
        }
    }

    private func error(_ message: String, at position: Position, help: String? = nil) -> TemplateError {
        TemplateError(.syntax, message, at: unit.location(position), source: unit.source, help: help)
    }

    // MARK: - Template data

    private mutating func run() throws(TemplateError) {
        while index < bytes.count {
            let start = index
            let startPosition = position
            var opener: UInt8 = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "{"), let next = byte(at: 1),
                    next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#")
                {
                    opener = next
                    break
                }
                advance()
            }
            let stripTrailing = opener != 0 && byte(at: 2) == UInt8(ascii: "-")
            emitText(start..<index, at: startPosition, stripTrailing: stripTrailing)
            guard opener != 0 else { break }
            switch opener {
            case UInt8(ascii: "#"): try lexComment()
            case UInt8(ascii: "{"): try lexTag(isBlock: false)
            default: try lexTag(isBlock: true)
            }
        }
        tokens.append(Token(kind: .end, position: position))
    }

    private static func isWhitespace(_ value: UInt8) -> Bool {
        value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D || value == 0x0B || value == 0x0C
    }

    /// Appends a text token for `range`, applying pending whitespace control; empty text is dropped
    /// unless `keepEmpty` (a `docs` body, whose presence the parser relies on).
    private mutating func emitText(
        _ range: Range<Int>, at start: Position, stripTrailing: Bool, keepEmpty: Bool = false
    ) {
        var lower = range.lowerBound
        var upper = range.upperBound
        if stripLeading {
            while lower < upper, Lexer.isWhitespace(bytes[lower]) { lower += 1 }
            stripLeading = false
        }
        if stripTrailing {
            while upper > lower, Lexer.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        }
        guard lower < upper || keepEmpty else { return }
        var text = String(decoding: bytes[lower..<upper], as: UTF8.self)
        if bytes[lower..<upper].contains(UInt8(ascii: "\r")) {
            // Jinja normalizes line endings in template data to "\n".
            text = text.replacingCRLF()
        }
        // Whitespace control may have dropped leading lines: the token starts at its first kept byte.
        let droppedLines = bytes[range.lowerBound..<lower].lazy.filter { $0 == UInt8(ascii: "\n") }.count
        let position = droppedLines == 0 ? start : Position(line: start.line + droppedLines, column: 1)
        tokens.append(Token(kind: .text(text), position: position))
    }

    private mutating func lexComment() throws(TemplateError) {
        let open = position
        advance(2)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "#"), byte(at: 1) == UInt8(ascii: "}") {
                stripLeading = index > 0 && bytes[index - 1] == UInt8(ascii: "-")
                advance(2)
                return
            }
            advance()
        }
        throw error("unclosed comment", at: open, help: "close it with '#}'")
    }

    // MARK: - Tags

    private mutating func lexTag(isBlock: Bool) throws(TemplateError) {
        let open = position
        let firstToken = tokens.count
        tokens.append(Token(kind: isBlock ? .blockBegin : .variableBegin, position: open))
        advance(2)
        if let marker = byte(at: 0), marker == UInt8(ascii: "-") || (isBlock && marker == UInt8(ascii: "+")) {
            advance()
        }
        var brackets: [Punctuation] = []
        let closer = isBlock ? UInt8(ascii: "%") : UInt8(ascii: "}")
        while true {
            while index < bytes.count, Lexer.isWhitespace(bytes[index]) { advance() }
            guard index < bytes.count else {
                let (opening, closing) = isBlock ? ("{%", "%}") : ("{{", "}}")
                throw error("unclosed '\(opening)'", at: open, help: "close it with '\(closing)'")
            }
            // Inside `(` or `[`, `}}` cannot close a bracket, so it ends the tag; inside `{` it closes the dict.
            if brackets.last != .leftBrace {
                if bytes[index] == closer, byte(at: 1) == UInt8(ascii: "}") {
                    break
                }
                if bytes[index] == UInt8(ascii: "-") || (isBlock && bytes[index] == UInt8(ascii: "+")),
                    byte(at: 1) == closer, byte(at: 2) == UInt8(ascii: "}")
                {
                    stripLeading = bytes[index] == UInt8(ascii: "-")
                    advance()
                    break
                }
            }
            try lexExpressionToken(brackets: &brackets)
        }
        tokens.append(Token(kind: isBlock ? .blockEnd : .variableEnd, position: position))
        advance(2)
        if isBlock {
            try lexVerbatimBody(tagTokens: firstToken)
        }
    }

    /// After `{% raw %}` or `{% docs name %}`, takes the body verbatim up to the matching end tag.
    private mutating func lexVerbatimBody(tagTokens first: Int) throws(TemplateError) {
        let tag = tokens[first...]
        guard tag.count >= 3, case .name(let name) = tag[first + 1].kind else { return }
        let endName: String
        switch (name, tag.count) {
        case ("raw", 3): endName = "endraw"
        case ("docs", 4): endName = "enddocs"
        default: return
        }
        let bodyStart = index
        let bodyPosition = position
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), byte(at: 1) == UInt8(ascii: "%"),
                let length = endTagLength(named: endName)
            {
                let endPosition = position
                let stripTrailing = byte(at: 2) == UInt8(ascii: "-")
                let bodyEnd = index
                stripLeading = stripLeading && name == "raw"
                if name == "raw" {
                    tokens.removeSubrange(first...)
                    emitText(bodyStart..<bodyEnd, at: bodyPosition, stripTrailing: stripTrailing)
                } else {
                    emitText(bodyStart..<bodyEnd, at: bodyPosition, stripTrailing: false, keepEmpty: true)
                    tokens.append(Token(kind: .blockBegin, position: endPosition))
                    tokens.append(Token(kind: .name(endName), position: endPosition))
                    tokens.append(Token(kind: .blockEnd, position: endPosition))
                }
                stripLeading = bytes[index + length - 3] == UInt8(ascii: "-")
                advance(length)
                return
            }
            advance()
        }
        throw error(
            "unclosed '\(name)' block", at: tag[first].position,
            help: "close it with '{% \(endName) %}'")
    }

    /// The byte length of `{%[-+]? endName -?%}` at the current index, or nil if something else is there.
    private func endTagLength(named endName: String) -> Int? {
        var offset = 2
        if byte(at: offset) == UInt8(ascii: "-") || byte(at: offset) == UInt8(ascii: "+") { offset += 1 }
        while let value = byte(at: offset), Lexer.isWhitespace(value) { offset += 1 }
        for expected in endName.utf8 {
            guard byte(at: offset) == expected else { return nil }
            offset += 1
        }
        while let value = byte(at: offset), Lexer.isWhitespace(value) { offset += 1 }
        if byte(at: offset) == UInt8(ascii: "-") { offset += 1 }
        guard byte(at: offset) == UInt8(ascii: "%"), byte(at: offset + 1) == UInt8(ascii: "}") else { return nil }
        return offset + 2
    }

    // MARK: - Expressions

    private static func isNameStart(_ value: UInt8) -> Bool {
        (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || value == 0x5F
    }

    private static func isDigit(_ value: UInt8) -> Bool { value >= 0x30 && value <= 0x39 }

    private mutating func lexExpressionToken(brackets: inout [Punctuation]) throws(TemplateError) {
        let start = position
        let first = bytes[index]
        if Lexer.isNameStart(first) {
            let begin = index
            while index < bytes.count, Lexer.isNameStart(bytes[index]) || Lexer.isDigit(bytes[index]) { advance() }
            tokens.append(Token(kind: .name(String(decoding: bytes[begin..<index], as: UTF8.self)), position: start))
        } else if Lexer.isDigit(first) {
            try lexNumber(at: start)
        } else if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") {
            try lexString(at: start)
        } else if let punctuation = matchPunctuation() {
            switch punctuation {
            case .leftParen, .leftBracket, .leftBrace: brackets.append(punctuation)
            case .rightParen, .rightBracket, .rightBrace: _ = brackets.popLast()
            default: break
            }
            advance(punctuation.rawValue.utf8.count)
            tokens.append(Token(kind: .punctuation(punctuation), position: start))
        } else {
            let scalar = String(decoding: bytes[index..<min(bytes.count, index + utf8Length(first))], as: UTF8.self)
            throw error("unexpected character '\(scalar)'", at: start)
        }
    }

    private func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    private func matchPunctuation() -> Punctuation? {
        let next = byte(at: 1)
        switch bytes[index] {
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "*"): return next == UInt8(ascii: "*") ? .doubleStar : .star
        case UInt8(ascii: "/"): return next == UInt8(ascii: "/") ? .doubleSlash : .slash
        case UInt8(ascii: "%"): return .percent
        case UInt8(ascii: "~"): return .tilde
        case UInt8(ascii: "("): return .leftParen
        case UInt8(ascii: ")"): return .rightParen
        case UInt8(ascii: "["): return .leftBracket
        case UInt8(ascii: "]"): return .rightBracket
        case UInt8(ascii: "{"): return .leftBrace
        case UInt8(ascii: "}"): return .rightBrace
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "."): return .dot
        case UInt8(ascii: ":"): return .colon
        case UInt8(ascii: "|"): return .pipe
        case UInt8(ascii: "="): return next == UInt8(ascii: "=") ? .equal : .assign
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? .notEqual : nil
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? .lessEqual : .less
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? .greaterEqual : .greater
        default: return nil
        }
    }

    private mutating func lexNumber(at start: Position) throws(TemplateError) {
        if bytes[index] == UInt8(ascii: "0"), let marker = byte(at: 1), let radix = Lexer.radix(marker) {
            return try lexRadixInteger(radix, at: start)
        }
        var digits: [UInt8] = []
        var isFloat = false
        func takeDigits(_ lexer: inout Lexer) {
            while lexer.index < lexer.bytes.count {
                let value = lexer.bytes[lexer.index]
                if Lexer.isDigit(value) {
                    digits.append(value)
                } else if value != UInt8(ascii: "_") || !(lexer.byte(at: 1).map(Lexer.isDigit) ?? false) {
                    break
                }
                lexer.advance()
            }
        }
        takeDigits(&self)
        if byte(at: 0) == UInt8(ascii: "."), let next = byte(at: 1), Lexer.isDigit(next) {
            isFloat = true
            digits.append(UInt8(ascii: "."))
            advance()
            takeDigits(&self)
        }
        if let marker = byte(at: 0), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            var offset = 1
            if let sign = byte(at: 1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { offset = 2 }
            if let digit = byte(at: offset), Lexer.isDigit(digit) {
                isFloat = true
                digits.append(UInt8(ascii: "e"))
                if offset == 2, let sign = byte(at: 1) { digits.append(sign) }
                advance(offset)
                takeDigits(&self)
            }
        }
        let text = String(decoding: digits, as: UTF8.self)
        if isFloat, let value = Double(text) {
            tokens.append(Token(kind: .float(value), position: start))
        } else if let value = Int(text) {
            tokens.append(Token(kind: .integer(value), position: start))
        } else {
            throw error("number '\(text)' is too large", at: start)
        }
    }

    /// The base a `0x`, `0o` or `0b` prefix names.
    private static func radix(_ marker: UInt8) -> Int? {
        switch marker | 0x20 {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// `0x1F`, `0o17`, `0b101`, with `_` allowed between digits (and after the prefix) as in Python.
    private mutating func lexRadixInteger(_ radix: Int, at start: Position) throws(TemplateError) {
        advance(2)
        var digits = ""
        while let value = byte(at: 0) {
            if value == UInt8(ascii: "_"), let next = byte(at: 1), Character(UnicodeScalar(next)).hexDigitValue != nil {
                advance()
                continue
            }
            guard let digit = Character(UnicodeScalar(value)).hexDigitValue, digit < radix else { break }
            digits.append(Character(UnicodeScalar(value)))
            advance()
        }
        guard !digits.isEmpty else { throw error("invalid number literal", at: start) }
        guard let value = Int(digits, radix: radix) else { throw error("number '\(digits)' is too large", at: start) }
        tokens.append(Token(kind: .integer(value), position: start))
    }

    /// The code point written as the next `length` digits in `radix`, consumed; nil (nothing consumed) otherwise.
    private mutating func codePoint(length: Int, radix: Int) -> Unicode.Scalar? {
        guard index + length <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + length], as: UTF8.self), radix: radix),
            let scalar = Unicode.Scalar(value)
        else { return nil }
        advance(length)
        return scalar
    }

    private mutating func lexString(at start: Position) throws(TemplateError) {
        let quote = bytes[index]
        advance()
        var value: [UInt8] = []
        while index < bytes.count {
            let current = bytes[index]
            if current == quote {
                advance()
                tokens.append(Token(kind: .string(String(decoding: value, as: UTF8.self)), position: start))
                return
            }
            if current == UInt8(ascii: "\\"), let escaped = byte(at: 1) {
                advance(2)
                let simple: [UInt8: UInt8] = [
                    UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "a"): 0x07,
                    UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "v"): 0x0B,
                ]
                let hexLengths: [UInt8: Int] = [UInt8(ascii: "x"): 2, UInt8(ascii: "u"): 4, UInt8(ascii: "U"): 8]
                if let byte = simple[escaped] {
                    value.append(byte)
                    continue
                }
                if let length = hexLengths[escaped], let scalar = codePoint(length: length, radix: 16) {
                    value.append(contentsOf: Array(String(Character(scalar)).utf8))
                    continue
                }
                if (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(escaped) {
                    // Python's octal escape: up to three digits, this one included.
                    var digits = [escaped]
                    while digits.count < 3, let next = byte(at: 0),
                        (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(next)
                    {
                        digits.append(next)
                        advance()
                    }
                    let code = UInt32(String(decoding: digits, as: UTF8.self), radix: 8) ?? 0
                    value.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8))
                    continue
                }
                switch escaped {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): value.append(escaped)
                case UInt8(ascii: "\n"): break
                default:
                    // Python keeps unknown escapes such as `\d` as written, which SQL regexes rely on.
                    value.append(UInt8(ascii: "\\"))
                    value.append(escaped)
                }
                continue
            }
            value.append(current)
            advance()
        }
        throw error("unclosed string literal", at: start, help: "close it with \(UnicodeScalar(quote))")
    }
}

extension String {
    /// The text with `\r\n` and lone `\r` turned into `\n`.
    func replacingCRLF() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { result.unicodeScalars.append(scalar) }
            previousWasCR = false
        }
        return result
    }
}
