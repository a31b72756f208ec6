/// A constant value known without rendering: a template literal (`ref('orders')`, `config(tags=['a'])`)
/// or a YAML scalar, list or mapping from a configuration file.
public indirect enum Literal: Sendable, Hashable, Codable {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Literal])
    /// Keys keep their written order.
    case dict([KeyValue])

    public struct KeyValue: Sendable, Hashable, Codable {
        public var key: String
        public var value: Literal

        public init(key: String, value: Literal) {
            self.key = key
            self.value = value
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var listValue: [Literal]? {
        if case .list(let values) = self { return values }
        return nil
    }

    /// The value for `key` in a dict, or nil.
    public subscript(key: String) -> Literal? {
        guard case .dict(let pairs) = self else { return nil }
        return pairs.last { $0.key == key }?.value
    }
}
