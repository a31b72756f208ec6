public import SQLTemplate

/// A CSV file that cannot be read as RFC 4180 CSV, with the place that breaks it.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for tests and callers to match on.
    public enum Kind: Sendable, Hashable {
        /// The file could not be opened or read; the payload is the system's reason.
        case unreadable(String)
        /// A record has a different number of fields than the header.
        case raggedRow(fields: Int, expected: Int)
        /// A `"` inside a field that does not start with a quote.
        case quoteInUnquotedField
        /// Something other than a comma or a line end right after a closing quote.
        case textAfterClosingQuote
        /// A quoted field still open at the end of the file; the location is its opening quote.
        case unterminatedQuotedField
        /// Bytes that are not UTF-8.
        case invalidUTF8
        /// A zero byte, which no Postgres text value can hold.
        case nulByte
        /// A carriage return outside quotes that is not followed by a line feed.
        case bareCarriageReturn
        /// A line end of a different style than the file's first line end (COPY rejects the mix).
        case mixedLineEndings(first: LineEnding)
        /// A record that is exactly `\.`, which COPY reads as the end of the data.
        case endOfDataMarker
    }

    /// How a record ends.
    public enum LineEnding: String, Sendable, Hashable {
        case lf = "LF"
        case crlf = "CRLF"
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The text of the offending line, when it is known.
    public var sourceLine: String?

    public init(_ kind: Kind, at location: SourceLocation, sourceLine: String? = nil) {
        self.kind = kind
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The error rendered like a compiler message, with the line, a caret and what would fix it.
    public var diagnostic: Diagnostic {
        Diagnostic(location: location, message: message, sourceLine: sourceLine, help: help)
    }

    public var description: String { diagnostic.description }

    private var message: String {
        switch kind {
        case .unreadable(let reason): "cannot read the file: \(reason)"
        case .raggedRow(let fields, let expected):
            "row has \(fields) field\(fields == 1 ? "" : "s"), header has \(expected)"
        case .quoteInUnquotedField: "quote inside an unquoted field"
        case .textAfterClosingQuote: "text after the closing quote of a field"
        case .unterminatedQuotedField: "quoted field is never closed"
        case .invalidUTF8: "invalid UTF-8"
        case .nulByte: "NUL byte in the data"
        case .bareCarriageReturn: "carriage return without a line feed"
        case .mixedLineEndings(let first):
            "line ends with \(first == .lf ? "CRLF" : "LF"), but the first line ends with \(first.rawValue)"
        case .endOfDataMarker: #"a line holding only \. would end the data early"#
        }
    }

    private var help: String? {
        switch kind {
        case .unreadable: nil
        case .raggedRow(let fields, let expected):
            fields == 1 && expected > 1
                ? "remove the blank line, or give it \(expected - 1) commas"
                : "every row needs as many fields as the header; quote fields that contain commas"
        case .quoteInUnquotedField: #"quote the whole field and double the quote inside: "a ""b"" c""#
        case .textAfterClosingQuote: #"put the whole field in quotes and double quotes inside it: "a ""b"" c""#
        case .unterminatedQuotedField: #"close the field with '"'; a quote inside a quoted field is written """#
        case .invalidUTF8: "save the file as UTF-8"
        case .nulByte: "remove the NUL byte; Postgres text cannot hold it"
        case .bareCarriageReturn: "use LF or CRLF line endings, or quote the field that holds the carriage return"
        case .mixedLineEndings: "use one line-ending style in the whole file; Postgres COPY rejects a mix"
        case .endOfDataMarker: #"quote the value: "\.""#
        }
    }
}
