/// Generates Online-Retail-shaped invoice lines, deterministically from a seed, streaming them to a sink.
///
/// The data has the quirks a warehouse must handle: about 2% of invoices are cancellations (`C536380`,
/// negative quantities) returning lines a customer bought shortly before; about 10% of invoices are guest
/// checkouts without a customer id; some descriptions contain commas and quotes, and some products are
/// renamed part-way (the latest description wins downstream); about 0.3% of lines are written twice.
///
/// Within one invoice every stock code appears at most once, and invoice numbers increase with time.
/// Only integer arithmetic is used, so the same parameters give the same bytes on every platform.
public struct RetailDataGenerator: Sendable, Hashable {
    public let parameters: Parameters

    /// A generator for the given parameters.
    ///
    /// - Throws: `RetailGeneratorError` when the invoice count is negative or the span is not positive.
    public init(parameters: Parameters) throws(RetailGeneratorError) {
        guard parameters.invoiceCount >= 0 else {
            throw .negativeInvoiceCount(parameters.invoiceCount)
        }
        guard parameters.spanDays > 0 else {
            throw .nonPositiveSpan(days: parameters.spanDays)
        }
        self.parameters = parameters
    }

    /// A generator for `invoiceCount` invoices spread over `spanDays` days from `startDate`.
    public init(seed: UInt64, invoiceCount: Int, startDate: CivilDate, spanDays: Int = 395)
        throws(RetailGeneratorError)
    {
        try self.init(
            parameters: Parameters(seed: seed, invoiceCount: invoiceCount, startDate: startDate, spanDays: spanDays))
    }

    /// Streams every row, in invoice order, to `sink`.
    public func write<Sink: RetailRowSink>(to sink: inout Sink) throws(Sink.Failure) {
        var run = RetailGenerationRun(parameters: parameters)
        for invoiceIndex in 0..<parameters.invoiceCount {
            try run.writeInvoice(at: invoiceIndex, to: &sink)
        }
    }
}
