/// Python's `float(text)`: surrounding whitespace ignored, `_` allowed between digits, `inf`/`nan` in any case;
/// nil for what Python refuses, such as hexadecimal (`0x1A`), which Swift's own parser would accept.
func pythonFloat(parsing text: String) -> Double? {
    let body = text.trimmingPythonWhitespace
    guard !body.isEmpty, !body.contains(where: { $0 == "x" || $0 == "X" || $0 == "p" || $0 == "P" }) else {
        return nil
    }
    let characters = Array(body)
    for (index, character) in characters.enumerated() where character == "_" {
        guard index > 0, index < characters.count - 1, characters[index - 1].isASCIIDigit,
            characters[index + 1].isASCIIDigit
        else { return nil }
    }
    return Double(String(characters.filter { $0 != "_" }))
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

extension String {
    /// The text without the leading and trailing whitespace Python's `str.strip()` removes.
    var trimmingPythonWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        let start = firstIndex { !isSpace($0) } ?? endIndex
        let end = lastIndex { !isSpace($0) }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
