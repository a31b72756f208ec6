import Foundation

/// Puts ephemeral models into their consumers as CTEs, the way dbt does: `with __dbt__cte__x as (...)` before the
/// consumer's SQL, or merged into the consumer's own leading `with`.
enum EphemeralInjection {
    /// One CTE: its name and body.
    struct CTE: Equatable {
        var name: String
        var sql: String
    }

    static func cteName(for modelName: String) -> String { "__dbt__cte__\(modelName)" }

    /// `sql` with `ctes` injected in order.
    ///
    /// Into a leading `with`, they go after the keyword and the whitespace that follows it, as sqlparse's token stream
    /// puts them for dbt.
    static func inject(_ ctes: [CTE], into sql: String) -> String {
        guard !ctes.isEmpty else { return sql }
        let definitions = ctes.map { " \($0.name) as (\n\($0.sql)\n)" }.joined(separator: ", ")
        let leading = sql.prefix { $0.isWhitespace }
        let body = sql[leading.endIndex...]
        if let afterWith = withKeywordEnd(in: body) {
            return leading + body[..<afterWith] + definitions + ", " + body[afterWith...]
        }
        return leading + "with" + definitions + " " + body
    }

    /// The index just past a leading `with` (or `with recursive`) keyword and the whitespace after it, when the
    /// statement starts with one.
    private static func withKeywordEnd(in body: Substring) -> Substring.Index? {
        guard let afterWith = keyword("with", at: skipComments(from: body.startIndex, in: body), in: body) else {
            return nil
        }
        let recursiveStart = skipWhitespace(from: afterWith, in: body)
        guard let afterRecursive = keyword("recursive", at: recursiveStart, in: body) else { return recursiveStart }
        return skipWhitespace(from: afterRecursive, in: body)
    }

    /// Past the comments (`-- ...` lines and `/* ... */` blocks) and whitespace at `index`: sqlparse, which dbt
    /// injects with, skips them looking for a leading `with` (a test macro may open with `-- setup`).
    private static func skipComments(from index: Substring.Index, in text: Substring) -> Substring.Index {
        var position = skipWhitespace(from: index, in: text)
        while true {
            let rest = text[position...]
            if rest.hasPrefix("--") {
                position = rest.firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
            } else if rest.hasPrefix("/*"), let close = rest.range(of: "*/") {
                position = close.upperBound
            } else {
                return position
            }
            position = skipWhitespace(from: position, in: text)
        }
    }

    private static func skipWhitespace(from index: Substring.Index, in text: Substring) -> Substring.Index {
        text[index...].firstIndex { !$0.isWhitespace } ?? text.endIndex
    }

    private static func keyword(_ word: String, at start: Substring.Index, in text: Substring) -> Substring.Index? {
        guard let end = text.index(start, offsetBy: word.count, limitedBy: text.endIndex),
            text[start..<end].lowercased() == word
        else { return nil }
        if end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "_" { return nil }
        return end
    }
}

extension EphemeralInjection {
    /// The SQL of every node in `ephemeralParents`, with its ephemeral ancestors injected as CTEs.
    ///
    /// dbt's order: for each ephemeral parent in the order it was first read, that parent's own CTEs first, then
    /// the parent itself; each CTE once. `sql` holds the rendered SQL of those nodes and of the ephemeral ones.
    static func injectAll(
        sql: [NodeID: String], ephemeralParents: [NodeID: [NodeID]], name: (NodeID) -> String
    ) -> [NodeID: String] {
        var ctesByNode: [NodeID: [(id: NodeID, cte: CTE)]] = [:]

        func ctes(of id: NodeID, visiting: Set<NodeID>) -> [(id: NodeID, cte: CTE)] {
            if let known = ctesByNode[id] { return known }
            var collected: [(id: NodeID, cte: CTE)] = []
            func add(_ entry: (id: NodeID, cte: CTE)) {
                if !collected.contains(where: { $0.id == entry.id }) { collected.append(entry) }
            }
            for parent in ephemeralParents[id] ?? [] where !visiting.contains(parent) {
                ctes(of: parent, visiting: visiting.union([id])).forEach(add)
                add((parent, CTE(name: cteName(for: name(parent)), sql: sql[parent] ?? "")))
            }
            ctesByNode[id] = collected
            return collected
        }

        return ephemeralParents.reduce(into: [:]) { result, entry in
            result[entry.key] = inject(ctes(of: entry.key, visiting: []).map(\.cte), into: sql[entry.key] ?? "")
        }
    }
}

extension EphemeralInjection {
    /// A render's line map after CTEs were injected in front of it: the added lines come from other files (0).
    static func shiftedLineMap(_ lines: [Int], rendered: String, injected: String) -> [Int] {
        guard injected.utf8.count != rendered.utf8.count else { return lines }
        let added = injected.utf8.count { $0 == UInt8(ascii: "\n") } - rendered.utf8.count { $0 == UInt8(ascii: "\n") }
        return added > 0 ? Array(repeating: 0, count: added) + lines : lines
    }
}
