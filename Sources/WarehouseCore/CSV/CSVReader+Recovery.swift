import Foundation
import SQLTemplate

extension CSVReader {
    /// Skips the record that `nextRecord()` just failed on and returns its text, so reading can go on after it.
    ///
    /// A record with the wrong number of fields is skipped whole; after a syntax error (a stray quote, an
    /// unclosed quoted field) the lines from the record's start through the line of the error are skipped, the
    /// way a reader that lost track of the quoting resumes at the next line. The text is the skipped bytes
    /// without the last line end, decoded as UTF-8 (invalid bytes and NULs become U+FFFD).
    ///
    /// - Returns: the skipped text and the number of the record's first line.
    public func skipBadRecord(after error: CSVError) throws(CSVError) -> (line: Int, text: String) {
        let firstLine = line
        var target: Int?
        if case .raggedRow = error.kind, let recordEnd = badRecordEnd, recordEnd <= end {
            target = recordEnd
        }
        badRecordEnd = nil
        var index = position
        var linesLeft = max(1, error.location.line - line + 1)
        while target == nil {
            while index < end && linesLeft > 0 {
                if buffer[index] == UInt8(ascii: "\n") {
                    linesLeft -= 1
                }
                index += 1
            }
            if linesLeft == 0 || atEndOfInput {
                target = index
            } else {
                let shift = position
                try refill()
                index -= shift
            }
        }
        let skipEnd = target ?? end
        var textEnd = skipEnd
        if textEnd > position && buffer[textEnd - 1] == UInt8(ascii: "\n") { textEnd -= 1 }
        if textEnd > position && buffer[textEnd - 1] == UInt8(ascii: "\r") { textEnd -= 1 }
        var lines = 0
        for offset in position..<skipEnd where buffer[offset] == UInt8(ascii: "\n") {
            lines += 1
        }
        let text = String(
            decoding: UnsafeBufferPointer(start: buffer + position, count: textEnd - position), as: UTF8.self)
        line += lines
        position = skipEnd
        return (firstLine, text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
    }
}
