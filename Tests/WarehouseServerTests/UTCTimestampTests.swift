import Foundation
import Testing

@testable import WarehouseServer

/// `built_at` written by arithmetic agrees with Foundation's ISO 8601 formatter.
@Suite struct UTCTimestampTests {
    @Test func agreesWithFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        // Microseconds, as Postgres stores `built_at`; leap days, year ends and instants before 1970 included.
        var microseconds: [Int64] = [
            0, -1, 951_782_400_000_000, 946_684_799_999_600, 1_709_164_800_123_400, -86_400_000_001,
        ]
        microseconds += (0..<2000).map { _ in
            Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &generator)
        }
        for value in microseconds {
            let date = Date(timeIntervalSince1970: Double(value) / 1_000_000)
            #expect(UTCTimestamp.iso8601(date) == formatter.string(from: date), "\(value)")
        }
    }

    @Test func writesAKnownInstant() {
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: 1_709_164_800.5)) == "2024-02-29T00:00:00.500Z")
    }
}
