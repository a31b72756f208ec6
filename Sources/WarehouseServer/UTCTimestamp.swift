import Foundation
import WarehouseCore
import WarehouseIngest

/// Writes instants as ISO 8601 in UTC with milliseconds (`2026-12-05T01:02:03.456Z`), by integer arithmetic.
///
/// Every KPI answer carries one (`built_at`); Foundation's `ISO8601DateFormatter` builds an ICU formatter each
/// time one is made, which cost more than the whole query of a light KPI.
enum UTCTimestamp {
    static func iso8601(_ date: Date) -> String {
        // Rounded to the nearest millisecond, halves up, as Foundation's formatter wrote `built_at` before.
        let milliseconds = Int((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
        var millisecondOfDay = milliseconds % 86_400_000
        if millisecondOfDay < 0 { millisecondOfDay += 86_400_000 }
        let day = CivilDate(daysSinceEpoch: (milliseconds - millisecondOfDay) / 86_400_000)
        let second = millisecondOfDay / 1000
        return "\(day)T\((second / 3600).zeroPadded(to: 2)):\((second / 60 % 60).zeroPadded(to: 2)):"
            + "\((second % 60).zeroPadded(to: 2)).\((millisecondOfDay % 1000).zeroPadded(to: 3))Z"
    }
}
