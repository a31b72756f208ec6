import Foundation

/// MD5 (RFC 1321), only because dbt names long generic tests after the MD5 of their full name and our compiled file
/// names must match dbt's.
///
/// Not for anything that needs collision resistance.
public enum MD5 {
    public static func hexDigest(_ text: String) -> String {
        digest(Array(text.utf8)).lowercaseHex
    }

    public static func digest(_ message: [UInt8]) -> [UInt8] {
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 0, to: 64, by: 8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }

        var (a0, b0, c0, d0): (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
        var words = [UInt32](repeating: 0, count: 16)
        for chunkStart in stride(from: 0, to: padded.count, by: 64) {
            for index in 0..<16 {
                let base = chunkStart + index * 4
                words[index] =
                    UInt32(padded[base]) | UInt32(padded[base + 1]) << 8 | UInt32(padded[base + 2]) << 16
                    | UInt32(padded[base + 3]) << 24
            }
            var (a, b, c, d) = (a0, b0, c0, d0)
            for round in 0..<64 {
                var f: UInt32
                let wordIndex: Int
                switch round {
                case 0..<16: (f, wordIndex) = ((b & c) | (~b & d), round)
                case 16..<32: (f, wordIndex) = ((d & b) | (~d & c), (5 * round + 1) % 16)
                case 32..<48: (f, wordIndex) = (b ^ c ^ d, (3 * round + 5) % 16)
                default: (f, wordIndex) = (c ^ (b | ~d), (7 * round) % 16)
                }
                f = f &+ a &+ sines[round] &+ words[wordIndex]
                a = d
                d = c
                c = b
                b = b &+ ((f << shifts[round]) | (f >> (32 - shifts[round])))
            }
            a0 = a0 &+ a
            b0 = b0 &+ b
            c0 = c0 &+ c
            d0 = d0 &+ d
        }
        return [a0, b0, c0, d0].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32($0 * 8)) } }
    }

    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10,
        15,
        21,
    ]

    // floor(abs(sin(i + 1)) * 2^32), as RFC 1321 tabulates them.
    private static let sines: [UInt32] = (0..<64).map {
        UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296))
    }
}
