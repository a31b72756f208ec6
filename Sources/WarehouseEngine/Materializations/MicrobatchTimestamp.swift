public import Foundation

/// Reads the timestamps a user writes for microbatches (`begin`, `--event-time-start`, `--event-time-end`), in UTC
/// as dbt reads them.
public enum MicrobatchTimestamp {
    /// The accepted spellings, for messages.
    public static let formats = "YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or 'YYYY-MM-DD HH:MM:SS' (UTC)"

    /// `text` as an instant in UTC, or `nil` when it is not one of ``formats`` or names no real date or time.
    public static func parse(_ text: String) -> Date? {
        var digits = Array(text.utf8)
        if digits.last == UInt8(ascii: "Z") { digits.removeLast() }
        let dateShape = digits.count >= 10 && digits[4] == UInt8(ascii: "-") && digits[7] == UInt8(ascii: "-")
        let timeShape =
            digits.count == 19 && [UInt8(ascii: "T"), UInt8(ascii: " ")].contains(digits[10])
            && digits[13] == UInt8(ascii: ":") && digits[16] == UInt8(ascii: ":")
        guard dateShape, digits.count == 10 || timeShape else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let slice = digits[range]
            guard slice.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return slice.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        var parts = DateComponents()
        parts.year = number(0..<4)
        parts.month = number(5..<7)
        parts.day = number(8..<10)
        parts.hour = timeShape ? number(11..<13) : 0
        parts.minute = timeShape ? number(14..<16) : 0
        parts.second = timeShape ? number(17..<19) : 0
        let calendar = MicrobatchBatchSize.calendar
        guard [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].allSatisfy({ $0 != nil }),
            let date = calendar.date(from: parts)
        else { return nil }
        // The calendar rolls 2024-02-30 over into March: only a date that reads back the same is real.
        let readBack = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard readBack.year == parts.year, readBack.month == parts.month, readBack.day == parts.day,
            readBack.hour == parts.hour, readBack.minute == parts.minute, readBack.second == parts.second
        else { return nil }
        return date
    }

    /// An instant as dbt writes it into SQL, Python's `str()` of an aware datetime: `2024-10-01 00:00:00+00:00`.
    static func sql(_ date: Date) -> String {
        let parts = MicrobatchBatchSize.calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d+00:00", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
