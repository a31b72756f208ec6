/// Receives generated rows one at a time, so any number of rows can be generated in constant memory.
public protocol RetailRowSink {
    /// What `consume(_:)` can throw; `Never` for in-memory sinks.
    associatedtype Failure: Error = any Error

    mutating func consume(_ row: RetailRow) throws(Failure)
}
