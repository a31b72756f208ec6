import Foundation
import SQLTemplate

/// A Python-like `datetime` for `run_started_at` and `modules.datetime`.
///
/// Prints as Python's `str()`, answers `.year` ... `.second`, `.strftime()`, `.isoformat()` and `.date()`. Always UTC.
final class DateTimeObject: TemplateObject {
    let date: Date
    let dateOnly: Bool

    init(_ date: Date, dateOnly: Bool = false) {
        self.date = date
        self.dateOnly = dateOnly
    }

    /// `datetime.date(year, month, day)` or `datetime.datetime(year, month, day, hour, minute, second)`, in UTC.
    static func construct(_ arguments: Arguments, dateOnly: Bool) throws(TemplateError) -> Value {
        let names = dateOnly ? ["year", "month", "day"] : ["year", "month", "day", "hour", "minute", "second"]
        var parts: [Int] = []
        for (index, name) in names.enumerated() {
            guard let value = arguments.value(at: index, named: name) else {
                guard index >= 3 else { throw arguments.error("missing argument '\(name)'", kind: .wrongArguments) }
                parts.append(0)
                continue
            }
            guard let number = value.integer else {
                throw arguments.error("'\(name)' must be an integer, not \(value.typeName)", kind: .typeMismatch)
            }
            parts.append(number)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        while parts.count < 6 { parts.append(0) }
        let wanted = DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
        // The calendar rolls 2024-02-30 over to March; Python refuses it.
        guard let date = calendar.date(from: wanted) else {
            throw arguments.error("date or time out of range", kind: .other)
        }
        let found = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard [found.year, found.month, found.day, found.hour, found.minute, found.second] == parts.map(Optional.some)
        else { throw arguments.error("date or time out of range", kind: .other) }
        return .object(DateTimeObject(date, dateOnly: dateOnly))
    }

    private var components: DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .nanosecond, .weekday], from: date)
    }

    var renderedString: String {
        dateOnly ? strftime("%Y-%m-%d") : strftime("%Y-%m-%d %H:%M:%S.%f") + "+00:00"
    }

    func attribute(_ name: String) -> Value? {
        let parts = components
        switch name {
        case "year": return .int(parts.year ?? 0)
        case "month": return .int(parts.month ?? 0)
        case "day": return .int(parts.day ?? 0)
        case "hour": return .int(dateOnly ? 0 : parts.hour ?? 0)
        case "minute": return .int(dateOnly ? 0 : parts.minute ?? 0)
        case "second": return .int(dateOnly ? 0 : parts.second ?? 0)
        case "strftime":
            return .function(
                NativeFunction(name: "strftime") { [self] arguments throws(TemplateError) in
                    .string(strftime(try arguments.string(at: 0, named: "format")))
                })
        case "isoformat":
            return .function(
                NativeFunction(name: "isoformat") { [self] _ in
                    .string(dateOnly ? strftime("%Y-%m-%d") : strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00")
                })
        case "date":
            return .function(NativeFunction(name: "date") { [date] _ in .object(DateTimeObject(date, dateOnly: true)) })
        default: return nil
        }
    }

    /// Python's strftime for the directives SQL templates use: %Y %y %m %d %H %M %S %f %B %b %A %a %%.
    func strftime(_ format: String) -> String {
        let parts = components
        let monthNames = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        func padded(_ value: Int?, _ width: Int) -> String { (value ?? 0).zeroPadded(to: width) }
        var output = ""
        var iterator = format.makeIterator()
        while let character = iterator.next() {
            guard character == "%", let directive = iterator.next() else {
                output.append(character)
                continue
            }
            let month = (parts.month ?? 1) - 1
            let weekday = (parts.weekday ?? 1) - 1
            switch directive {
            case "Y": output += padded(parts.year, 4)
            case "y": output += padded((parts.year ?? 0) % 100, 2)
            case "m": output += padded(parts.month, 2)
            case "d": output += padded(parts.day, 2)
            case "H": output += padded(dateOnly ? 0 : parts.hour, 2)
            case "M": output += padded(dateOnly ? 0 : parts.minute, 2)
            case "S": output += padded(dateOnly ? 0 : parts.second, 2)
            case "f": output += padded(dateOnly ? 0 : (parts.nanosecond ?? 0) / 1000, 6)
            case "B": output += monthNames[month]
            case "b": output += String(monthNames[month].prefix(3))
            case "A": output += dayNames[weekday]
            case "a": output += String(dayNames[weekday].prefix(3))
            case "%": output += "%"
            default: output += "%\(directive)"
            }
        }
        return output
    }
}
