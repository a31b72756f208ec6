public import Foundation

/// Which batches one run of a microbatch model builds.
///
/// dbt builds the batch holding the run's start and the `lookback` batches before it (or, on a first run or a full
/// refresh, every batch from `begin`). `wh` also builds every earlier batch that its ledger does not hold as
/// complete: a hole left by a failed batch or by days without a run is filled by the next run, and nothing else is
/// built again. `--event-time-start`/`--event-time-end` name the batches to build, whatever the ledger says.
public struct MicrobatchPlan: Sendable {
    public var config: MicrobatchConfig
    /// When the run started: the current batch holds it, and batches ending later are not complete yet.
    public var now: Date
    /// `--event-time-start` and `--event-time-end`, when given.
    public var range: (start: Date, end: Date)?

    public init(config: MicrobatchConfig, now: Date, range: (start: Date, end: Date)? = nil) {
        self.config = config
        self.now = now
        self.range = range
    }

    /// The batches to build, in order.
    ///
    /// - Parameters:
    ///   - rebuilding: the table is new (first run, full refresh): every batch from `begin` is built.
    ///   - completed: the batches the ledger holds as built after they ended (see ``MicrobatchLedger``).
    public func batches(rebuilding: Bool, completed: Set<MicrobatchBatch>) -> [MicrobatchBatch] {
        let size = config.batchSize
        if let range { return size.batches(from: range.start, to: range.end) }
        let every = size.batches(from: config.begin, to: now)
        guard !rebuilding else { return every }
        let recent = size.offset(size.ceiling(now), by: -(config.lookback + 1))
        return every.filter { $0.start >= recent || !completed.contains($0) }
    }
}
