public import Foundation

/// How much time one batch of a microbatch model covers (`batch_size`).
///
/// Batches are aligned in UTC, as dbt's are.
public enum MicrobatchBatchSize: String, Sendable, Hashable, CaseIterable {
    case hour
    case day
    case month
    case year

    /// The Gregorian calendar in UTC, in which batches are aligned.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()

    /// The start of the batch holding `date`.
    public func truncate(_ date: Date) -> Date {
        let components: Set<Calendar.Component> =
            switch self {
            case .hour: [.year, .month, .day, .hour]
            case .day: [.year, .month, .day]
            case .month: [.year, .month]
            case .year: [.year]
            }
        return Self.calendar.date(from: Self.calendar.dateComponents(components, from: date)) ?? date
    }

    /// The start of the batch `count` batches after (or before, when negative) the one holding `date`.
    public func offset(_ date: Date, by count: Int) -> Date {
        let component: Calendar.Component =
            switch self {
            case .hour: .hour
            case .day: .day
            case .month: .month
            case .year: .year
            }
        let start = truncate(date)
        return Self.calendar.date(byAdding: component, value: count, to: start) ?? start
    }

    /// `date` when it starts a batch, else the start of the next batch.
    public func ceiling(_ date: Date) -> Date {
        let start = truncate(date)
        return start == date ? date : offset(date, by: 1)
    }

    /// The batches from the one holding `start` up to `end` (the last one ends at or after `end`), in order.
    public func batches(from start: Date, to end: Date) -> [MicrobatchBatch] {
        var batches: [MicrobatchBatch] = []
        var next = truncate(start)
        let last = ceiling(end)
        repeat {
            let following = offset(next, by: 1)
            batches.append(MicrobatchBatch(start: next, end: following))
            next = following
        } while next < last
        return batches
    }

    /// How dbt names a batch in its output: `2024-09-17T16`, `2024-09-17`, `2024-09`, `2024`.
    func label(_ start: Date) -> String {
        let parts = Self.calendar.dateComponents([.year, .month, .day, .hour], from: start)
        let year = String(format: "%04d", parts.year ?? 0)
        let month = String(format: "%02d", parts.month ?? 0)
        let day = String(format: "%02d", parts.day ?? 0)
        let hour = String(format: "%02d", parts.hour ?? 0)
        return switch self {
        case .hour: "\(year)-\(month)-\(day)T\(hour)"
        case .day: "\(year)-\(month)-\(day)"
        case .month: "\(year)-\(month)"
        case .year: year
        }
    }
}
