/// A message about a place in a source file, rendered the way compilers do so editors can jump to it.
///
/// ```
/// models/marts/orders.sql:3:23: error: expected ',' or ')', found '}}'
/// where {{ ref("customers" }}
/// ^
/// help: close the call with ')'
/// ```
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The text of the offending line, without its line break, when it is known.
    public var sourceLine: String?
    /// What would fix it, in the user's terms.
    public var help: String?

    public init(
        severity: Severity = .error,
        location: SourceLocation,
        message: String,
        sourceLine: String? = nil,
        help: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
        self.help = help
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let sourceLine {
            let caretOffset = max(0, location.column - 1)
            let prefix = sourceLine.unicodeScalars.prefix(caretOffset).map { $0 == "\t" ? "\t" : " " }.joined()
            text += "\n    \(sourceLine)\n    \(prefix)^"
        }
        if let help {
            text += "\n  help: \(help)"
        }
        return text
    }
}

extension Diagnostic {
    /// Fills in `sourceLine` from the file's text.
    public func withSourceLine(from text: String) -> Diagnostic {
        var copy = self
        copy.sourceLine = SourceText.line(location.line, of: text)
        return copy
    }
}

/// A diagnostic can be thrown or carried in a `Result` where it is the whole error.
extension Diagnostic: Error {}
