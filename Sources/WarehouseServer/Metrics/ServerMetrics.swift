import Foundation

/// Counts of the requests `wh serve` answered, by route, method and status, and their latencies by route, for
/// `/metrics` (``MetricsExposition``).
///
/// Routes are the router's patterns (`/api/customers/{customer_id}/spend`), never raw paths, so the number of
/// series stays bounded by the project's definitions.
public final class ServerMetrics: Sendable {
    /// The upper bounds of the latency histogram's buckets, in seconds (Prometheus's `le`).
    public static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// One series of the request counter.
    public struct RequestSeries: Hashable, Sendable {
        public var route: String
        public var method: String
        public var status: Int
    }

    /// The latencies of one route: a count per bucket (not cumulative; the last counts what exceeds every bound),
    /// their sum and count.
    public struct Latency: Sendable, Hashable {
        public var buckets = [Int](repeating: 0, count: ServerMetrics.latencyBuckets.count + 1)
        public var sum = 0.0
        public var count = 0
    }

    private let lock = NSLock()
    /// Guarded by `lock`.
    private nonisolated(unsafe) var requests: [RequestSeries: Int] = [:]
    /// Guarded by `lock`.
    private nonisolated(unsafe) var latencies: [String: Latency] = [:]

    public init() {}

    /// Records one answered request.
    public func record(route: String, method: String, status: Int, seconds: Double) {
        let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 } ?? Self.latencyBuckets.count
        lock.withLock {
            requests[RequestSeries(route: route, method: method, status: status), default: 0] += 1
            latencies[route, default: Latency()].buckets[bucket] += 1
            latencies[route, default: Latency()].sum += seconds
            latencies[route, default: Latency()].count += 1
        }
    }

    /// The counts so far.
    public var snapshot: (requests: [RequestSeries: Int], latencies: [String: Latency]) {
        lock.withLock { (requests, latencies) }
    }
}
