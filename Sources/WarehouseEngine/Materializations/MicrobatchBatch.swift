public import Foundation
import WarehouseCore

/// One batch of a microbatch model: the rows whose `event_time` is at or after `start` and before `end`.
public struct MicrobatchBatch: Sendable, Hashable, Comparable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public static func < (lhs: MicrobatchBatch, rhs: MicrobatchBatch) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    /// `sql` with this batch's bounds in place of ``MicrobatchWindow``'s placeholders.
    func bind(_ sql: String) -> String {
        MicrobatchWindow.bind(sql, start: MicrobatchTimestamp.sql(start), end: MicrobatchTimestamp.sql(end))
    }
}
