import SQLTemplate

/// A statement's result as dbt gives it to templates (an agate table): `rows` and `columns` (sequences readable
/// by position or name), `column_names`, `column_types`, `table[i]` for row `i`, iteration over rows, and
/// `print_table()`, which prints nothing here.
final class QueryTableObject: TemplateObject {
    let columnNames: [String]
    let columnTypes: [String]
    let rows: [Value]
    private let columns: [Value]

    init(_ table: QueryTable) {
        columnNames = table.columnNames
        columnTypes = table.columnTypes
        let keys = table.columnNames
        let values = table.rows.map { $0.map(Value.init) }
        rows = values.map { .object(MappedSequenceObject(kind: "Row", keys: keys, values: $0)) }
        columns = keys.indices.map { index in
            .object(
                MappedSequenceObject(
                    kind: "Column", keys: nil, values: values.map { $0[index] },
                    extra: [
                        "name": .string(keys[index]), "index": .int(index),
                        "data_type": .string(table.columnTypes[index]),
                    ]))
        }
    }

    var renderedString: String {
        "<agate.Table: columns=(\(columnNames.map { Value.string($0).representation }.joined(separator: ", "))), "
            + "rows=\(rows.count)>"
    }

    var iterationValues: [Value]? { rows }

    func item(_ key: Value) -> Value? {
        if case .string(let name) = key { return attribute(name) }
        guard let index = key.integer else { return nil }
        let resolved = index < 0 ? rows.count + index : index
        return rows.indices.contains(resolved) ? rows[resolved] : nil
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "rows": .object(MappedSequenceObject(kind: "MappedSequence", keys: nil, values: rows))
        case "columns": .object(MappedSequenceObject(kind: "MappedSequence", keys: columnNames, values: columns))
        case "column_names": .list(ListStorage(columnNames.map(Value.string), isTuple: true))
        case "column_types": .list(ListStorage(columnTypes.map(Value.string), isTuple: true))
        case "print_table", "print_structure", "print_csv", "print_json":
            .function(NativeFunction(name: name) { _ in .none })
        default: nil
        }
    }
}

/// agate's MappedSequence (a row, a column, or the table's `rows` and `columns`): values readable by position, by
/// key when it has keys, and by attribute as Jinja falls back to keys; `keys()`, `values()`, `items()`, `get()`,
/// `dict()`.
final class MappedSequenceObject: TemplateObject {
    let kind: String
    let keys: [String]?
    let values: [Value]
    /// Attributes of the sequence's own (a column's `name`).
    private let extra: [String: Value]

    init(kind: String, keys: [String]?, values: [Value], extra: [String: Value] = [:]) {
        self.kind = kind
        self.keys = keys
        self.values = values
        self.extra = extra
    }

    var renderedString: String {
        let sample = values.prefix(5).map(\.representation).joined(separator: ", ")
        return "<agate.\(kind): (\(sample)\(values.count > 5 ? ", ..." : ""))>"
    }

    var iterationValues: [Value]? { values }

    private func value(forKey key: String) -> Value? {
        guard let position = keys?.firstIndex(of: key) else { return nil }
        return values[position]
    }

    func item(_ key: Value) -> Value? {
        if case .string(let name) = key { return value(forKey: name) ?? attribute(name) }
        guard let index = key.integer else { return nil }
        let resolved = index < 0 ? values.count + index : index
        return values.indices.contains(resolved) ? values[resolved] : nil
    }

    func attribute(_ name: String) -> Value? {
        if let value = extra[name] { return value }
        switch name {
        case "values": return method(name) { sequence, _ in .list(ListStorage(sequence.values, isTuple: true)) }
        case "values_without_nulls":
            return method(name) { sequence, _ in
                .list(ListStorage(sequence.values.filter { !$0.isNone }, isTuple: true))
            }
        case "keys":
            return method(name) { sequence, _ in
                sequence.keys.map { .list(ListStorage($0.map(Value.string), isTuple: true)) } ?? .none
            }
        case "items":
            return method(name) { sequence, _ in
                .list(
                    ListStorage(
                        zip(sequence.keys ?? [], sequence.values).map { key, value in
                            .list(ListStorage([.string(key), value], isTuple: true))
                        }, isTuple: true))
            }
        case "dict":
            return method(name) { sequence, _ in .dict(Array(zip(sequence.keys ?? [], sequence.values))) }
        case "get":
            return method(name) { sequence, arguments in
                let key = arguments.value(at: 0, named: "key")?.stringValue ?? ""
                return sequence.value(forKey: key) ?? arguments.value(at: 1, named: "default") ?? .none
            }
        default: return value(forKey: name)
        }
    }

    private func method(_ name: String, _ body: @escaping (MappedSequenceObject, Arguments) -> Value) -> Value {
        .function(NativeFunction(name: name) { [self] arguments in body(self, arguments) })
    }
}
