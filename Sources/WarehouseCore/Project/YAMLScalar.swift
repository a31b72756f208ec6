import SQLTemplate
import Yams

/// Plain YAML scalars resolved to values the YAML 1.1 way (as dbt's PyYAML does): `yes`/`no`/`on`/`off` are
/// booleans, `~` and the empty scalar are null.
enum YAMLScalar {
    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    static func resolve(plain text: String) -> Literal {
        if isNull(text) { return .none }
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        default: break
        }
        if let number = integer(text) { return .int(number) }
        if let number = float(text) { return .double(number) }
        return .string(text)
    }

    private static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        digits = digits.filter { $0 != "_" }[...]
        var radix = 10
        if digits.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0o") {
            radix = 8
            digits = digits.dropFirst(2)
        }
        guard !digits.isEmpty, let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let allowed = text.unicodeScalars.allSatisfy { "0123456789.eE+-_".unicodeScalars.contains($0) }
        guard allowed, text.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) else { return nil }
        return Double(text.filter { $0 != "_" })
    }
}

extension YAMLReader {
    /// The node as a `Literal`: plain scalars resolved, quoted or tagged scalars as strings, mappings keeping
    /// their order.
    mutating func literal(_ node: Node) -> Literal {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain, scalar.tag.rawValue.isEmpty else { return .string(scalar.string) }
            return YAMLScalar.resolve(plain: scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map { literal($0) })
        case .mapping:
            let entries = mapping(node, "a value") ?? []
            return .dict(entries.map { Literal.KeyValue(key: $0.key, value: literal($0.value)) })
        case .alias:
            report("unresolved alias", at: node)
            return .none
        }
    }
}
