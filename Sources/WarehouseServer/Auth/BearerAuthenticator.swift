public import Foundation
public import WarehouseCore

/// Who called, once authenticated: the token's name or the JWT's subject, and the scopes granted.
public struct AuthenticatedCaller: Sendable, Hashable {
    public var name: String
    public var scopes: Set<String>
}

/// Checks `Authorization: Bearer` credentials against `serve.auth` (its secrets already rendered): one of the static
/// tokens, else an HS256 JSON Web Token.
public struct BearerAuthenticator: Sendable {
    /// The static tokens by SHA-256 digest: a presented token is hashed and compared with each in constant time, so
    /// neither its length nor its first bytes can be found by timing.
    private let tokens: [(digest: [UInt8], name: String, scopes: Set<String>)]
    private let jwt: JSONWebToken?

    public init(settings: ServeAuthSettings) {
        tokens = settings.tokens.map { (SHA256.digest(Array($0.token.utf8)), $0.name, Set($0.scopes)) }
        jwt = settings.jwt.map(JSONWebToken.init)
    }

    /// The caller presenting `authorization` (the header's value), who must hold every one of `requiredScopes`.
    public func authorize(_ authorization: String?, requiredScopes: [String], now: Date = Date()) throws(AuthFailure)
        -> AuthenticatedCaller
    {
        let caller = try authenticate(authorization, now: now)
        let missing = requiredScopes.filter { !caller.scopes.contains($0) }
        guard missing.isEmpty else { throw .missingScopes(missing) }
        return caller
    }

    private func authenticate(_ authorization: String?, now: Date) throws(AuthFailure) -> AuthenticatedCaller {
        guard let authorization, !authorization.isEmpty else { throw .missingCredentials }
        // The scheme is case-insensitive (RFC 9110); exactly one space before the token, as RFC 6750 writes it.
        guard authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            throw .malformedHeader
        }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw .malformedHeader }
        let digest = SHA256.digest(Array(token.utf8))
        var found: AuthenticatedCaller?
        for entry in tokens where HMACSHA256.constantTimeEqual(entry.digest, digest) {
            found = AuthenticatedCaller(name: entry.name, scopes: entry.scopes)
        }
        if let found { return found }
        guard let jwt, JSONWebToken.looksLikeJWT(token) else { throw .unknownToken }
        let verified = try jwt.verify(token, now: now)
        return AuthenticatedCaller(name: verified.subject.map { "jwt \($0)" } ?? "jwt", scopes: verified.scopes)
    }
}
