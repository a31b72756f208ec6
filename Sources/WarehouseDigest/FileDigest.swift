internal import CLibCrypto
import WarehouseCore

/// The SHA-256 of a file fed to it chunk by chunk as the file is read, for the ingest ledger (and of each KPI answer,
/// for its entity tag); ``hex(of:)`` for bytes at hand, such as a seed file for its fingerprint.
///
/// It uses OpenSSL's libcrypto, which libpq links already: with the CPU's SHA instructions it hashes about
/// 1.8 GB/s here, where `SHA256.Hasher` (portable Swift) manages about 0.3 GB/s, and hashing was half of
/// `wh ingest csv`'s own CPU time. When libcrypto cannot make a context, `SHA256.Hasher` does the work.
public final class FileDigest {
    /// Owned: created here, freed in `deinit` (EVP_MD_CTX_free accepts a context whose digest failed).
    private let context: OpaquePointer?
    private var fallback: SHA256.Hasher?

    public init() {
        let created = EVP_MD_CTX_new()
        if let created, EVP_DigestInit_ex(created, EVP_sha256(), nil) == 1 {
            context = created
            fallback = nil
        } else {
            EVP_MD_CTX_free(created)
            context = nil
            fallback = SHA256.Hasher()
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `bytes` to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if let context {
            _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        } else {
            fallback?.update(bytes)
        }
    }

    /// The lowercase hex digest of `parts` one after the other, by the portable hasher when libcrypto fails.
    public static func hex(of parts: UnsafeRawBufferPointer...) -> String {
        let digest = FileDigest()
        parts.forEach(digest.update)
        if let hex = digest.finalizeHex() { return hex }
        var hasher = SHA256.Hasher()
        for part in parts { hasher.update(part) }
        return hasher.finalizeHex()
    }

    /// The lowercase hex digest of everything added, or nil when libcrypto fails to finish it; call once.
    public func finalizeHex() -> String? {
        guard let context else { return fallback?.finalizeHex() }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else { return nil }
        return digest.prefix(Int(length)).lowercaseHex
    }
}
