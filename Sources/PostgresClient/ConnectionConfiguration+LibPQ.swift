internal import CLibPQ
import Foundation

extension ConnectionConfiguration {
    /// Keyword/value pairs for `PQconnectdbParams` with `expand_dbname = 1`: the connection string
    /// goes first as `dbname` (libpq expands only the first `dbname`), the overrides after it.
    var libpqParameters: [(keyword: String, value: String)] {
        var pairs: [(keyword: String, value: String)] = [("fallback_application_name", "wh")]
        if !connectionString.isEmpty { pairs.append(("dbname", connectionString)) }
        pairs += overrides.map { ($0.keyword, $0.value) }
        return pairs
    }

    /// The values libpq would use, as far as they can be known without connecting:
    /// environment defaults (unless `includingDefaults` is false), then the connection string, then the overrides.
    func resolvedParameters(includingDefaults: Bool = true) -> [String: String] {
        var values: [String: String] = [:]
        if includingDefaults, let defaults = PQconndefaults() {
            collect(defaults, into: &values)
            PQconninfoFree(defaults)
        }
        if !connectionString.isEmpty, let parsed = PQconninfoParse(connectionString, nil) {
            collect(parsed, into: &values)
            PQconninfoFree(parsed)
        }
        for override in overrides { values[override.keyword] = override.value }
        return values
    }

    /// The value libpq would use for `keyword` (`connect_timeout`, `sslmode`, ...), as far as it can be known
    /// without connecting; `nil` when unset or empty.
    public func resolvedValue(of keyword: String) -> String? {
        resolvedParameters()[keyword].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func collect(_ options: UnsafeMutablePointer<PQconninfoOption>, into values: inout [String: String]) {
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
    }

    static func validate(_ connectionString: String) throws(PostgresError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(connectionString, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "out of memory"
            PQfreemem(errorMessage)
            throw PostgresError(
                kind: .client,
                message: "invalid connection string: \(reason.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        PQconninfoFree(parsed)
    }
}
