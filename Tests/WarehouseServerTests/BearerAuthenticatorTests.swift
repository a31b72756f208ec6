import Foundation
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseServer

/// Static tokens and HS256 JWTs checked against `serve.auth`, with tokens made by an independent signer.
@Suite struct BearerAuthenticatorTests {
    static let secret = "a-test-secret-of-more-than-32-bytes-for-hs256"
    let authenticator = BearerAuthenticator(
        settings: ServeAuthSettings(
            tokens: [
                .init(
                    name: "dashboard", token: "dash-0123456789", scopes: ["sales"],
                    location: .init(path: "project.yml", line: 1, column: 1)),
                .init(
                    name: "ops", token: "ops-0123456789", scopes: [],
                    location: .init(path: "project.yml", line: 1, column: 1)),
            ],
            jwt: .init(
                secret: secret, issuer: "shop", audience: "wh", location: .init(path: "project.yml", line: 1, column: 1)
            )))

    private func outcome(_ header: String?, scopes: [String] = []) -> String {
        do throws(AuthFailure) {
            return "ok " + (try authenticator.authorize(header, requiredScopes: scopes).name)
        } catch {
            return "\(error.status) \(error.message)"
        }
    }

    private func jwt(_ claims: [String: Any], secret: String = Self.secret) -> String {
        var all: [String: Any] = ["iss": "shop", "aud": "wh", "sub": "ana"]
        all.merge(claims) { $1 }
        return "Bearer " + TestJWT.make(secret: secret, claims: all)
    }

    @Test func staticTokensGrantTheirScopes() {
        #expect(outcome("Bearer dash-0123456789", scopes: ["sales"]) == "ok dashboard")
        #expect(outcome("bearer dash-0123456789") == "ok dashboard")
        #expect(outcome("Bearer ops-0123456789") == "ok ops")
        #expect(outcome("Bearer ops-0123456789", scopes: ["sales"]) == "403 the bearer token lacks the scope sales")
        #expect(outcome("Bearer dash-012345678") == "401 the bearer token is not valid")
        #expect(outcome("Bearer dash-0123456789x") == "401 the bearer token is not valid")
    }

    @Test func missingAndMalformedHeaders() {
        #expect(outcome(nil) == "401 authentication required: send `Authorization: Bearer <token>`")
        #expect(outcome("Basic ZGFzaDp4") == "401 the Authorization header should be `Bearer <token>`")
        #expect(outcome("Bearer ") == "401 the Authorization header should be `Bearer <token>`")
    }

    @Test func validTokensAndTheirScopes() {
        let now = Int(Date().timeIntervalSince1970)
        #expect(
            outcome(jwt(["exp": now + 60, "scope": "sales customers"]), scopes: ["sales", "customers"]) == "ok jwt ana")
        #expect(outcome(jwt(["exp": now + 60, "scope": ["sales"]]), scopes: ["sales"]) == "ok jwt ana")
        #expect(outcome(jwt(["aud": ["other", "wh"]])) == "ok jwt ana")
        #expect(
            outcome(jwt(["exp": now + 60, "scope": "sales"]), scopes: ["sales", "returns"])
                == "403 the bearer token lacks the scope returns")
    }

    @Test func refusedTokens() {
        let now = Int(Date().timeIntervalSince1970)
        #expect(outcome(jwt(["exp": now - 1])) == "401 the bearer token has expired")
        #expect(outcome(jwt(["nbf": now + 60])) == "401 the bearer token is not valid yet (nbf)")
        #expect(
            outcome(jwt(["exp": now + 60], secret: Self.secret + "x"))
                == "401 the bearer token is not valid: the signature does not match")
        #expect(
            outcome(jwt(["iss": "elsewhere"])) == "401 the bearer token is not valid: its issuer (iss) is not 'shop'")
        #expect(
            outcome(jwt(["aud": "other"]))
                == "401 the bearer token is not valid: its audience (aud) does not include 'wh'")
        #expect(outcome(jwt(["exp": "tomorrow"])) == "401 the bearer token is not valid: `exp` is not a number")
        #expect(outcome("Bearer a.b") == "401 the bearer token is not valid")
    }

    @Test func aTokenCannotChooseItsAlgorithmOrDropItsSignature() {
        let claims: [String: Any] = ["iss": "shop", "aud": "wh", "sub": "ana"]
        let none = TestJWT.make(secret: Self.secret, claims: claims, header: ["alg": "none"])
        #expect(
            outcome("Bearer " + none) == "401 the bearer token is not valid: its algorithm is 'none'; HS256 is expected"
        )
        let valid = TestJWT.make(secret: Self.secret, claims: claims)
        let unsigned = valid.split(separator: ".").prefix(2).joined(separator: ".") + "."
        #expect(outcome("Bearer " + unsigned) == "401 the bearer token is not valid: the signature does not match")
        let parts = valid.split(separator: ".").map(String.init)
        let forged = TestJWT.encode(Array(#"{"aud":"wh","iss":"shop","scope":"admin","sub":"ana"}"#.utf8))
        #expect(
            outcome("Bearer \(parts[0]).\(forged).\(parts[2])", scopes: ["admin"])
                == "401 the bearer token is not valid: the signature does not match")
    }

    @Test func challengesFollowRFC6750() {
        #expect(AuthFailure.missingCredentials.challenge == "Bearer realm=\"wh\"")
        #expect(AuthFailure.expired.challenge.hasPrefix("Bearer realm=\"wh\", error=\"invalid_token\""))
        #expect(
            AuthFailure.missingScopes(["sales", "returns"]).challenge
                == "Bearer realm=\"wh\", error=\"insufficient_scope\", scope=\"sales returns\"")
    }
}
