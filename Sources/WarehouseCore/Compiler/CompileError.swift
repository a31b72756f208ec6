public import SQLTemplate

/// Everything wrong with a project that compilation found, in file order: `wh compile` reports every broken
/// node in one run.
public struct CompileError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var diagnostic: Diagnostic
        /// Macro call sites that led to the problem, outermost first.
        public var callStack: [SourceLocation]

        public init(_ diagnostic: Diagnostic, callStack: [SourceLocation] = []) {
            self.diagnostic = diagnostic
            self.callStack = callStack
        }

        public init(_ error: TemplateError) {
            self.init(error.diagnostic, callStack: error.callStack)
        }

        public var description: String {
            ([diagnostic.description] + TemplateError.callStackLines(callStack)).joined(separator: "\n")
        }
    }

    public var problems: [Problem]
    /// What compiled when every problem belongs to particular nodes; nil when the project as a whole is broken (a
    /// macro file, a cycle).
    public var partial: PartialCompilation?

    /// The problems in file order, each once: a bad `ref()` is found both in the syntax tree and by the render.
    public init(_ problems: [Problem], partial: PartialCompilation? = nil) {
        self.partial = partial
        var seen: Set<Problem> = []
        self.problems = problems.filter { seen.insert($0).inserted }.sorted {
            $0.diagnostic.location < $1.diagnostic.location
        }
    }

    public var description: String {
        let count = problems.count
        return problems.map(\.description).joined(separator: "\n\n")
            + "\n\n\(count) error\(count == 1 ? "" : "s") found"
    }
}
