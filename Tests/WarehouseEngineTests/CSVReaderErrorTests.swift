import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine

@Suite struct CSVReaderErrorTests {
    func expectError(
        _ input: [UInt8],
        _ kind: CSVError.Kind,
        line: Int,
        column: Int,
        sourceLine: String?,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let error = csvError(input)
        #expect(error?.kind == kind, sourceLocation: sourceLocation)
        #expect(
            error?.location == SQLTemplate.SourceLocation(path: "seeds/t.csv", line: line, column: column),
            sourceLocation: sourceLocation
        )
        #expect(error?.sourceLine == sourceLine, sourceLocation: sourceLocation)
    }

    func expectError(
        _ text: String,
        _ kind: CSVError.Kind,
        line: Int,
        column: Int,
        sourceLine: String?,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        expectError(
            Array(text.utf8), kind, line: line, column: column, sourceLine: sourceLine, sourceLocation: sourceLocation)
    }

    @Test func raggedRowWithTooManyFieldsPointsAtTheFirstExtraField() {
        expectError("a,b\n1,2\n1,2,3\n", .raggedRow(fields: 3, expected: 2), line: 3, column: 5, sourceLine: "1,2,3")
    }

    @Test func raggedRowWithTooFewFieldsPointsAtTheLineEnd() {
        expectError("a,b,c\n1,2\n", .raggedRow(fields: 2, expected: 3), line: 2, column: 4, sourceLine: "1,2")
        expectError("a,b,c\r\n1,2", .raggedRow(fields: 2, expected: 3), line: 2, column: 4, sourceLine: "1,2")
    }

    @Test func raggedRowAfterAMultiLineFieldPointsAtItsOwnLine() {
        expectError(
            "a,b\n\"x\ny\",2,3\n", .raggedRow(fields: 3, expected: 2), line: 3, column: 6, sourceLine: "y\",2,3")
    }

    @Test func blankLineIsARaggedRowWithAHelpfulHint() throws {
        let error = try #require(csvError("a,b\n1,2\n\n3,4\n"))
        #expect(error.kind == .raggedRow(fields: 1, expected: 2))
        #expect(error.location.line == 3 && error.location.column == 1)
        #expect(error.diagnostic.help == "remove the blank line, or give it 1 commas")
    }

    @Test func quoteInsideUnquotedFieldPointsAtTheQuote() {
        expectError("a,b\n1,x\"y\n", .quoteInUnquotedField, line: 2, column: 4, sourceLine: "1,x\"y")
    }

    @Test func textAfterClosingQuotePointsAtTheText() {
        expectError("a,b\n1,\"x\"y\n", .textAfterClosingQuote, line: 2, column: 6, sourceLine: "1,\"x\"y")
        expectError("a,b\n1,\"x\" \n", .textAfterClosingQuote, line: 2, column: 6, sourceLine: "1,\"x\" ")
    }

    @Test func unterminatedQuotePointsAtTheOpeningQuote() {
        expectError("a,b\n1,é\"\n", .quoteInUnquotedField, line: 2, column: 4, sourceLine: "1,é\"")
        expectError("a,b\n1,\"abc\n2,3\n", .unterminatedQuotedField, line: 2, column: 3, sourceLine: "1,\"abc")
        expectError("a,b\n1,\"", .unterminatedQuotedField, line: 2, column: 3, sourceLine: "1,\"")
    }

    @Test func invalidUTF8PointsAtTheBadByte() {
        let header = Array("a,b\n".utf8)
        expectError(
            header + Array("1,".utf8) + [0xC3, 0x28] + [10], .invalidUTF8, line: 2, column: 3, sourceLine: "1,\u{FFFD}("
        )
        // Columns before the bad byte count characters, not bytes.
        expectError(header + Array("é,x".utf8) + [0xFF], .invalidUTF8, line: 2, column: 4, sourceLine: "é,x\u{FFFD}")
        // Overlong encoding, surrogate, above U+10FFFF, and a sequence cut by the end of the file.
        expectError(header + [0xC0, 0x80], .invalidUTF8, line: 2, column: 1, sourceLine: "\u{FFFD}\u{FFFD}")
        expectError(
            header + [0xED, 0xA0, 0x80], .invalidUTF8, line: 2, column: 1, sourceLine: "\u{FFFD}\u{FFFD}\u{FFFD}")
        expectError(
            header + [0xF4, 0x90, 0x80, 0x80], .invalidUTF8, line: 2, column: 1,
            sourceLine: "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        expectError(header + [0x22, 0xE2, 0x82], .invalidUTF8, line: 2, column: 2, sourceLine: "\"\u{FFFD}")
    }

    @Test func nulBytePointsAtTheByte() {
        expectError(Array("a,b\n1,x".utf8) + [0, 10], .nulByte, line: 2, column: 4, sourceLine: "1,x\u{0}")
    }

    @Test func bareCarriageReturnAndMixedLineEndings() {
        expectError("a,b\r1,2\n", .bareCarriageReturn, line: 1, column: 4, sourceLine: "a,b\r1,2")
        expectError("a,\"b\"\rc\n", .bareCarriageReturn, line: 1, column: 6, sourceLine: "a,\"b\"\rc")
        expectError("a,b\r\n1,2\n", .mixedLineEndings(first: .crlf), line: 2, column: 4, sourceLine: "1,2")
        expectError("a,b\n1,2\r\n", .mixedLineEndings(first: .lf), line: 2, column: 4, sourceLine: "1,2")
    }

    @Test func unquotedEndOfDataMarkerIsRejectedButQuotedIsData() throws {
        expectError("a\n\\.\nb\n", .endOfDataMarker, line: 2, column: 1, sourceLine: "\\.")
        #expect(try readAll("a\n\"\\.\"\n").map(\.values) == [["a"], ["\\."]])
    }

    @Test func rendersAsACompilerDiagnostic() throws {
        let error = try #require(csvError("id,qty\n1,\"7\"x\n"))
        #expect(
            error.description == """
                seeds/t.csv:2:6: error: text after the closing quote of a field
                    1,"7"x
                         ^
                  help: put the whole field in quotes and double quotes inside it: "a ""b"" c"
                """
        )
    }
}
