import SQLTemplate

extension Compiler {
    /// Each model or singular test whose SQL ends in `;` (by its index in `nodes`), reported at the semicolon.
    ///
    /// `wh` wraps a model's query in a statement of its own (`create table ... as (<query>)`, a test's in
    /// `select count(*) from (<query>)`), where a semicolon is a syntax error that Postgres reports only as
    /// `syntax error at or near ";"`. Reporting it at compile time points at the character and says the fix; it is
    /// not dropped silently, so the compiled SQL stays what the file says.
    func trailingSemicolonProblems(
        _ nodes: [PendingNode], _ outcomes: [Result<NodeRenderer.Outcome, TemplateError>?]
    ) -> [(index: Int, problem: CompileError.Problem)] {
        var problems: [(index: Int, problem: CompileError.Problem)] = []
        for (index, outcome) in outcomes.enumerated() {
            guard case .success(let result)? = outcome, nodes[index].testMetadata == nil,
                result.sql.last(where: { !$0.isWhitespace }) == ";"
            else { continue }
            let node = nodes[index]
            let kind = node.resourceType == .test ? "test" : "model"
            var location = node.location
            var sourceLine: String?
            // Where the file itself ends in the semicolon, point at it; a macro may also have written it.
            if let semicolon = node.rawCode.lastIndex(where: { !$0.isWhitespace }), node.rawCode[semicolon] == ";" {
                let before = node.rawCode[..<semicolon]
                let line = before.reduce(into: 1) { count, character in if character.isNewline { count += 1 } }
                let lineStart = before.lastIndex(where: \.isNewline).map { node.rawCode.index(after: $0) }
                let start = lineStart ?? node.rawCode.startIndex
                location = SourceLocation(
                    path: node.location.path, line: line,
                    column: node.rawCode[start..<semicolon].unicodeScalars.count + 1)
                sourceLine = SourceText.line(line, of: node.rawCode)
            }
            let diagnostic = Diagnostic(
                location: location,
                message: "the \(kind)'s SQL ends with ';', which breaks the statement wh runs it in",
                sourceLine: sourceLine, help: "remove the trailing ';'")
            problems.append((index, CompileError.Problem(diagnostic)))
        }
        return problems
    }
}
