import Foundation
import Testing

@testable import WarehouseIngest

/// The ingest JSON scanner agrees with Foundation's parser on what is JSON, and finds values at paths.
@Suite struct JSONPathScannerTests {
    private static let documents = [
        #"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#, #"  [1, 2.5, -3e10, 0, -0.0]  "#, #""just a string""#,
        "42", "-", "01", "1.", "1e", "{", "}", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "{oops}", "tru", "nul",
        #"{"a": "tab\there"}"#, #"{"a": "\u00e9\ud83d\ude00\n"}"#, #"{"a": "\x"}"#, #"{"a": "\u12"}"#, "", "  ",
        #"{"a": 1} x"#, #"[[[[[]]]]]"#, #"{"":""}"#,
    ]

    /// Foundation's parser on Linux accepts trailing commas; RFC 8259 and Postgres's `jsonb` do not, nor do we.
    private static let foundationLeniencies: Set<String> = ["[1,]", "{\"a\":1,}"]

    @Test("valid exactly where JSONSerialization says so, trailing commas aside", arguments: documents)
    func validity(_ document: String) {
        let foundation = (try? JSONSerialization.jsonObject(with: Data(document.utf8), options: [.fragmentsAllowed]))
        let ours = try? JSONPathScanner(paths: []).scan(Array(document.utf8))
        let expected = foundation != nil && !Self.foundationLeniencies.contains(document)
        #expect(expected == (ours != nil), "\(document)")
    }

    @Test func valuesAtPaths() throws {
        let scanner = JSONPathScanner(paths: [
            ["event_id"], ["lines", "0", "quantity"], ["lines", "1", "sku"], ["lines", "2", "sku"], ["meta"],
            ["flag"], ["none"], ["missing", "deeper"], ["text"],
        ])
        let document = #"""
            {"event_id": "e1", "lines": [{"sku": "A", "quantity": 3}, {"sku": "B\"2", "quantity": -1.5e2}],
             "meta": {"x": [1, 2]}, "flag": true, "none": null, "text": "caf\u00e9 \ud83d\ude00\ttab"}
            """#
        let values = try scanner.scan(Array(document.utf8))
        #expect(
            values == [
                .string("e1"), .raw("3"), .string("B\"2"), nil, .raw(#"{"x": [1, 2]}"#), .raw("true"), .null, nil,
                .string("café 😀\ttab"),
            ])
    }

    @Test func whereTheDocumentBreaks() {
        #expect(throws: JSONPathScanner.Invalid(message: "expected ',' or '}'", offset: 8)) {
            try JSONPathScanner(paths: []).scan(Array(#"{"a": 1 "b": 2}"#.utf8))
        }
    }
}
