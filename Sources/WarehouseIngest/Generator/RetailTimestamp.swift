/// A wall-clock minute on a civil date, as the retail CSV writes it: `2023-12-01 08:26:00`.
public struct RetailTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: CivilDate
    /// Minutes since midnight, `0..<1440`.
    public let minuteOfDay: Int

    /// - Precondition: `minuteOfDay` is in `0..<1440`.
    public init(date: CivilDate, minuteOfDay: Int) {
        precondition((0..<1440).contains(minuteOfDay), "minuteOfDay must be in 0..<1440")
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    public var hour: Int { minuteOfDay / 60 }
    public var minute: Int { minuteOfDay % 60 }

    /// `yyyy-mm-dd hh:mm:00`.
    public var description: String {
        let hourText = hour < 10 ? "0\(hour)" : "\(hour)"
        let minuteText = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(date) \(hourText):\(minuteText):00"
    }

    public static func < (lhs: RetailTimestamp, rhs: RetailTimestamp) -> Bool {
        (lhs.date, lhs.minuteOfDay) < (rhs.date, rhs.minuteOfDay)
    }
}
