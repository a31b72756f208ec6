import Foundation
import WarehouseCore

/// Verifies HS256 JSON Web Tokens (RFC 7519) against `serve.auth.jwt`.
///
/// The header must name `HS256` (never `none`
/// or another algorithm, so a token cannot choose how it is checked), the HMAC-SHA256 of `header.payload` must match
/// the signature, `exp` and `nbf` must hold (with the configured leeway), and `iss`/`aud` must match when
/// configured. The scopes granted are the `scope` claim's, space-separated or a list.
struct JSONWebToken {
    let settings: ServeAuthSettings.JWT
    private let key: [UInt8]

    init(settings: ServeAuthSettings.JWT) {
        self.settings = settings
        key = Array(settings.secret.utf8)
    }

    /// Whether `token` has a JWT's shape (three dot-separated parts), so a refusal can say why.
    static func looksLikeJWT(_ token: String) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// The token's subject (`sub`, for logs) and scopes, or why it is refused.
    func verify(_ token: String, now: Date) throws(AuthFailure) -> (subject: String?, scopes: Set<String>) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .invalidToken("not a JSON Web Token (three parts separated by dots)") }
        guard let headerBytes = Self.base64URLDecode(parts[0]),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any]
        else { throw .invalidToken("its header is not base64url-encoded JSON") }
        guard header["alg"] as? String == "HS256" else {
            throw .invalidToken("its algorithm is \(header["alg"].map { "'\($0)'" } ?? "missing"); HS256 is expected")
        }
        guard let signature = Self.base64URLDecode(parts[2]),
            let expected = HMACSHA256.mac(
                key: key, message: Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)),
            HMACSHA256.constantTimeEqual(signature, expected)
        else { throw .invalidToken("the signature does not match") }
        guard let payloadBytes = Self.base64URLDecode(parts[1]),
            let claims = try? JSONSerialization.jsonObject(with: Data(payloadBytes)) as? [String: Any]
        else { throw .invalidToken("its payload is not base64url-encoded JSON") }
        let seconds = now.timeIntervalSince1970
        let leeway = Double(settings.leewaySeconds)
        if let exp = claims["exp"] {
            guard let exp = Self.number(exp) else { throw .invalidToken("`exp` is not a number") }
            guard seconds < exp + leeway else { throw .expired }
        }
        if let nbf = claims["nbf"] {
            guard let nbf = Self.number(nbf) else { throw .invalidToken("`nbf` is not a number") }
            guard seconds + leeway >= nbf else { throw .notYetValid }
        }
        if let issuer = settings.issuer, claims["iss"] as? String != issuer {
            throw .invalidToken("its issuer (iss) is not '\(issuer)'")
        }
        if let audience = settings.audience {
            let audiences = (claims["aud"] as? [String]) ?? (claims["aud"] as? String).map { [$0] } ?? []
            guard audiences.contains(audience) else {
                throw .invalidToken("its audience (aud) does not include '\(audience)'")
            }
        }
        let scopes: [String]
        switch claims["scope"] {
        case let text as String: scopes = text.split(separator: " ").map(String.init)
        case let list as [String]: scopes = list
        case nil: scopes = []
        default: throw .invalidToken("`scope` should be a string of space-separated scopes")
        }
        return (claims["sub"] as? String, Set(scopes))
    }

    /// JSON numbers arrive as NSNumber.
    private static func number(_ value: Any) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    /// Decodes unpadded base64url (RFC 4648 section 5); nil for anything else.
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
