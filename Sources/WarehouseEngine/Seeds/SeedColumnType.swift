import WarehouseCore

/// The Postgres type `wh seed` infers for a CSV column from all of its values.
///
/// Empty values are NULL and say nothing about the type; a column with no other values is `text`.
/// Inference is strict, so every value it accepts is valid input for the type in Postgres:
///
/// - `integer` fits int4, `bigint` fits int8, wider whole numbers are `numeric`;
///   an optional sign and no leading zeros (`007` stays text, so codes keep their zeros).
/// - `numeric`: digits with one `.` (`1.5`, `.5`, `5.`), no exponent (`1e3` is text).
/// - `boolean`: `true` or `false` in any case. `t`/`f`, `yes`/`no` and `1`/`0` are not booleans:
///   dbt reads 0/1 as integers, and one-letter values are more often codes than truth values.
/// - `date`: `YYYY-MM-DD`, a real calendar day.
/// - `timestamp`: `YYYY-MM-DD HH:MM[:SS[.fraction]]`, also with `T` between date and time;
///   with a zone (`Z`, `+02`, `+02:00`, `+0200`) it is `timestamptz`.
/// - `text`: everything else.
public enum SeedColumnType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case integer
    case bigint
    case numeric
    case boolean
    case date
    case timestamp
    case timestamptz
    case text

    /// The type's name in SQL.
    public var description: String { rawValue }

    /// The narrowest type that holds the values of both types.
    ///
    /// Whole numbers widen to `numeric` and dates to `timestamp`; anything else mixed is `text`
    /// (a naive timestamp with a zoned one is `text`: no zone would be right for the naive one).
    public func merged(with other: SeedColumnType) -> SeedColumnType {
        if self == other { return self }
        if let left = numericRank, let right = other.numericRank {
            return left > right ? self : other
        }
        if Set([self, other]) == [.date, .timestamp] { return .timestamp }
        return .text
    }

    private var numericRank: Int? {
        switch self {
        case .integer: 0
        case .bigint: 1
        case .numeric: 2
        default: nil
        }
    }
}

extension SeedColumnType {
    /// The narrowest type that holds `value`, a non-empty field.
    static func of(_ value: UnsafeBufferPointer<UInt8>) -> SeedColumnType {
        guard let first = value.first else { return .text }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let type = numberType(value) { return type }
            if let temporal = ValueSyntax.temporal(value) {
                switch temporal {
                case .date: return .date
                case .timestamp(let zoned): return zoned ? .timestamptz : .timestamp
                }
            }
            return .text
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return ValueSyntax.isTrueOrFalse(value) ? .boolean : .text
        default:
            return .text
        }
    }

    private static func numberType(_ value: UnsafeBufferPointer<UInt8>) -> SeedColumnType? {
        guard let number = ValueSyntax.decimal(value, allowsExponent: false), !number.hasLeadingZero else {
            return nil
        }
        guard !number.hasPoint else { return .numeric }
        switch number.integer {
        case .some(let integer) where Int32(exactly: integer) != nil: return .integer
        case .some: return .bigint
        case .none: return .numeric
        }
    }
}
