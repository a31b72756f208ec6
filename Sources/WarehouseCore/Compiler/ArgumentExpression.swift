/// How dbt reads a string argument of a generic test in a property file.
enum ArgumentExpression {
    private static let functionNames: Set<Substring> = ["env_var", "ref", "var", "source", "doc"]

    /// dbt's `^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$`: such a string is evaluated, not taken as text.
    static func looksLikeFunctionCall(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace()
        guard let open = trimmed.firstIndex(of: "("), trimmed.last == ")" else { return false }
        let name = trimmed[..<open].trimmingWhitespace()
        return functionNames.contains(name) && trimmed.index(after: open) < trimmed.index(before: trimmed.endIndex)
    }

    /// The expression inside a string that is exactly one `{{ ... }}`, so its value keeps its type (Jinja's
    /// native rendering): `"{{ var('values') }}"` gives a list, not its text.
    static func singleExpression(in text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.count >= 4 else { return nil }
        let inner = trimmed.dropFirst(2).dropLast(2)
        guard !inner.contains("{{"), !inner.contains("}}") else { return nil }
        return String(inner.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let characters = Substring(self)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
            let last = characters.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return characters[first...last]
    }
}
