/// Why the retail data generator could not start or write.
public enum RetailGeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The invoice count was negative.
    case negativeInvoiceCount(Int)
    /// The period must span at least one day.
    case nonPositiveSpan(days: Int)
    /// The output file could not be created.
    case cannotCreateFile(path: String)

    public var description: String {
        switch self {
        case .negativeInvoiceCount(let count):
            "invoice count must be zero or more, got \(count)"
        case .nonPositiveSpan(let days):
            "the generated period must span at least one day, got \(days)"
        case .cannotCreateFile(let path):
            "cannot create \(path)"
        }
    }
}
