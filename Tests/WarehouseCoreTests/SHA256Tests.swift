import Testing
import WarehouseCore

@Suite struct SHA256Tests {
    // Reference digests from FIPS 180-4 examples and `sha256sum`.
    @Test func knownDigests() {
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func multiBlockInput() {
        let text = String(repeating: "select 1 from orders;\n", count: 100)
        #expect(SHA256.hexDigest(text) == "547af0c944df484ed17cf8a4cec78c2e1e4379a5d0fc8e48e704440f48823e0c")
    }

    @Test func piecesOfAnySizeGiveTheDigestOfTheWhole() {
        let bytes = Array(String(repeating: "select 1 from orders;\n", count: 100).utf8)
        for pieceSize in [1, 7, 63, 64, 65, 1000] {
            var hasher = SHA256.Hasher()
            for start in stride(from: 0, to: bytes.count, by: pieceSize) {
                bytes[start..<min(start + pieceSize, bytes.count)].withUnsafeBytes { hasher.update($0) }
            }
            #expect(hasher.finalizeHex() == "547af0c944df484ed17cf8a4cec78c2e1e4379a5d0fc8e48e704440f48823e0c")
        }
    }
}

@Suite struct MD5Tests {
    // RFC 1321 test suite values.
    @Test func knownDigests() {
        #expect(MD5.hexDigest("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hexDigest("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(
            MD5.hexDigest("12345678901234567890123456789012345678901234567890123456789012345678901234567890")
                == "57edf4a22be3c955ac49da2e2107b67a")
    }
}
