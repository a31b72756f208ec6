/// Quotes an identifier (a table, column or schema name) for use in SQL: `a"b` becomes `"a""b"`.
///
/// Identifiers cannot be bound as parameters; this is the one function that makes them safe to splice.
/// The name keeps its exact case (`"Orders"` is not `orders`).
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingAll("\"", with: "\"\"") + "\""
}

/// Quotes a qualified name part by part: `quoteQualifiedName("gold", "fact orders")` is `"gold"."fact orders"`.
public func quoteQualifiedName(_ parts: String...) -> String {
    parts.map(quoteIdentifier).joined(separator: ".")
}

/// Quotes a string as a SQL literal: `it's` becomes `'it''s'`, and text with backslashes uses `E'...'`
/// so it reads the same whatever `standard_conforming_strings` says.
///
/// Only for statements that cannot take parameters, such as DDL (`COMMENT ON ... IS '...'`,
/// `CREATE ROLE ... PASSWORD '...'`, column defaults). Everywhere else, bind values with `query(_:_:)`.
public func quoteLiteral(_ text: String) -> String {
    let quoted = text.replacingAll("'", with: "''")
    guard text.contains("\\") else { return "'" + quoted + "'" }
    return "E'" + quoted.replacingAll("\\", with: "\\\\") + "'"
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count + 2)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
