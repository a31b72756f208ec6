internal import CLibCrypto

/// HMAC-SHA256 and a constant-time comparison, from OpenSSL's libcrypto.
enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`; nil only if libcrypto fails.
    static func mac(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // HMAC with a NULL output buffer would return a static one; ours is given, so the call is reentrant.
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                    messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count, &output, &length)
            }
        }
        guard result != nil, length == 32 else { return nil }
        return Array(output.prefix(32))
    }

    /// Whether `a` and `b` are equal, taking the same time wherever they differ (`CRYPTO_memcmp`), so a caller
    /// cannot find a secret byte by byte by timing answers.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { first in
            b.withUnsafeBytes { second in CRYPTO_memcmp(first.baseAddress, second.baseAddress, first.count) == 0 }
        }
    }
}
