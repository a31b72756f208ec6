import SQLTemplate
import Yams

extension YAMLReader {
    static let serveKeys = ["host", "port", "statement_timeout", "auth"]

    /// Reads project.yml's `serve:`.
    mutating func serveSettings(_ node: Node) -> ServeSettings {
        var settings = ServeSettings()
        for entry in mapping(node, "`serve`") ?? [] {
            switch entry.key {
            case "host": settings.host = string(entry.value, "`serve.host`") ?? settings.host
            case "port":
                guard let port = int(entry.value, "`serve.port`") else { continue }
                if (0...65_535).contains(port) {
                    settings.port = port
                } else {
                    report("`serve.port` should be from 0 to 65535, found \(port)", at: entry.value)
                }
            case "statement_timeout":
                settings.statementTimeoutMilliseconds =
                    milliseconds(entry.value, "`serve.statement_timeout`") ?? settings.statementTimeoutMilliseconds
            case "auth": settings.auth = serveAuthSettings(entry.value)
            default:
                report(
                    "unknown key `\(entry.key)` in `serve`", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: Self.serveKeys)
                        ?? "the keys of `serve` are \(Self.serveKeys.joined(separator: ", "))")
            }
        }
        return settings
    }
}
