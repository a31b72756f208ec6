import Foundation
import WarehouseCore

/// Makes HS256 JSON Web Tokens for tests, with its own HMAC (RFC 2104 over WarehouseCore's SHA-256), so the server's
/// libcrypto verification is checked against an independent signer.
enum TestJWT {
    static func make(
        secret: String, claims: [String: Any], header: [String: Any] = ["alg": "HS256", "typ": "JWT"]
    ) -> String {
        let head = encode(json(header))
        let body = encode(json(claims))
        let signature = hmac(key: Array(secret.utf8), message: Array("\(head).\(body)".utf8))
        return "\(head).\(body).\(encode(signature))"
    }

    /// A token signed with `secret` whose `exp` is `expiresIn` seconds from now (negative: already expired).
    static func make(secret: String, scope: String?, expiresIn: Double = 3600, subject: String = "tester") -> String {
        var claims: [String: Any] = ["sub": subject, "exp": Int(Date().timeIntervalSince1970 + expiresIn)]
        if let scope { claims["scope"] = scope }
        return make(secret: secret, claims: claims)
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5c } + inner)
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}
