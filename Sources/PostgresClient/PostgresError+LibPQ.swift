internal import CLibPQ
import Foundation

extension PostgresError {
    /// Reads the diagnostic fields of a failed result.
    ///
    /// `connection` decides the kind when the result has no SQLSTATE.
    init(result: OpaquePointer, connection: OpaquePointer, statement: String?) {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return String(cString: value)
        }
        let sqlstate = field("C")
        let kind: Kind
        if let sqlstate {
            kind = .server(sqlstate: sqlstate)
        } else {
            kind = PQstatus(connection) == CONNECTION_BAD ? .connection : .client
        }
        let fallback =
            PostgresError.trimmed(PQresultErrorMessage(result)) ?? PostgresError.connectionMessage(connection)
        self.init(
            kind: kind,
            message: field("M") ?? fallback,
            detail: field("D"),
            hint: field("H"),
            position: field("P").flatMap { Int($0) },
            context: field("W"),
            statement: statement
        )
        schemaName = field("s")
        tableName = field("t")
        columnName = field("c")
        constraintName = field("n")
    }

    /// An error read from the connection's last error message (no result available).
    init(connection: OpaquePointer, statement: String?) {
        let kind: Kind = PQstatus(connection) == CONNECTION_BAD ? .connection : .client
        self.init(kind: kind, message: PostgresError.connectionMessage(connection), statement: statement)
    }

    static func connectionMessage(_ connection: OpaquePointer) -> String {
        trimmed(PQerrorMessage(connection)) ?? "unknown libpq error"
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String? {
        guard let message else { return nil }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
