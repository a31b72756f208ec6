import Foundation

extension ConnectionConfiguration {
    /// A `postgresql://` URL for these settings, without the password, for `psql` and other libpq tools.
    ///
    /// User, host, port and database come from the resolved settings (including the `PG*` environment); other
    /// settings this configuration sets explicitly (`sslmode`, `options`, ...) become query parameters. A socket
    /// folder or a list of hosts goes into the `host` query parameter, which libpq reads the same way.
    public var url: String {
        let resolved = resolvedParameters()
        let explicit = resolvedParameters(includingDefaults: false)
        func value(_ keyword: String) -> String? { resolved[keyword].flatMap { $0.isEmpty ? nil : $0 } }
        var query: [(String, String)] = []
        var authority = ""
        if let user = value("user") { authority += Self.percentEncoded(user) + "@" }
        let host = value("host")
        if let host, !host.contains("/"), !host.contains(",") {
            authority += host.contains(":") ? "[\(host)]" : Self.percentEncoded(host)
            if let port = value("port") { authority += ":" + Self.percentEncoded(port) }
        } else {
            if let host { query.append(("host", host)) }
            if let port = value("port") { query.append(("port", port)) }
        }
        var text = "postgresql://" + authority + "/" + (value("dbname").map(Self.percentEncoded) ?? "")
        let inURL: Set<String> = ["user", "host", "port", "dbname", "password", "fallback_application_name"]
        for keyword in explicit.keys.sorted() where !inURL.contains(keyword) {
            guard let setting = explicit[keyword], !setting.isEmpty else { continue }
            query.append((keyword, setting))
        }
        if !query.isEmpty {
            text += "?" + query.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        return text
    }

    /// The password set in the connection string or the overrides, if any (libpq may still find one in
    /// `PGPASSWORD` or `~/.pgpass`).
    public var password: String? {
        resolvedParameters(includingDefaults: false)["password"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    private static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
