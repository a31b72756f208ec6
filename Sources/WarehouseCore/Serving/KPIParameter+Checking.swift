import Foundation

/// Why a value does not fit a parameter, in words a caller can act on.
public struct KPIValueProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}

extension KPIParameter {
    /// The value the request gave, checked against the type, bounds and allowed values, in canonical text (what is
    /// bound); or why it does not fit.
    public func check(_ raw: String) -> Result<String, KPIValueProblem> {
        let canonical: String
        switch KPIValueSyntax.canonical(raw, as: type, maxLength: maxLength) {
        case .success(let value): canonical = value
        case .failure(let problem): return .failure(problem)
        }
        if type == .enum, !values.contains(canonical) {
            return .failure(KPIValueProblem(description: "must be one of \(values.joined(separator: ", "))"))
        }
        if let minimum, KPIValueSyntax.isLess(canonical, than: minimum, as: type) {
            return .failure(KPIValueProblem(description: "must be at least \(minimum)\(boundsText)"))
        }
        if let maximum, KPIValueSyntax.isLess(maximum, than: canonical, as: type) {
            return .failure(KPIValueProblem(description: "must be at most \(maximum)\(boundsText)"))
        }
        return .success(canonical)
    }

    /// What the parameter accepts, for messages: `an integer from 1 to 100`, `one of day, month`.
    public var expectation: String {
        var text: String
        switch type {
        case .date: text = "a date (YYYY-MM-DD)"
        case .timestamp: text = "a timestamp (YYYY-MM-DDTHH:MM:SS, optionally with Z or an offset)"
        case .integer: text = "an integer"
        case .numeric: text = "a decimal number"
        case .text: text = "text of at most \(maxLength) characters"
        case .enum: text = "one of \(values.joined(separator: ", "))"
        }
        switch (minimum, maximum) {
        case (let low?, let high?): text += " from \(low) to \(high)"
        case (let low?, nil): text += " of at least \(low)"
        case (nil, let high?): text += " of at most \(high)"
        case (nil, nil): break
        }
        return text
    }

    private var boundsText: String {
        guard let minimum, let maximum else { return "" }
        return " (\(minimum) to \(maximum))"
    }
}

/// The text forms parameter values are accepted in, and their order.
enum KPIValueSyntax {
    /// The longest `numeric` value accepted: far beyond any money amount, far below what could strain the server.
    static let maxNumericLength = 64

    static func canonical(_ raw: String, as type: KPIParameter.ValueType, maxLength: Int) -> Result<
        String, KPIValueProblem
    > {
        func fail(_ text: String) -> Result<String, KPIValueProblem> { .failure(KPIValueProblem(description: text)) }
        switch type {
        case .integer:
            guard raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 || $0 == 0x2D || $0 == 0x2B }), let value = Int(raw)
            else {
                return fail("must be an integer between \(Int.min) and \(Int.max)")
            }
            return .success(String(value))
        case .numeric:
            guard raw.utf8.count <= maxNumericLength, isDecimal(raw) else {
                return fail("must be a decimal number such as 12.50 (at most \(maxNumericLength) characters)")
            }
            return .success(raw.hasPrefix("+") ? String(raw.dropFirst()) : raw)
        case .date:
            guard let date = DateParts(date: raw) else { return fail("must be a date written YYYY-MM-DD") }
            return .success(date.text)
        case .timestamp:
            guard let timestamp = TimestampParts(raw) else {
                return fail("must be a timestamp written YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|+HH:MM]")
            }
            return .success(timestamp.text)
        case .text, .enum:
            guard !raw.unicodeScalars.contains("\0") else { return fail("must not contain a NUL character") }
            guard raw.count <= maxLength else { return fail("must be at most \(maxLength) characters long") }
            return .success(raw)
        }
    }

    /// Whether canonical `lhs` comes before canonical `rhs` in the type's order.
    static func isLess(_ lhs: String, than rhs: String, as type: KPIParameter.ValueType) -> Bool {
        switch type {
        case .integer: return (Int(lhs) ?? 0) < (Int(rhs) ?? 0)
        case .numeric: return (Decimal(string: lhs) ?? 0) < (Decimal(string: rhs) ?? 0)
        case .date: return lhs < rhs
        case .timestamp:
            guard let left = TimestampParts(lhs), let right = TimestampParts(rhs) else { return false }
            return left.instant < right.instant
        case .text, .enum: return false
        }
    }

    /// `[+-]digits[.digits]` or `[+-].digits`: no exponent, no spaces.
    private static func isDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == 0x2B || sign == 0x2D { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: 0x2E, maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits: (Substring.UTF8View.SubSequence) -> Bool = { $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard parts.allSatisfy(isDigits), parts.contains(where: { !$0.isEmpty }) else { return false }
        return parts.count == 1 || !parts[1].isEmpty || !parts[0].isEmpty
    }
}

/// A calendar date `YYYY-MM-DD` (years 1 to 9999).
struct DateParts {
    let year: Int
    let month: Int
    let day: Int

    init?(date text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]),
            let day = Self.number(bytes[8..<10]), year >= 1, (1...12).contains(month),
            (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    var text: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Days since 0001-01-01 (proleptic Gregorian), for ordering instants.
    var dayNumber: Int {
        let years = year - 1
        var days = years * 365 + years / 4 - years / 100 + years / 400
        for earlier in 1..<month { days += Self.days(inMonth: earlier, of: year) }
        return days + day - 1
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A timestamp `YYYY-MM-DD[T| ]HH:MM[:SS[.ffffff]]` with an optional `Z` or `±HH[:MM]` offset (UTC without one).
struct TimestampParts {
    let date: DateParts
    let hour: Int
    let minute: Int
    let second: Int
    /// Up to six digits, as written.
    let fraction: String
    /// Minutes east of UTC.
    let offsetMinutes: Int
    /// Whether an offset was written.
    let hasOffset: Bool

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, bytes[10] == 0x54 || bytes[10] == 0x20,
            let date = DateParts(date: String(decoding: bytes[0..<10], as: UTF8.self)), bytes[13] == 0x3A,
            let hour = DateParts.number(bytes[11..<13]), let minute = DateParts.number(bytes[14..<16]), hour < 24,
            minute < 60
        else { return nil }
        var index = 16
        var second = 0
        var fraction = ""
        if index < bytes.count, bytes[index] == 0x3A {
            guard index + 3 <= bytes.count, let value = DateParts.number(bytes[(index + 1)..<(index + 3)]), value < 60
            else { return nil }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == 0x2E {
                let digits = bytes[(index + 1)...].prefix { $0 >= 0x30 && $0 <= 0x39 }
                guard (1...6).contains(digits.count) else { return nil }
                fraction = String(decoding: digits, as: UTF8.self)
                index += 1 + digits.count
            }
        }
        var offset = 0
        var hasOffset = false
        if index < bytes.count {
            hasOffset = true
            if bytes[index] == 0x5A, index + 1 == bytes.count {
                index += 1
            } else if bytes[index] == 0x2B || bytes[index] == 0x2D {
                let rest = bytes[(index + 1)...].filter { $0 != 0x3A }
                guard rest.count == 2 || rest.count == 4, let hours = DateParts.number(ArraySlice(rest.prefix(2))),
                    let minutes = DateParts.number(ArraySlice(rest.dropFirst(2))), hours <= 15, minutes < 60
                else { return nil }
                offset = (hours * 60 + minutes) * (bytes[index] == 0x2D ? -1 : 1)
                index = bytes.count
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        (self.date, self.hour, self.minute, self.second) = (date, hour, minute, second)
        (self.fraction, offsetMinutes, self.hasOffset) = (fraction, offset, hasOffset)
    }

    /// ISO-8601 with `T`, seconds, the fraction as written and the offset (`Z` when none was written).
    var text: String {
        var text = date.text + String(format: "T%02d:%02d:%02d", hour, minute, second)
        if !fraction.isEmpty { text += "." + fraction }
        if offsetMinutes == 0 { return text + "Z" }
        let magnitude = abs(offsetMinutes)
        return text + (offsetMinutes < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 60, magnitude % 60)
    }

    /// The moment, as seconds since 0001-01-01T00:00Z with the fraction, for ordering.
    var instant: Decimal {
        let seconds = date.dayNumber * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return Decimal(seconds) + (Decimal(string: "0." + (fraction.isEmpty ? "0" : fraction)) ?? 0)
    }
}
