import PostgresClient

/// Asks the server whether it reads a value as a type: the last word on seed values that `wh`'s own checks refuse
/// but Postgres's input functions may accept (see `DeclaredColumnType.serverHasLastWord`).
///
/// It runs on the connection that will load the seed, outside any transaction, so the session's settings that
/// decide (`DateStyle`, `TimeZone`) are those `COPY` reads the file with. Only refused values are asked about, one
/// query each, and at most a few per column: a well-formed file asks nothing.
struct SeedValueCast {
    let connection: Connection

    /// The server's message when it refuses `value` as `typeName` (a data exception, SQLSTATE class 22); nil when
    /// it accepts it, or when the question itself fails (an unknown type), which `CREATE TABLE` then reports.
    func refusal(of value: String, as typeName: String) -> String? {
        do {
            _ = try connection.query("select $1::\(typeName)", [.string(value)])
            return nil
        } catch {
            return error.sqlstate?.hasPrefix("22") == true ? error.message : nil
        }
    }
}
