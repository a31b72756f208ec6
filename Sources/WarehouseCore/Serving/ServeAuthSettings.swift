public import SQLTemplate

/// project.yml's `serve.auth:`: who may call `wh serve`'s data endpoints.
///
/// Callers present `Authorization: Bearer <credential>`, either one of the static `tokens` or an HS256 JSON Web
/// Token signed with `jwt.secret`; each grants scopes, which KPIs require (``KPIDefinition/scopes``). Secrets are
/// written as templates (`"{{ env_var('WH_API_TOKEN') }}"`) until ``rendered(environment:projectFileText:)``.
public struct ServeAuthSettings: Sendable, Hashable {
    /// One static bearer token.
    public struct Token: Sendable, Hashable {
        /// A name for logs (the token itself is never logged): `token 1`, `token 2` and so on when not given.
        public var name: String
        public var token: String
        /// The scopes the token grants; a token without scopes reaches the endpoints that require none.
        public var scopes: [String]
        /// Where the entry is written.
        public var location: SourceLocation

        public init(name: String, token: String, scopes: [String], location: SourceLocation) {
            self.name = name
            self.token = token
            self.scopes = scopes
            self.location = location
        }
    }

    /// How JSON Web Tokens are checked.
    ///
    /// The HMAC-SHA256 signature with `secret`, `exp` and `nbf` with `leeway`, and `iss`/`aud` when configured. Their `scope` claim (space-separated, or a list) grants scopes.
    public struct JWT: Sendable, Hashable {
        public var secret: String
        public var issuer: String?
        public var audience: String?
        /// Seconds of clock difference tolerated for `exp` and `nbf`.
        public var leewaySeconds: Int
        public var location: SourceLocation

        public init(
            secret: String, issuer: String? = nil, audience: String? = nil, leewaySeconds: Int = 0,
            location: SourceLocation
        ) {
            self.secret = secret
            self.issuer = issuer
            self.audience = audience
            self.leewaySeconds = leewaySeconds
            self.location = location
        }

        /// RFC 7518 asks for an HS256 key of at least 256 bits.
        public static let minimumSecretBytes = 32
    }

    public var tokens: [Token]
    public var jwt: JWT?

    public init(tokens: [Token] = [], jwt: JWT? = nil) {
        self.tokens = tokens
        self.jwt = jwt
    }

    /// The settings with the secrets rendered (`env_var`), checked: no token empty or repeated, a JWT secret of at
    /// least 32 bytes.
    ///
    /// - Throws: a diagnostic at the entry whose value is wrong; it never shows a secret.
    public func rendered(environment: [String: String], projectFileText: String? = nil) throws(Diagnostic)
        -> ServeAuthSettings
    {
        let templates = SettingTemplates(environment: environment)
        var result = self
        do throws(Diagnostic) {
            var seen: Set<String> = []
            for index in tokens.indices {
                let entry = tokens[index]
                let token = try templates.render(entry.token, what: "`serve.auth.tokens`", at: entry.location)
                guard !token.isEmpty else {
                    throw Diagnostic(
                        location: entry.location, message: "the token '\(entry.name)' of `serve.auth.tokens` is empty",
                        help: "set the environment variable it reads to a long random value")
                }
                guard seen.insert(token).inserted else {
                    throw Diagnostic(
                        location: entry.location,
                        message: "the token '\(entry.name)' of `serve.auth.tokens` is the same as an earlier one",
                        help: "give each caller a token of its own")
                }
                result.tokens[index].token = token
            }
            if let jwt {
                let secret = try templates.render(jwt.secret, what: "`serve.auth.jwt.secret`", at: jwt.location)
                guard secret.utf8.count >= JWT.minimumSecretBytes else {
                    throw Diagnostic(
                        location: jwt.location,
                        message: "`serve.auth.jwt.secret` is \(secret.utf8.count) bytes long; HS256 needs at least "
                            + "\(JWT.minimumSecretBytes)",
                        help: "use a random secret of 32 bytes or more, e.g. from `openssl rand -base64 48`")
                }
                result.jwt?.secret = secret
            }
        } catch {
            throw projectFileText.map(error.withSourceLine(from:)) ?? error
        }
        return result
    }
}
