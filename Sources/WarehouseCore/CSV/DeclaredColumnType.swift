import Foundation

/// A type named in `column_types` (of a seed or a CSV ingest source), parsed far enough to check values against it.
///
/// Names are read the way Postgres reads them (any case, aliases such as `int4`, `float8`, `bool`,
/// `character varying(n)`); a name it does not know is `.unchecked` and passed to Postgres as written.
package enum DeclaredColumnType: Hashable, Sendable {
    case smallint
    case integer
    case bigint
    /// `numeric`, `decimal`, or with a precision and scale.
    case numeric(precision: Int?, scale: Int)
    case real
    case doublePrecision
    case boolean
    case date
    case timestamp
    /// Text with at most `maxLength` characters (`varchar(n)`, `char(n)`), or any text.
    case text(maxLength: Int?)
    case unchecked

    package init(parsing typeName: String) {
        let words = typeName.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var name = words
        var modifiers: [Int]?
        if let open = words.firstIndex(of: "("), let close = words.firstIndex(of: ")"), open < close {
            let arguments = words[words.index(after: open)..<close].split(separator: ",")
            let numbers = arguments.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == arguments.count else {
                self = .unchecked
                return
            }
            modifiers = numbers
            name = (words[..<open] + words[words.index(after: close)...])
                .split(separator: " ").joined(separator: " ")
        }
        self = Self.named(name, modifiers: modifiers) ?? .unchecked
    }

    private static func named(_ name: String, modifiers: [Int]?) -> DeclaredColumnType? {
        let length = modifiers?.count == 1 ? modifiers?.first : nil
        switch (name, modifiers?.count ?? 0) {
        case ("smallint", 0), ("int2", 0): return .smallint
        case ("integer", 0), ("int", 0), ("int4", 0): return .integer
        case ("bigint", 0), ("int8", 0): return .bigint
        case ("numeric", 0), ("decimal", 0): return .numeric(precision: nil, scale: 0)
        case ("numeric", _), ("decimal", _):
            guard let modifiers, let precision = modifiers.first, modifiers.count <= 2 else { return nil }
            return .numeric(precision: precision, scale: modifiers.count == 2 ? modifiers[1] : 0)
        case ("real", 0), ("float4", 0): return .real
        case ("double precision", 0), ("float8", 0), ("float", 0): return .doublePrecision
        case ("float", 1): return (length ?? 53) <= 24 ? .real : .doublePrecision
        case ("boolean", 0), ("bool", 0): return .boolean
        case ("date", 0): return .date
        case ("timestamp", _), ("timestamp without time zone", _), ("timestamptz", _),
            ("timestamp with time zone", _):
            return .timestamp
        case ("text", 0), ("varchar", 0), ("character varying", 0): return .text(maxLength: nil)
        case ("varchar", 1), ("character varying", 1), ("char", 1), ("character", 1), ("bpchar", 1):
            return .text(maxLength: length)
        case ("char", 0), ("character", 0): return .text(maxLength: 1)
        default: return nil
        }
    }

    /// Whether Postgres reads more values of this type than ``problem(with:)`` accepts, so that a problem it finds
    /// is only a suspicion for the server to confirm.
    ///
    /// Postgres's date and time input reads many styles (`2024-01-01 10:00` as a date, `01/02/2024` under
    /// `DateStyle`, `yesterday`, time zone names), and its float input is C's `strtod` (`0x10`). Matching them
    /// exactly would mean copying their parsers; asking the server on the rare refusal is exact.
    package var serverHasLastWord: Bool {
        switch self {
        case .date, .timestamp, .real, .doublePrecision: true
        default: false
        }
    }

    /// Why Postgres would reject `value` (non-empty) for this type, or nil when it accepts it (for the types of
    /// ``serverHasLastWord``: nil when it surely accepts it).
    package func problem(with value: UnsafeBufferPointer<UInt8>) -> String? {
        switch self {
        case .smallint: integerProblem(value, range: Int64(Int16.min)...Int64(Int16.max), name: "smallint")
        case .integer: integerProblem(value, range: Int64(Int32.min)...Int64(Int32.max), name: "integer")
        case .bigint: integerProblem(value, range: Int64.min...Int64.max, name: "bigint")
        case .numeric(let precision, let scale): numericProblem(value, precision: precision, scale: scale)
        case .real: floatProblem(value, isReal: true)
        case .doublePrecision: floatProblem(value, isReal: false)
        case .boolean:
            ValueSyntax.isPostgresBoolean(ValueSyntax.trimmed(value))
                ? nil : "is not a boolean (true/false, yes/no, on/off, 1/0)"
        case .date:
            ValueSyntax.temporal(ValueSyntax.trimmed(value)) == .date
                || isSpecial(value, ["infinity", "-infinity", "epoch"])
                ? nil : "is not a date in the form YYYY-MM-DD"
        case .timestamp:
            ValueSyntax.temporal(ValueSyntax.trimmed(value)) != nil
                || isSpecial(value, ["infinity", "-infinity", "epoch"])
                ? nil : "is not a timestamp in the form YYYY-MM-DD HH:MM:SS"
        case .text(let maxLength):
            textProblem(value, maxLength: maxLength)
        case .unchecked: nil
        }
    }

    private func integerProblem(_ value: UnsafeBufferPointer<UInt8>, range: ClosedRange<Int64>, name: String) -> String?
    {
        guard let number = ValueSyntax.decimal(ValueSyntax.trimmed(value), allowsExponent: false), !number.hasPoint
        else { return "is not a whole number" }
        guard let integer = number.integer, range.contains(integer) else { return "is out of range for \(name)" }
        return nil
    }

    private func numericProblem(_ value: UnsafeBufferPointer<UInt8>, precision: Int?, scale: Int) -> String? {
        let trimmed = ValueSyntax.trimmed(value)
        guard let number = ValueSyntax.decimal(trimmed, allowsExponent: true) else {
            let special = precision == nil && isSpecial(trimmed, ["nan", "infinity", "-infinity", "+infinity"])
            return special ? nil : "is not a number"
        }
        guard let precision else { return nil }
        let allowed = precision - scale
        // Rounding adds at most one digit, so a value with room to spare needs no exact count.
        if number.exponent == 0 && number.integerDigits.count < allowed { return nil }
        let digits = roundedIntegerDigits(trimmed, number, scale: scale)
        guard digits > allowed else { return nil }
        return allowed > 0
            ? "does not fit numeric(\(precision),\(scale)): at most \(allowed) digit\(allowed == 1 ? "" : "s") before the point"
            : "does not fit numeric(\(precision),\(scale)): it must round to less than 1e\(allowed)"
    }

    /// The number of digits before the point once the value is rounded to `scale` decimals.
    ///
    /// Rounding is half away from zero; 0 when it rounds to zero. Digits are counted from the first non-zero one.
    private func roundedIntegerDigits(
        _ value: UnsafeBufferPointer<UInt8>,
        _ number: ValueSyntax.Decimal,
        scale: Int
    ) -> Int {
        // The digits of integer and fraction part as one sequence, the point after `pointIndex` of them.
        let all = Array(number.integerDigits) + Array(number.fractionDigits)
        guard let firstSignificant = all.firstIndex(where: { value[$0] != UInt8(ascii: "0") }) else { return 0 }
        let significant = all[firstSignificant...].map { Int(value[$0] &- UInt8(ascii: "0")) }
        // Value = 0.d1d2d3... × 10^magnitude.
        var magnitude = number.integerDigits.count - firstSignificant + number.exponent
        let kept = magnitude + scale
        if kept < 0 { return 0 }
        if kept < significant.count && significant[kept] >= 5 {
            var carryIndex = kept - 1
            while carryIndex >= 0 && significant[carryIndex] == 9 {
                carryIndex -= 1
            }
            if carryIndex < 0 { magnitude += 1 }
        } else if kept == 0 {
            return 0
        }
        return max(0, magnitude)
    }

    private func floatProblem(_ value: UnsafeBufferPointer<UInt8>, isReal: Bool) -> String? {
        let trimmed = ValueSyntax.trimmed(value)
        let specials = ["nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf"]
        if isSpecial(trimmed, specials) { return nil }
        guard ValueSyntax.decimal(trimmed, allowsExponent: true) != nil,
            let double = Double(String(decoding: trimmed, as: UTF8.self))
        else { return "is not a number" }
        let limit = isReal ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        return double.isFinite && abs(double) <= limit
            ? nil : "is out of range for \(isReal ? "real" : "double precision")"
    }

    private func textProblem(_ value: UnsafeBufferPointer<UInt8>, maxLength: Int?) -> String? {
        guard let maxLength else { return nil }
        // Postgres cuts trailing spaces that do not fit instead of failing.
        var end = value.count
        while end > 0 && value[end - 1] == UInt8(ascii: " ") {
            end -= 1
        }
        let characters = UnsafeBufferPointer(rebasing: value[0..<end]).reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return characters > maxLength
            ? "is \(characters) characters long, more than the \(maxLength) allowed" : nil
    }

    private func isSpecial(_ value: UnsafeBufferPointer<UInt8>, _ words: [String]) -> Bool {
        let text = String(decoding: ValueSyntax.trimmed(value), as: UTF8.self).lowercased()
        return words.contains(text)
    }
}
