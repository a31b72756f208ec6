import SQLTemplate
import Testing

@Suite struct DiagnosticTests {
    @Test func rendersCaretUnderTheColumn() {
        let text = "select 1\nwhere {{ ref(\"customers\" }}\n"
        let diagnostic = Diagnostic(
            location: SourceLocation(path: "models/orders.sql", line: 2, column: 25),
            message: "expected ',' or ')', found '}}'",
            help: "close the call with ')'"
        ).withSourceLine(from: text)
        #expect(
            diagnostic.description == """
                models/orders.sql:2:25: error: expected ',' or ')', found '}}'
                    where {{ ref("customers" }}
                                            ^
                  help: close the call with ')'
                """
        )
    }

    @Test func sourceLineHandlesCRLFAndEnd() {
        #expect(SourceText.line(2, of: "a\r\nb\r\nc") == "b")
        #expect(SourceText.line(3, of: "a\r\nb\r\nc") == "c")
        #expect(SourceText.line(4, of: "a\nb\n") == nil)
        #expect(SourceText.line(3, of: "a\nb\n") == "")
    }
}
