/// An error found while parsing or rendering a template, with the place it happened.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers and tests to match on.
    public enum Kind: Sendable, Hashable {
        /// The template text is not valid template syntax.
        case syntax
        /// A name or attribute was used but never defined.
        case undefinedVariable
        /// `x | name` where no filter `name` exists.
        case unknownFilter
        /// `x is name` where no test `name` exists.
        case unknownTest
        /// A macro or function was called with arguments it does not accept.
        case wrongArguments
        /// An operation was applied to a value of the wrong type.
        case typeMismatch
        /// A native function raised the error on purpose (`exceptions.raise_compiler_error`).
        case raised
        /// The template nests or recurses deeper than `wh` allows (see `docs/architecture.md`, "Limits").
        case limitExceeded
        /// Anything else.
        case other
    }

    public var kind: Kind
    /// Location, message, source line and help.
    public var diagnostic: Diagnostic
    /// Macro call sites that led to the error, outermost first; empty outside macros.
    public var callStack: [SourceLocation]

    public init(kind: Kind, diagnostic: Diagnostic, callStack: [SourceLocation] = []) {
        self.kind = kind
        self.diagnostic = diagnostic
        self.callStack = callStack
    }

    /// An error at `location`; `source` is the file's text, used to show the offending line.
    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation, source: String? = nil, help: String? = nil
    ) {
        self.kind = kind
        self.diagnostic = Diagnostic(
            location: location,
            message: message,
            sourceLine: source.flatMap { SourceText.line(location.line, of: $0) },
            help: help
        )
        self.callStack = []
    }

    /// The message alone, without location.
    public var message: String { diagnostic.message }

    /// The location of the error itself (the innermost place).
    public var location: SourceLocation { diagnostic.location }

    public var description: String {
        ([diagnostic.description] + Self.callStackLines(callStack)).joined(separator: "\n")
    }

    /// `  in macro call at <site>` per call, innermost first, a run of calls from one site (a recursion) as one
    /// line with its count: a runaway recursion is a thousand calls deep.
    public static func callStackLines(_ callStack: [SourceLocation]) -> [String] {
        var lines: [String] = []
        var index = callStack.endIndex
        while index > callStack.startIndex {
            let site = callStack[index - 1]
            var count = 0
            while index > callStack.startIndex, callStack[index - 1] == site {
                index -= 1
                count += 1
            }
            lines.append("  in macro call at \(site)" + (count > 1 ? " (\(count) calls)" : ""))
        }
        return lines
    }
}
