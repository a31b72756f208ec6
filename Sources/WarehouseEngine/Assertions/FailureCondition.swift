import Foundation

/// A `warn_if` / `error_if` threshold: a comparison operator and a number, applied to the failure count.
///
/// Only this shape is accepted, so a config value can never splice arbitrary SQL into the test query.
struct FailureCondition: Sendable, Hashable {
    /// The operators dbt's thresholds use; `==` is accepted and written as `=`.
    static let operators = ["!=", "<>", ">=", "<=", "==", "=", ">", "<"]

    /// The SQL operator.
    let comparison: String
    /// The number, as written (digits with an optional sign and fraction).
    let number: String

    /// Parses `>10`, `!= 0`, `>= 5`, `<1`; `nil` for anything else.
    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let symbol = FailureCondition.operators.first(where: { trimmed.hasPrefix($0) }) else { return nil }
        let number = trimmed.dropFirst(symbol.count).trimmingCharacters(in: .whitespacesAndNewlines)
        guard FailureCondition.isNumber(number) else { return nil }
        self.comparison = symbol == "==" ? "=" : symbol
        self.number = number
    }

    /// `<failCalc> > 10`, for the test query (`count(*) > 10` by default).
    func sql(of failCalc: String) -> String { "\(failCalc) \(comparison) \(number)" }

    /// The message for a threshold that is not of the accepted shape.
    static func refusal(key: String, value: String) -> String {
        "\(key) '\(value)' is not a comparison with a number; write an operator (\(operators.filter { $0 != "==" }.joined(separator: ", "))) and a number, like '>10' or '!= 0'"
    }

    private static func isNumber(_ text: String) -> Bool {
        var digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        var seenDigit = false
        while let first = digits.first, first.isASCII, first.isNumber {
            seenDigit = true
            digits = digits.dropFirst()
        }
        guard seenDigit else { return false }
        guard digits.hasPrefix(".") else { return digits.isEmpty }
        let fraction = digits.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
