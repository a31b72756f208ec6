import SQLTemplate
import Yams

extension YAMLReader {
    static let serveAuthKeys = ["tokens", "jwt"]
    static let serveTokenKeys = ["name", "token", "scopes"]
    static let serveJWTKeys = ["secret", "issuer", "audience", "leeway_seconds"]

    /// Reads `serve.auth:`; nil when the block configures nothing.
    mutating func serveAuthSettings(_ node: Node) -> ServeAuthSettings? {
        var settings = ServeAuthSettings()
        for entry in mapping(node, "`serve.auth`", known: Self.serveAuthKeys) ?? [] {
            switch entry.key {
            case "tokens":
                for item in sequence(entry.value, "`serve.auth.tokens`") ?? [] {
                    if let token = serveToken(item, number: settings.tokens.count + 1) { settings.tokens.append(token) }
                }
            case "jwt": settings.jwt = serveJWT(entry.value)
            default: break
            }
        }
        guard !settings.tokens.isEmpty || settings.jwt != nil else {
            report(
                "`serve.auth` configures no way in", at: node,
                help: "add `tokens:` (static bearer tokens) or `jwt:` (an HS256 secret), or remove `auth:`")
            return nil
        }
        return settings
    }

    private mutating func serveToken(_ node: Node, number: Int) -> ServeAuthSettings.Token? {
        var name = "token \(number)"
        var token: String?
        var scopes: [String] = []
        for entry in mapping(node, "an entry of `serve.auth.tokens`", known: Self.serveTokenKeys) ?? [] {
            switch entry.key {
            case "name": name = string(entry.value, "`serve.auth.tokens.name`") ?? name
            case "token":
                token = string(entry.value, "`serve.auth.tokens.token`")
                if let token { warnIfLiteralSecret(token, at: entry.value, what: "this token") }
            case "scopes": scopes = strings(entry.value, "`serve.auth.tokens.scopes`") ?? []
            default: break
            }
        }
        guard let token else {
            if case .mapping = node {
                report(
                    "an entry of `serve.auth.tokens` needs `token`", at: node,
                    help:
                        "write it as {name: dashboard, token: \"{{ env_var('WH_DASHBOARD_TOKEN') }}\", scopes: [sales]}"
                )
            }
            return nil
        }
        return ServeAuthSettings.Token(name: name, token: token, scopes: scopes, location: location(of: node))
    }

    private mutating func serveJWT(_ node: Node) -> ServeAuthSettings.JWT? {
        var secret: String?
        var jwt = ServeAuthSettings.JWT(secret: "", location: location(of: node))
        for entry in mapping(node, "`serve.auth.jwt`", known: Self.serveJWTKeys) ?? [] {
            switch entry.key {
            case "secret":
                secret = string(entry.value, "`serve.auth.jwt.secret`")
                if let secret { warnIfLiteralSecret(secret, at: entry.value, what: "the JWT secret") }
            case "issuer": jwt.issuer = string(entry.value, "`serve.auth.jwt.issuer`")
            case "audience": jwt.audience = string(entry.value, "`serve.auth.jwt.audience`")
            case "leeway_seconds":
                guard let seconds = int(entry.value, "`serve.auth.jwt.leeway_seconds`") else { break }
                if seconds >= 0 {
                    jwt.leewaySeconds = seconds
                } else {
                    report("`serve.auth.jwt.leeway_seconds` should not be negative, found \(seconds)", at: entry.value)
                }
            default: break
            }
        }
        guard let secret else {
            if case .mapping = node {
                report(
                    "`serve.auth.jwt` needs `secret`", at: node,
                    help: "add `secret: \"{{ env_var('WH_JWT_SECRET') }}\"`")
            }
            return nil
        }
        jwt.secret = secret
        return jwt
    }

    /// A secret written into project.yml ends up in version control; `env_var` keeps it out.
    private mutating func warnIfLiteralSecret(_ text: String, at node: Node, what: String) {
        guard !text.contains("{{") else { return }
        warn(
            "\(what) is written in the project file", at: node,
            help: "read it from the environment instead: \"{{ env_var('WH_API_TOKEN') }}\"")
    }
}
