/// Records which template line produced each line of a render's output, so a database error at a line of the
/// compiled SQL can be reported at the line of the model file that wrote it.
///
/// Only the rendered template's own text and `{{ }}` outputs are recorded; the lines a macro call writes are
/// attributed to the line of the call.
final class LineRecorder {
    /// Template line per output line (index 0 is output line 1); 0 where nothing was recorded yet.
    private var sourceLines: [Int] = [0]
    private var scannedBytes = 0
    /// Whether the current output line holds only whitespace so far: its line is decided by what comes next.
    private var currentLineIsBlank = true

    /// Catches up with bytes appended to `output` since the last call.
    ///
    /// Lines begun by a newline in literal text get that text's next line (`textLine` is the template line the
    /// scan is at); others are left to inherit.
    private func scan(_ output: String, textLine: Int?) {
        var templateLine = textLine
        for byte in output.utf8.dropFirst(scannedBytes) {
            if byte == UInt8(ascii: "\n") {
                templateLine = templateLine.map { $0 + 1 }
                sourceLines.append(templateLine ?? 0)
                currentLineIsBlank = true
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") {
                currentLineIsBlank = false
            }
        }
        scannedBytes = output.utf8.count
    }

    /// Notes that what is written next into `output` comes from template line `line`; it decides the current
    /// output line's template line unless that line already has visible content.
    func willWrite(into output: String, fromLine line: Int) {
        scan(output, textLine: nil)
        if currentLineIsBlank { sourceLines[sourceLines.count - 1] = line }
    }

    /// Notes literal text starting at template line `line` that was just appended to `output`.
    func didWriteText(into output: String, fromLine line: Int) {
        scan(output, textLine: line)
    }

    /// The map for the finished output: lines written by expressions inherit the line before them.
    func finish(_ output: String) -> [Int] {
        scan(output, textLine: nil)
        var previous = 1
        return sourceLines.map { line in
            previous = line == 0 ? previous : line
            return previous
        }
    }
}

/// A render's output with, for each of its lines, the template line that produced it.
public struct RenderedText: Sendable {
    public var text: String
    /// 1-based template line for each output line, in order.
    public var sourceLines: [Int]

    public init(text: String, sourceLines: [Int]) {
        self.text = text
        self.sourceLines = sourceLines
    }
}
