import SQLTemplate

/// A model or singular test file's text as dbt-core compiles it: with Python's `str.strip()` applied (dbt's loader
/// strips every file), and returned unchanged, line endings and all, when it holds nothing for Jinja to do
/// (dbt_common's `get_rendered` skips Jinja when none of `{{ {% {# }} %} #}` occurs).
struct DbtSourceText {
    /// The stripped text, when Jinja has nothing to do in it: this is the compiled SQL.
    var verbatim: String?
    /// The text to parse as a template: the stripped text, with the leading whitespace replaced by a comment that
    /// spans the same lines and columns, so template positions stay those of the file.
    var templateSource: String
    /// The file line of each line of `verbatim`.
    var verbatimLines: [Int] = []

    init(_ raw: String) {
        let scalars = raw.unicodeScalars
        let start = scalars.firstIndex { !Self.isPythonWhitespace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !Self.isPythonWhitespace($0) }.map { scalars.index(after: $0) } ?? start
        let leading = String(scalars[scalars.startIndex..<start])
        let stripped = String(scalars[start..<end])
        if Self.hasRenderCharacters(stripped) {
            templateSource = Self.placeholder(for: leading) + stripped
        } else {
            verbatim = stripped
            templateSource = stripped
            let firstLine = leading.utf8.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let lineCount = stripped.utf8.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            verbatimLines = Array(firstLine..<firstLine + lineCount)
        }
    }

    /// Whether Jinja would touch `text` (dbt's `_HAS_RENDER_CHARS_PAT`, `({[{%#]|[#}%]})`).
    static func hasRenderCharacters(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch (previous, byte) {
            case (UInt8(ascii: "{"), UInt8(ascii: "{")), (UInt8(ascii: "{"), UInt8(ascii: "%")),
                (UInt8(ascii: "{"), UInt8(ascii: "#")), (UInt8(ascii: "#"), UInt8(ascii: "}")),
                (UInt8(ascii: "%"), UInt8(ascii: "}")), (UInt8(ascii: "}"), UInt8(ascii: "}")):
                return true
            default: previous = byte
            }
        }
        return false
    }

    /// Text that renders as nothing and ends at the line and column where `whitespace` ends.
    ///
    /// A comment over its line breaks whose `-#}` strips the indentation after it. Indentation on the first line shorter than a comment
    /// (1-3 characters before the first statement, no line break) shifts columns on that line.
    static func placeholder(for whitespace: String) -> String {
        guard let lastBreak = whitespace.unicodeScalars.lastIndex(of: "\n") else {
            let width = whitespace.unicodeScalars.count
            return width >= 4 ? "{#" + String(repeating: " ", count: width - 4) + "#}" : ""
        }
        let breaks = whitespace.utf8.count(where: { $0 == UInt8(ascii: "\n") })
        let indentation = whitespace.unicodeScalars[whitespace.unicodeScalars.index(after: lastBreak)...].count
        return "{#" + String(repeating: "\n", count: breaks - 1) + "-#}\n" + String(repeating: " ", count: indentation)
    }

    /// Python's `str.isspace()`, which `str.strip()` uses.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }
}
