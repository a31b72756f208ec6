import Foundation
import SQLTemplate

/// dbt-postgres's Column as templates see it.
///
/// What `adapter.get_columns_in_relation` returns and `api.Column(...)` makes. A data type is `dtype` as the catalog
/// names it (`character varying`, `integer`, `numeric`) plus the size a string or numeric type carries.
final class ColumnObject: TemplateObject {
    let column: String
    let dtype: String
    let charSize: Int?
    let numericPrecision: Value
    let numericScale: Value

    init(
        column: String, dtype: String, charSize: Int? = nil, numericPrecision: Value = .none,
        numericScale: Value = .none
    ) {
        self.column = column
        self.dtype = dtype
        self.charSize = charSize
        self.numericPrecision = numericPrecision
        self.numericScale = numericScale
    }

    private static let stringTypes: Set<String> = ["text", "character varying", "character", "varchar"]
    private static let floatTypes: Set<String> = ["real", "float4", "float", "double precision", "float8", "double"]
    private static let integerTypes: Set<String> = [
        "smallint", "integer", "bigint", "smallserial", "serial", "bigserial", "int2", "int4", "int8", "serial2",
        "serial4", "serial8",
    ]

    var isString: Bool { Self.stringTypes.contains(dtype.lowercased()) }
    var isNumeric: Bool { ["numeric", "decimal"].contains(dtype.lowercased()) }
    var isInteger: Bool { Self.integerTypes.contains(dtype.lowercased()) }
    var isFloat: Bool { Self.floatTypes.contains(dtype.lowercased()) }

    /// The size of a string type: its declared length, 256 for `text` or an unsized one (dbt's choice).
    var stringSize: Int? {
        guard isString else { return nil }
        return dtype == "text" ? 256 : charSize ?? 256
    }

    /// The type as DDL writes it: sized strings and numerics with their size, `text` and unsized varchar as they are.
    var dataType: String {
        let lowered = dtype.lowercased()
        if lowered == "text" || (lowered == "character varying" && charSize == nil) { return dtype }
        if isString { return Self.stringType(stringSize ?? 256) }
        if isNumeric { return Self.numericType(dtype, precision: numericPrecision, scale: numericScale) }
        return dtype
    }

    static func stringType(_ size: Int) -> String { "character varying(\(size))" }

    static func numericType(_ dtype: String, precision: Value, scale: Value) -> String {
        if precision.isNone || precision.isUndefined || scale.isNone || scale.isUndefined { return dtype }
        return "\(dtype)(\(precision.renderedString),\(scale.renderedString))"
    }

    /// dataclass's repr, as dbt prints a column.
    var renderedString: String {
        "PostgresColumn(column=\(Value.string(column).representation), dtype=\(Value.string(dtype).representation), "
            + "char_size=\((charSize.map(Value.int) ?? .none).representation), "
            + "numeric_precision=\(numericPrecision.representation), numeric_scale=\(numericScale.representation))"
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "column", "name": .string(column)
        case "dtype": .string(dtype)
        case "char_size": charSize.map(Value.int) ?? Value.none
        case "numeric_precision": numericPrecision
        case "numeric_scale": numericScale
        case "quoted": .string("\"\(column)\"")
        case "data_type", "expanded_data_type": .string(dataType)
        case "is_string": predicate(name, isString)
        case "is_numeric": predicate(name, isNumeric)
        case "is_integer": predicate(name, isInteger)
        case "is_float": predicate(name, isFloat)
        case "is_number": predicate(name, isInteger || isNumeric || isFloat)
        case "string_size":
            .function(
                NativeFunction(name: name) { [self] arguments throws(TemplateError) in
                    guard let size = stringSize else {
                        throw arguments.error("called string_size() on column '\(column)' of non-string type \(dtype)")
                    }
                    return .int(size)
                })
        case "can_expand_to":
            .function(
                NativeFunction(name: name) { [self] arguments throws(TemplateError) in
                    guard case .object(let object)? = arguments.value(at: 0, named: "other_column"),
                        let other = object as? ColumnObject
                    else { throw arguments.error("can_expand_to() expects a column", kind: .typeMismatch) }
                    guard let mine = stringSize, let theirs = other.stringSize else { return .bool(false) }
                    return .bool(theirs > mine)
                })
        case "literal":
            .function(
                NativeFunction(name: name) { [self] arguments in
                    .string("\(arguments.value(at: 0, named: "value")?.renderedString ?? "")::\(dataType)")
                })
        default: ColumnClassObject().attribute(name)
        }
    }

    private func predicate(_ name: String, _ value: Bool) -> Value {
        .function(NativeFunction(name: name) { _ in .bool(value) })
    }
}

/// `api.Column`: called, it makes a column (`api.Column('id', 'integer')`); its class methods build type names.
final class ColumnClassObject: TemplateObject {
    var renderedString: String { "<class 'dbt.adapters.postgres.column.PostgresColumn'>" }

    func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        let name = try arguments.string(at: 0, named: "column")
        let dtype = try arguments.string(at: 1, named: "dtype")
        let charSize = arguments.value(at: 2, named: "char_size")
        return .object(
            ColumnObject(
                column: name, dtype: dtype, charSize: charSize?.integer,
                numericPrecision: arguments.value(at: 3, named: "numeric_precision") ?? .none,
                numericScale: arguments.value(at: 4, named: "numeric_scale") ?? .none))
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "create":
            .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    let column = try arguments.string(at: 0, named: "name")
                    let label = try arguments.string(at: 1, named: "label_or_dtype")
                    return .object(ColumnObject(column: column, dtype: Self.translate(label)))
                })
        case "translate_type":
            .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    .string(Self.translate(try arguments.string(at: 0, named: "dtype")))
                })
        case "string_type":
            .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    guard let size = arguments.value(at: 0, named: "size")?.integer else {
                        throw arguments.error("string_type() expects an integer size", kind: .wrongArguments)
                    }
                    return .string(ColumnObject.stringType(size))
                })
        case "numeric_type":
            .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    .string(
                        ColumnObject.numericType(
                            try arguments.string(at: 0, named: "dtype"),
                            precision: arguments.value(at: 1, named: "precision") ?? .none,
                            scale: arguments.value(at: 2, named: "scale") ?? .none))
                })
        case "from_description":
            .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    try Self.fromDescription(
                        try arguments.string(at: 0, named: "name"), try arguments.string(at: 1, named: "raw_data_type"),
                        arguments: arguments)
                })
        default: nil
        }
    }

    /// dbt's one type label translation: `STRING` is `TEXT`.
    private static func translate(_ label: String) -> String {
        label.uppercased() == "STRING" ? "TEXT" : label
    }

    /// `varchar(20)` is a string of size 20, `numeric(10,2)` a numeric of precision 10 and scale 2.
    private static func fromDescription(_ name: String, _ raw: String, arguments: Arguments) throws(TemplateError)
        -> Value
    {
        guard let open = raw.firstIndex(of: "("), let close = raw[open...].firstIndex(of: ")") else {
            return .object(ColumnObject(column: name, dtype: raw))
        }
        let dtype = String(raw[..<open])
        let sizes = raw[raw.index(after: open)..<close].split(separator: ",").map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard !sizes.contains(nil), (1...2).contains(sizes.count) else {
            throw arguments.error("could not interpret data type \"\(raw)\"", kind: .wrongArguments)
        }
        if sizes.count == 1 { return .object(ColumnObject(column: name, dtype: dtype, charSize: sizes[0])) }
        return .object(
            ColumnObject(
                column: name, dtype: dtype, numericPrecision: sizes[0].map(Value.int) ?? .none,
                numericScale: sizes[1].map(Value.int) ?? .none))
    }
}
