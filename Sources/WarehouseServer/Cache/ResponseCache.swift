import Foundation
public import Hummingbird

/// KPI responses kept in memory, each valid until the next build (a new ``BuildWatcher/State/generation``) or until
/// its KPI's `cache_seconds` passed, whichever comes first; at most `maxEntries` of them and `maxBytes` of bodies,
/// the least recently used dropped first.
///
/// Hits and misses are counted per KPI for `/metrics`.
public final class ResponseCache: Sendable {
    /// A KPI and the request's canonical parameters (``ResponseCacheKey``).
    public typealias Key = ResponseCacheKey

    /// One stored response.
    public struct Entry: Sendable {
        public var body: ByteBuffer
        /// The response's own headers (`Content-Type`, `Link`), without the entity tag and caching headers.
        public var headers: HTTPFields
        /// The strong entity tag (``EntityTag``).
        public var etag: String
        /// The generation of builds the body was computed in.
        public var generation: Int
        /// When it stops being served, if its KPI has a `cache_seconds`.
        public var expires: ContinuousClock.Instant?

        public init(
            body: ByteBuffer, headers: HTTPFields, etag: String, generation: Int, expires: ContinuousClock.Instant?
        ) {
            self.body = body
            self.headers = headers
            self.etag = etag
            self.generation = generation
            self.expires = expires
        }
    }

    /// Hits and misses of one KPI.
    public struct Counts: Sendable, Hashable {
        public var hits: Int
        public var misses: Int

        public init(hits: Int = 0, misses: Int = 0) {
            self.hits = hits
            self.misses = misses
        }
    }

    public static let defaultMaxEntries = 10_000
    public static let defaultMaxBytes = 64 << 20

    private let lock = NSLock()
    /// Guarded by `lock`.
    private nonisolated(unsafe) var entries: LeastRecentlyUsed<Key, Entry>
    /// Guarded by `lock`.
    private nonisolated(unsafe) var counts: [String: Counts] = [:]

    public init(maxEntries: Int = ResponseCache.defaultMaxEntries, maxBytes: Int = ResponseCache.defaultMaxBytes) {
        entries = LeastRecentlyUsed(maxEntries: maxEntries, maxBytes: maxBytes)
    }

    /// The entry of `key` if it is still valid in `generation`, counting a hit or a miss for its KPI.
    public func entry(for key: Key, generation: Int, now: ContinuousClock.Instant = .now) -> Entry? {
        lock.withLock {
            var found = entries.value(for: key)
            if let entry = found, entry.generation != generation || entry.expires.map({ now >= $0 }) == true {
                entries.remove(key)
                found = nil
            }
            counts[key.kpi, default: Counts()].hits += found == nil ? 0 : 1
            counts[key.kpi, default: Counts()].misses += found == nil ? 1 : 0
            return found
        }
    }

    /// Counts a miss for a request that may not use the cache (its KPI is uncached, or no build watcher listens).
    public func countMiss(kpi: String) {
        lock.withLock { counts[kpi, default: Counts()].misses += 1 }
    }

    /// Stores `entry` under `key`, replacing what was there.
    public func store(_ entry: Entry, for key: Key) {
        lock.withLock { entries.set(entry, bytes: entry.body.readableBytes + key.bytes, for: key) }
    }

    /// Hits and misses by KPI, the number of entries and the bytes they hold.
    public var statistics: (counts: [String: Counts], entries: Int, bytes: Int) {
        lock.withLock { (counts, entries.count, entries.bytes) }
    }
}

/// What identifies a cached response: the KPI and the request's parameters in canonical form (sorted by name, each
/// value as the KPI's parameter type normalizes it, with the response format and page), so requests that mean the
/// same thing share an entry.
public struct ResponseCacheKey: Hashable, Sendable {
    public var kpi: String
    /// `name=value` pairs in name order, joined by `&`.
    public var parameters: String

    /// A key from normalized parameter values, in any order.
    public init(kpi: String, parameters: [String: String]) {
        self.kpi = kpi
        self.parameters = parameters.sorted { $0.key < $1.key }
            .map { Self.escape($0.key) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    /// What the key itself costs in memory, roughly.
    var bytes: Int { kpi.utf8.count + parameters.utf8.count + 64 }

    /// `&` and `=` inside a name or value would make two parameter sets read alike.
    private static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "=" || $0 == "%" }) else { return text }
        return text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "&", with: "%26")
            .replacingOccurrences(of: "=", with: "%3D")
    }
}
