public import Hummingbird
public import WarehouseCore
public import WarehouseEngine

/// What surrounds every KPI answer: auth, the cache, the entity tag and `Cache-Control`.
///
/// That is: authentication and scopes, the response cache, the entity tag with `If-None-Match`, and
/// `Cache-Control`. Each part is optional; without any, answers are computed every time and
/// still carry an `ETag`.
public struct KPIDelivery: Sendable {
    public var authenticator: BearerAuthenticator?
    public var cache: ResponseCache?
    /// Without a watcher nothing is cached: a build could go unnoticed.
    public var builds: BuildWatcher?

    public init(authenticator: BearerAuthenticator? = nil, cache: ResponseCache? = nil, builds: BuildWatcher? = nil) {
        self.authenticator = authenticator
        self.cache = cache
        self.builds = builds
    }

    /// The 401 or 403 answer when the request may not read something requiring `scopes`, else nil.
    ///
    /// Always nil when auth is off. Checked before the parameters, so a caller without credentials learns nothing about them.
    public func refusal(of request: Request, scopes: [String]) -> Response? {
        guard let authenticator else { return nil }
        do throws(AuthFailure) {
            _ = try authenticator.authorize(request.headers[.authorization], requiredScopes: scopes)
            return nil
        } catch {
            return error.response
        }
    }

    /// The answer to a checked request for `kpi`: the cached body for `key` while it is valid, else the body
    /// `compute` makes from the latest build (stored when the KPI may be cached); a 304 without a body when the
    /// request's `If-None-Match` names the body's entity tag.
    ///
    /// A KPI with `cache_seconds: 0` is never cached; one with `cache_seconds: N` is kept N seconds at most and
    /// sent with `max-age=N`; one without is kept until the next build and sent with `no-cache` (clients revalidate
    /// with the entity tag, which costs a 304).
    public func respond<Failure: Error>(
        to request: Request, kpi: KPIDefinition, key: ResponseCacheKey,
        compute: (BuildHistory.Record?) async throws(Failure) -> (body: ByteBuffer, headers: HTTPFields)
    ) async throws(Failure) -> Response {
        let state = builds?.current
        let cacheable = state?.listening == true && kpi.cacheSeconds != 0
        let caching = cachingHeaders(kpi)
        if let cache, let state, cacheable {
            if let entry = cache.entry(for: key, generation: state.generation) {
                return answer(request, body: entry.body, headers: entry.headers, etag: entry.etag, caching: caching)
            }
        } else {
            cache?.countMiss(kpi: key.kpi)
        }
        let made = try await compute(state?.latest)
        let etag = EntityTag.strong(body: made.body, build: state?.latest?.id)
        if let cache, let state, cacheable {
            cache.store(
                ResponseCache.Entry(
                    body: made.body, headers: made.headers, etag: etag, generation: state.generation,
                    expires: kpi.cacheSeconds.map { .now + .seconds($0) }),
                for: key)
        }
        return answer(request, body: made.body, headers: made.headers, etag: etag, caching: caching)
    }

    /// `Cache-Control` and `Vary` for `kpi`'s answers: `private` when auth is on, so shared caches keep nothing.
    private func cachingHeaders(_ kpi: KPIDefinition) -> HTTPFields {
        let freshness = kpi.cacheSeconds.flatMap { $0 > 0 ? "max-age=\($0)" : nil } ?? "no-cache"
        var headers: HTTPFields = [.cacheControl: (authenticator == nil ? "" : "private, ") + freshness]
        headers[.vary] = authenticator == nil ? "Accept" : "Accept, Authorization"
        return headers
    }

    private func answer(
        _ request: Request, body: ByteBuffer, headers: HTTPFields, etag: String, caching: HTTPFields
    ) -> Response {
        var all = caching
        all[.eTag] = etag
        if let condition = request.headers[.ifNoneMatch], EntityTag.matches(ifNoneMatch: condition, etag: etag) {
            return Response(status: .notModified, headers: all)
        }
        all.append(contentsOf: headers)
        return Response(status: .ok, headers: all, body: ResponseBody(byteBuffer: body))
    }
}
