public import Hummingbird

/// Guards the routes it is added to: answers 401 or 403 (with `WWW-Authenticate` and a JSON error) unless the
/// request carries credentials that ``BearerAuthenticator`` accepts with every scope in `scopes`.
///
/// `wh serve` adds it to `/metrics` when `serve.auth` is configured (KPIs check through ``KPIDelivery``); the pages
/// and `/healthz` stay open.
public struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let authenticator: BearerAuthenticator
    let scopes: [String]

    public init(authenticator: BearerAuthenticator, scopes: [String] = []) {
        self.authenticator = authenticator
        self.scopes = scopes
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do throws(AuthFailure) {
            _ = try authenticator.authorize(request.headers[.authorization], requiredScopes: scopes)
        } catch {
            return error.response
        }
        return try await next(request, context)
    }
}

extension AuthFailure {
    /// The JSON error with the `WWW-Authenticate` challenge.
    var response: Response {
        var response = ErrorResponse.make(status: status, message: message)
        response.headers[.wwwAuthenticate] = challenge
        return response
    }
}
