/// Line access into source text for diagnostics.
public enum SourceText {
    /// The 1-based `number`th line of `text`, without its line break (`\n` or `\r\n`), or nil past the end.
    public static func line(_ number: Int, of text: String) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var lineStart = text.utf8.startIndex
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            if text.utf8[index] == UInt8(ascii: "\n") {
                if current == number { return trimmedLine(text, lineStart, index) }
                current += 1
                lineStart = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        return current == number ? trimmedLine(text, lineStart, text.utf8.endIndex) : nil
    }

    private static func trimmedLine(_ text: String, _ start: String.Index, _ end: String.Index) -> String {
        var line = Substring(text.utf8[start..<end])
        if line.hasSuffix("\r") { line.removeLast() }
        return String(line)
    }
}
