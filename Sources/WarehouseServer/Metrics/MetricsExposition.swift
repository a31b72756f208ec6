import Foundation
import WarehouseEngine

/// `/metrics` in Prometheus's text format (version 0.0.4): requests, latency histogram, cache hits and misses, and
/// the age of the last build.
enum MetricsExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(metrics: ServerMetrics, cache: ResponseCache?, builds: BuildWatcher?, now: Date) -> String {
        var out = ""
        let (requests, latencies) = metrics.snapshot
        header(
            &out, "wh_http_requests_total", "counter", "HTTP requests answered, by route pattern, method and status.")
        let series = requests.sorted {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }
        for (key, count) in series {
            sample(
                &out, "wh_http_requests_total",
                [("route", key.route), ("method", key.method), ("status", String(key.status))], Double(count))
        }
        header(
            &out, "wh_http_request_duration_seconds", "histogram",
            "Time from request to response written, by route pattern.")
        for (route, latency) in latencies.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (index, bound) in ServerMetrics.latencyBuckets.enumerated() {
                cumulative += latency.buckets[index]
                sample(
                    &out, "wh_http_request_duration_seconds_bucket", [("route", route), ("le", number(bound))],
                    Double(cumulative))
            }
            sample(
                &out, "wh_http_request_duration_seconds_bucket", [("route", route), ("le", "+Inf")],
                Double(latency.count))
            sample(&out, "wh_http_request_duration_seconds_sum", [("route", route)], latency.sum)
            sample(&out, "wh_http_request_duration_seconds_count", [("route", route)], Double(latency.count))
        }
        if let cache {
            let statistics = cache.statistics
            let kpis = statistics.counts.sorted { $0.key < $1.key }
            header(&out, "wh_cache_hits_total", "counter", "KPI responses served from the cache.")
            for (kpi, counts) in kpis { sample(&out, "wh_cache_hits_total", [("kpi", kpi)], Double(counts.hits)) }
            header(&out, "wh_cache_misses_total", "counter", "KPI responses computed by a query.")
            for (kpi, counts) in kpis { sample(&out, "wh_cache_misses_total", [("kpi", kpi)], Double(counts.misses)) }
            header(&out, "wh_cache_entries", "gauge", "Responses held by the cache.")
            sample(&out, "wh_cache_entries", [], Double(statistics.entries))
            header(&out, "wh_cache_bytes", "gauge", "Bytes of the responses held by the cache.")
            sample(&out, "wh_cache_bytes", [], Double(statistics.bytes))
        }
        if let builds {
            let state = builds.current
            header(
                &out, "wh_build_listening", "gauge", "1 while the server listens for builds (NOTIFY wh_build), else 0.")
            sample(&out, "wh_build_listening", [], state.listening ? 1 : 0)
            if let latest = state.latest {
                header(&out, "wh_last_build_age_seconds", "gauge", "Seconds since the last recorded build finished.")
                sample(&out, "wh_last_build_age_seconds", [], max(0, now.timeIntervalSince(latest.finishedAt)))
                header(
                    &out, "wh_last_build_timestamp_seconds", "gauge",
                    "When the last recorded build finished (Unix time).")
                sample(&out, "wh_last_build_timestamp_seconds", [], latest.finishedAt.timeIntervalSince1970)
            }
        }
        return out
    }

    private static func header(_ out: inout String, _ name: String, _ type: String, _ help: String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    private static func sample(_ out: inout String, _ name: String, _ labels: [(String, String)], _ value: Double) {
        out += name
        if !labels.isEmpty {
            out += "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        out += " " + number(value) + "\n"
    }

    /// Integers without a fraction, other numbers as Swift prints them (shortest round-trip form).
    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// Label values escape backslash, double quote and line feed.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
