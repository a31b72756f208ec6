/// Recognizers for the text forms of numbers, booleans, dates and timestamps in CSV values.
///
/// They work on UTF-8 bytes without allocating, since they run for every value of a seed.
package enum ValueSyntax {
    /// A number written as `[sign] digits [. digits] [e [sign] digits]`, as positions in the value.
    package struct Decimal {
        package var isNegative: Bool
        package var integerDigits: Range<Int>
        package var fractionDigits: Range<Int>
        package var hasPoint: Bool
        /// The power of ten after `e`, clamped to ±1,000,000; 0 without one.
        package var exponent: Int
        /// The value, when it is a whole number without point or exponent that fits Int64.
        package var integer: Int64?
        /// Whether the integer part has more than one digit and starts with 0.
        package var hasLeadingZero: Bool { integerDigits.count > 1 && digitZero == 0 }
        fileprivate var digitZero: UInt8
    }

    package enum Temporal: Equatable {
        case date
        case timestamp(zoned: Bool)
    }

    package static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Parses a decimal number; nil when the value is anything else.
    package static func decimal(_ value: UnsafeBufferPointer<UInt8>, allowsExponent: Bool) -> Decimal? {
        let count = value.count
        var index = 0
        var isNegative = false
        if index < count && (value[index] == UInt8(ascii: "-") || value[index] == UInt8(ascii: "+")) {
            isNegative = value[index] == UInt8(ascii: "-")
            index += 1
        }
        let integerStart = index
        while index < count && isDigit(value[index]) {
            index += 1
        }
        let integerDigits = integerStart..<index
        var fractionDigits = index..<index
        var hasPoint = false
        if index < count && value[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            let fractionStart = index
            while index < count && isDigit(value[index]) {
                index += 1
            }
            fractionDigits = fractionStart..<index
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        var exponent = 0
        var hasExponent = false
        if allowsExponent && index < count && value[index] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            index += 1
            var exponentSign = 1
            if index < count && (value[index] == UInt8(ascii: "-") || value[index] == UInt8(ascii: "+")) {
                exponentSign = value[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            let exponentStart = index
            while index < count && isDigit(value[index]) {
                exponent = min(exponent * 10 + Int(value[index] &- UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent *= exponentSign
        }
        guard index == count else { return nil }
        var integer: Int64?
        if !hasPoint && !hasExponent {
            integer = wholeNumber(value, digits: integerDigits, isNegative: isNegative)
        }
        return Decimal(
            isNegative: isNegative,
            integerDigits: integerDigits,
            fractionDigits: fractionDigits,
            hasPoint: hasPoint,
            exponent: exponent,
            integer: integer,
            digitZero: integerDigits.isEmpty ? 0xFF : value[integerStart] &- UInt8(ascii: "0")
        )
    }

    /// The digits as an Int64, accumulated negatively so Int64.min fits; nil on overflow.
    private static func wholeNumber(_ value: UnsafeBufferPointer<UInt8>, digits: Range<Int>, isNegative: Bool) -> Int64?
    {
        var result: Int64 = 0
        for index in digits {
            let digit = Int64(value[index] &- UInt8(ascii: "0"))
            if digits.count < 19 {
                result = result * 10 - digit
            } else {
                let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
                guard !overflow1 && !overflow2 else { return nil }
                result = next
            }
        }
        if isNegative { return result }
        return result == .min ? nil : -result
    }

    /// Recognizes `YYYY-MM-DD` and `YYYY-MM-DD[ T]HH:MM[:SS[.fraction]][zone]`.
    package static func temporal(_ value: UnsafeBufferPointer<UInt8>) -> Temporal? {
        let count = value.count
        guard count >= 10, value[4] == UInt8(ascii: "-"), value[7] == UInt8(ascii: "-"),
            let year = number(value, 0, 4), let month = number(value, 5, 2), let day = number(value, 8, 2),
            year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        if count == 10 { return .date }
        guard count >= 16, value[10] == UInt8(ascii: " ") || value[10] == UInt8(ascii: "T"),
            let hour = number(value, 11, 2), hour <= 23, value[13] == UInt8(ascii: ":"),
            let minute = number(value, 14, 2), minute <= 59
        else { return nil }
        var index = 16
        if index < count && value[index] == UInt8(ascii: ":") {
            guard let second = number(value, 17, 2), second <= 60 else { return nil }
            index = 19
            if index < count && value[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < count && isDigit(value[index]) {
                    index += 1
                }
                guard index > fractionStart else { return nil }
            }
        }
        if index == count { return .timestamp(zoned: false) }
        return isZone(value, from: index) ? .timestamp(zoned: true) : nil
    }

    /// `Z`, or a sign with hours and optional minutes (`+02`, `+02:00`, `+0200`), ending the value.
    private static func isZone(_ value: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        let rest = value.count - start
        if rest == 1 { return value[start] | 0x20 == UInt8(ascii: "z") }
        guard value[start] == UInt8(ascii: "+") || value[start] == UInt8(ascii: "-"),
            let hours = number(value, start + 1, 2), hours <= 15
        else { return false }
        switch rest {
        case 3: return true
        case 5: return number(value, start + 3, 2).map { $0 <= 59 } ?? false
        case 6: return value[start + 3] == UInt8(ascii: ":") && (number(value, start + 4, 2).map { $0 <= 59 } ?? false)
        default: return false
        }
    }

    /// The decimal number in `length` digits at `start`, or nil if one of them is not a digit (or is past the end).
    private static func number(_ value: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        guard start + length <= value.count else { return nil }
        var result = 0
        for index in start..<start + length {
            guard isDigit(value[index]) else { return nil }
            result = result * 10 + Int(value[index] &- UInt8(ascii: "0"))
        }
        return result
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `true` or `false` in any letter case.
    package static func isTrueOrFalse(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        lowercasedEquals(value, "true") || lowercasedEquals(value, "false")
    }

    /// Whether Postgres reads `value` (already trimmed) as a boolean: a prefix of `true`, `false`, `yes`, `no`,
    /// `on` or `off` long enough to be unambiguous, or `1` or `0`, in any case.
    package static func isPostgresBoolean(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first else { return false }
        switch first | 0x20 {
        case UInt8(ascii: "t"): return isPrefix(value, of: "true")
        case UInt8(ascii: "f"): return isPrefix(value, of: "false")
        case UInt8(ascii: "y"): return isPrefix(value, of: "yes")
        case UInt8(ascii: "n"): return isPrefix(value, of: "no")
        case UInt8(ascii: "o"): return value.count >= 2 && (isPrefix(value, of: "on") || isPrefix(value, of: "off"))
        case UInt8(ascii: "1"), UInt8(ascii: "0"): return value.count == 1
        default: return false
        }
    }

    /// Whether `value` is a prefix of `word` (lowercase ASCII) in any letter case.
    private static func isPrefix(_ value: UnsafeBufferPointer<UInt8>, of word: StaticString) -> Bool {
        guard value.count <= word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for index in 0..<value.count where value[index] | 0x20 != letters[index] {
            return false
        }
        return true
    }

    /// Whether `value` is `word` (lowercase ASCII) in any letter case.
    package static func lowercasedEquals(_ value: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard value.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for index in 0..<value.count where value[index] | 0x20 != letters[index] {
            return false
        }
        return true
    }

    /// `value` without leading and trailing ASCII whitespace, the way Postgres reads numbers, booleans and dates.
    package static func trimmed(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = value.count
        while start < end && isSpace(value[start]) {
            start += 1
        }
        while end > start && isSpace(value[end - 1]) {
            end -= 1
        }
        return UnsafeBufferPointer(rebasing: value[start..<end])
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (9...13).contains(byte)
    }
}
