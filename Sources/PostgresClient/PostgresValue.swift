/// A value bound to a `$n` parameter of a statement; bind `nil` for SQL `NULL`.
///
/// Values travel separately from the statement text, so they never need quoting.
public enum PostgresValue: Sendable, Hashable {
    /// Text; its type is inferred by the server from context, so it also binds dates, numerics, JSON, ....
    case string(String)
    /// A 64-bit integer (`int8`).
    case int(Int)
    /// A double-precision float (`float8`); NaN and the infinities are allowed.
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// Raw bytes (`bytea`).
    case bytes([UInt8])
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension PostgresValue {
    /// Texts as one array value, to bind where the statement casts it (`= any($1::text[])`): the array literal
    /// `{"a","b\"c"}`, each element quoted, so commas, braces and quotes inside them stay text.
    public static func textArray(_ texts: [String]) -> PostgresValue {
        let elements = texts.map { text in
            var quoted = "\""
            for character in text {
                if character == "\\" || character == "\"" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }
        return .string("{" + elements.joined(separator: ",") + "}")
    }
}
