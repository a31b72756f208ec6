import Foundation
import Hummingbird
import WarehouseCore
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
        let digest = FileDigest()
        body.withUnsafeReadableBytes { digest.update($0) }
        suffix.withUnsafeBytes { digest.update($0) }
        let hex = digest.finalizeHex() ?? portableHex(body, suffix)
        return "\"" + hex.prefix(32) + "\""
    }

    /// The same digest by the portable SHA-256, for when libcrypto fails to finish one.
    private static func portableHex(_ body: ByteBuffer, _ suffix: [UInt8]) -> String {
        var hasher = SHA256.Hasher()
        body.withUnsafeReadableBytes { hasher.update($0) }
        suffix.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
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
