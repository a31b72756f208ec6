public import PostgresClient
public import WarehouseCore

/// The columns each KPI answers with, asked of the database: every statement runs once with no rows wanted
/// (`limit 0`, parameters NULL) in a read-only transaction that is rolled back, and Postgres names the result's
/// types (`format_type`).
public enum KPIColumnTypes {
    /// The columns of the KPIs whose statements run; a KPI whose relation does not exist yet (never built) is left
    /// out, and the document describes its rows without types.
    public static func describe(_ kpis: [CompiledKPI], on connection: Connection) throws(PostgresError)
        -> [String: [OpenAPIDocument.Column]]
    {
        var results: [String: (names: [String], oids: [UInt32])] = [:]
        try connection.execute("begin read only")
        defer { _ = try? connection.execute("rollback") }
        for kpi in kpis {
            let values: [PostgresValue?] = kpi.bindings.map { binding in
                switch binding {
                case .parameter: nil
                case .limitPlusOne, .offset: .int(0)
                }
            }
            try connection.execute("savepoint describe")
            do {
                let result = try connection.query(kpi.statement, values)
                results[kpi.name] = (result.columns, result.columnTypeOIDs)
                try connection.execute("release savepoint describe")
            } catch {
                try connection.execute("rollback to savepoint describe")
            }
        }
        let oids = Set(results.values.flatMap(\.oids)).sorted()
        guard !oids.isEmpty else { return [:] }
        var names: [UInt32: String] = [:]
        let typeRows = try connection.query(
            "select oid::bigint, format_type(oid, null) from pg_type where oid = any($1::oid[])",
            [.string("{" + oids.map(String.init).joined(separator: ",") + "}")])
        for row in typeRows {
            if let oid = row.string(0).flatMap(UInt32.init), let name = row.string(1) { names[oid] = name }
        }
        return results.mapValues { result in
            zip(result.names, result.oids).map { OpenAPIDocument.Column(name: $0, type: names[$1] ?? "text") }
        }
    }
}
