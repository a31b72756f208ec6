import Foundation
import Hummingbird
import WarehouseDigest

/// Strong entity tags (`ETag`) for KPI responses and the `If-None-Match` comparison (RFC 9110).
enum EntityTag {
    /// The tag of `body` as computed from build `build` (its record id, nil before any build).
    ///
    /// It is the first 128 bits of a SHA-256 of both, quoted. The same bytes from another build get another tag, so `built_at` cannot go stale
    /// in a client's cache.
    static func strong(body: ByteBuffer, build: Int?) -> String {
        let suffix = Array("\u{0}build:\(build.map(String.init) ?? "none")".utf8)
        // libcrypto's SHA-256: the portable one took a few percent of an uncached answer's CPU time.
        let hex = body.withUnsafeReadableBytes { body in suffix.withUnsafeBytes { FileDigest.hex(of: body, $0) } }
        return "\"" + hex.prefix(32) + "\""
    }

    /// Whether an `If-None-Match` header value names `etag`: `*`, or a list of tags compared weakly (a `W/` prefix
    /// is ignored), as RFC 9110 says for `If-None-Match`.
    static func matches(ifNoneMatch header: String, etag: String) -> Bool {
        if header.trimmingCharacters(in: .whitespaces) == "*" { return true }
        return header.split(separator: ",").contains { candidate in
            var tag = Substring(candidate.trimmingCharacters(in: .whitespaces))
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag == etag
        }
    }
}
