import Testing

struct CSVTestParserTests {
    @Test func readsQuotedFieldsWithCommasAndDoubledQuotes() throws {
        let rows = try CSVTestParser.parse("a,\"b, \"\"c\"\"\",\n1,2,3\n")
        #expect(rows == [["a", "b, \"c\"", ""], ["1", "2", "3"]])
    }

    @Test func readsEmptyFieldsAnywhere() throws {
        #expect(try CSVTestParser.parse(",,\n\"\",x,\n") == [["", "", ""], ["", "x", ""]])
    }

    @Test func rejectsMalformedQuoting() {
        #expect(throws: CSVTestParser.Malformed(line: 1, reason: "unterminated quote")) {
            try CSVTestParser.parse("a,\"b\n")
        }
        #expect(throws: CSVTestParser.Malformed(line: 2, reason: "quote inside unquoted field")) {
            try CSVTestParser.parse("a\nb\"c\"\n")
        }
        #expect(throws: CSVTestParser.Malformed(line: 1, reason: "missing final line break")) {
            try CSVTestParser.parse("a,b")
        }
        #expect(throws: CSVTestParser.Malformed(line: 1, reason: "text after closing quote")) {
            try CSVTestParser.parse("\"a\"b\n")
        }
    }
}
