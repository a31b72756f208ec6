/// The kind of thing a graph node stands for, named as dbt names it in `resource_type`.
public enum ResourceType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case model
    case seed
    case test
    case source
    case snapshot

    public static func < (lhs: ResourceType, rhs: ResourceType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A node's unique id in dbt's format: `model.shop.fact_orders`, `source.shop.bronze.orders`,
/// `test.shop.not_null_fact_orders_order_id.<hash>`.
public struct NodeID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(_ type: ResourceType, package: String, name: String) {
        self.rawValue = "\(type.rawValue).\(package).\(name)"
    }

    public var description: String { rawValue }

    /// The resource type the id starts with (`model` for `model.shop.orders`), `nil` for an id of another shape.
    public var resourceType: ResourceType? {
        rawValue.split(separator: ".", maxSplits: 1).first.flatMap { ResourceType(rawValue: String($0)) }
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
