extension PostgresValue {
    /// The type OID sent with the value; 0 lets the server infer the type from context.
    var typeOID: UInt32 {
        switch self {
        case .string: 0
        case .int: 20
        case .double: 701
        case .bool: 16
        case .bytes: 17
        }
    }

    /// 0 for text format, 1 for binary (used only for bytes, whose binary form is the bytes themselves).
    var format: Int32 {
        if case .bytes = self { return 1 }
        return 0
    }

    /// The encoded value; text values end with a NUL byte, which is not counted in libpq's length.
    var encoded: [UInt8] {
        switch self {
        case .string(let text): Array(text.utf8) + [0]
        case .int(let number): Array(String(number).utf8) + [0]
        case .double(let number): Array(PostgresValue.text(of: number).utf8) + [0]
        case .bool(let flag): Array((flag ? "t" : "f").utf8) + [0]
        case .bytes(let bytes): bytes
        }
    }

    private static func text(of number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return String(number)
    }
}

/// Calls `body` with libpq's parallel arrays for `parameters` (type OIDs, values, lengths, formats), valid only
/// during the call.
func withEncoded<R>(
    _ parameters: [PostgresValue?],
    _ body: (
        _ types: [UInt32], _ values: [UnsafePointer<CChar>?], _ lengths: [Int32], _ formats: [Int32]
    ) -> R
) -> R {
    let encoded = parameters.map { $0?.encoded }
    let types = parameters.map { $0?.typeOID ?? 0 }
    let formats = parameters.map { $0?.format ?? 0 }
    let lengths = encoded.map { Int32($0?.count ?? 0) }
    return withByteArrays(encoded) { values in body(types, values, lengths, formats) }
}
