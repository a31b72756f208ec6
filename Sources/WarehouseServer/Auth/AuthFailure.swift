import Foundation

/// Why a request was refused: 401 for credentials that are missing or invalid, 403 for a valid caller without a
/// scope the endpoint requires.
public enum AuthFailure: Error, Sendable, Hashable {
    /// No `Authorization: Bearer` header.
    case missingCredentials
    /// An `Authorization` header of another scheme, or an empty bearer value.
    case malformedHeader
    /// Not one of the configured tokens, and not a JSON Web Token (or JWTs are not accepted).
    case unknownToken
    /// A JSON Web Token whose form, algorithm, signature or claims are wrong; the text says which.
    case invalidToken(String)
    /// A JSON Web Token past its `exp`.
    case expired
    /// A JSON Web Token before its `nbf`.
    case notYetValid
    /// The caller is known but lacks these scopes.
    case missingScopes([String])

    /// 401, or 403 for missing scopes.
    public var status: Int {
        if case .missingScopes = self { return 403 }
        return 401
    }

    /// What the response says.
    public var message: String {
        switch self {
        case .missingCredentials: "authentication required: send `Authorization: Bearer <token>`"
        case .malformedHeader: "the Authorization header should be `Bearer <token>`"
        case .unknownToken: "the bearer token is not valid"
        case .invalidToken(let reason): "the bearer token is not valid: \(reason)"
        case .expired: "the bearer token has expired"
        case .notYetValid: "the bearer token is not valid yet (nbf)"
        case .missingScopes(let scopes):
            "the bearer token lacks the scope\(scopes.count == 1 ? "" : "s") \(scopes.joined(separator: ", "))"
        }
    }

    /// The `WWW-Authenticate` challenge (RFC 6750): no error code when no credentials came, `invalid_token` for bad
    /// ones, `insufficient_scope` with the scopes needed.
    public var challenge: String {
        let realm = "Bearer realm=\"wh\""
        switch self {
        case .missingCredentials: return realm
        case .malformedHeader: return realm + ", error=\"invalid_request\""
        case .missingScopes(let scopes):
            return realm + ", error=\"insufficient_scope\", scope=\"\(scopes.joined(separator: " "))\""
        default:
            return realm
                + ", error=\"invalid_token\", error_description=\"\(message.replacingOccurrences(of: "\"", with: "'"))\""
        }
    }
}
