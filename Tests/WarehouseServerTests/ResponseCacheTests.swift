import Hummingbird
import Testing
import WarehouseServer

/// The cache's bounds and validity rules, through its public interface.
@Suite struct ResponseCacheTests {
    private static func entry(_ body: String, generation: Int = 1, expires: ContinuousClock.Instant? = nil)
        -> ResponseCache.Entry
    {
        ResponseCache.Entry(
            body: ByteBuffer(string: body), headers: [.contentType: "application/json"], etag: "\"\(body)\"",
            generation: generation, expires: expires)
    }

    private static func key(_ n: Int) -> ResponseCacheKey {
        ResponseCacheKey(kpi: "top_products", parameters: ["n": String(n), "format": "json"])
    }

    private static func body(_ entry: ResponseCache.Entry?) -> String? {
        entry.map { String(buffer: $0.body) }
    }

    @Test func theLeastRecentlyUsedEntryGoesFirstWhenEntriesRunOut() {
        let cache = ResponseCache(maxEntries: 2, maxBytes: 1 << 20)
        cache.store(Self.entry("one"), for: Self.key(1))
        cache.store(Self.entry("two"), for: Self.key(2))
        #expect(Self.body(cache.entry(for: Self.key(1), generation: 1)) == "one")
        cache.store(Self.entry("three"), for: Self.key(3))
        #expect(cache.statistics.entries == 2)
        #expect(cache.entry(for: Self.key(2), generation: 1) == nil)
        #expect(Self.body(cache.entry(for: Self.key(1), generation: 1)) == "one")
        #expect(Self.body(cache.entry(for: Self.key(3), generation: 1)) == "three")
        #expect(cache.statistics.counts["top_products"] == ResponseCache.Counts(hits: 3, misses: 1))
    }

    @Test func bytesAreBoundedToo() {
        let cache = ResponseCache(maxEntries: 100, maxBytes: 1_000)
        let big = String(repeating: "x", count: 600)
        for n in 0..<5 { cache.store(Self.entry(big), for: Self.key(n)) }
        let statistics = cache.statistics
        #expect(statistics.entries == 1)
        #expect(statistics.bytes <= 1_000)
        #expect(cache.entry(for: Self.key(4), generation: 1) != nil)
        cache.store(Self.entry(String(repeating: "y", count: 2_000)), for: Self.key(9))
        #expect(cache.entry(for: Self.key(9), generation: 1) == nil)
    }

    @Test func anEntryOfAnotherGenerationOrPastItsTimeIsStale() {
        let cache = ResponseCache()
        cache.store(Self.entry("old", generation: 1), for: Self.key(1))
        #expect(cache.entry(for: Self.key(1), generation: 2) == nil)
        #expect(cache.statistics.entries == 0)
        let now = ContinuousClock.now
        cache.store(Self.entry("timed", expires: now + .seconds(5)), for: Self.key(2))
        #expect(Self.body(cache.entry(for: Self.key(2), generation: 1, now: now + .seconds(4))) == "timed")
        #expect(cache.entry(for: Self.key(2), generation: 1, now: now + .seconds(5)) == nil)
    }

    @Test func keysAreCanonical() {
        #expect(
            ResponseCacheKey(kpi: "k", parameters: ["b": "2", "a": "1"])
                == ResponseCacheKey(kpi: "k", parameters: ["a": "1", "b": "2"]))
        #expect(
            ResponseCacheKey(kpi: "k", parameters: ["a": "1&b=2"])
                != ResponseCacheKey(kpi: "k", parameters: ["a": "1", "b": "2"]))
    }
}
