import Testing
import WarehouseCore
import WarehouseDigest

/// libcrypto's SHA-256 and the portable one agree: seed fingerprints stored by either compare equal.
@Suite("SHA-256 by libcrypto")
struct FileDigestTests {
    @Test(
        "equals the portable digest and the FIPS 180-4 examples, for sizes around the 64-byte block, whole or in parts")
    func agreesWithThePortableHasher() {
        #expect(
            Array("abc".utf8).withUnsafeBytes { FileDigest.hex(of: $0) }
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            [UInt8]().withUnsafeBytes { FileDigest.hex(of: $0) }
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var generator = SystemRandomNumberGenerator()
        for size in [1, 55, 56, 63, 64, 65, 127, 128, 1000, 100_003] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(bytes.withUnsafeBytes { FileDigest.hex(of: $0) } == SHA256.hexDigest(bytes), "\(size) bytes")
            let split = bytes.count / 3
            let parts = bytes[..<split].withUnsafeBytes { head in
                bytes[split...].withUnsafeBytes { FileDigest.hex(of: head, $0) }
            }
            #expect(parts == SHA256.hexDigest(bytes), "\(size) bytes in two parts")
        }
    }
}
