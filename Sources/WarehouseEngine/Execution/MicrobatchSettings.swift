import SQLTemplate
import WarehouseCore

/// Reads a microbatch model's batch settings (`event_time`, `batch_size`, `begin`, `lookback`,
/// `concurrent_batches`), refusing what dbt refuses, with the fix in the help.
enum MicrobatchSettings {
    static func read(_ config: NodeConfig) throws(ExecutionPlanningError.Problem) -> MicrobatchConfig {
        guard let eventTime = config.eventTime, !eventTime.isEmpty else {
            throw ExecutionPlanningError.Problem(
                message: "a microbatch model needs 'event_time': the column that says which batch a row belongs to",
                help: "add event_time='ordered_at' (a timestamp or date column of the model) to its config")
        }
        let sizes = MicrobatchBatchSize.allCases.map(\.rawValue).joined(separator: ", ")
        guard let sizeName = config.extra["batch_size"]?.stringValue else {
            throw ExecutionPlanningError.Problem(
                message: "a microbatch model needs 'batch_size' (one of \(sizes))",
                help: "add batch_size='day' to its config")
        }
        guard let batchSize = MicrobatchBatchSize(rawValue: sizeName.lowercased()) else {
            throw ExecutionPlanningError.Problem(
                message: "batch_size '\(sizeName)' is not supported", help: "use one of \(sizes)")
        }
        guard let beginText = config.extra["begin"]?.stringValue else {
            throw ExecutionPlanningError.Problem(
                message: "a microbatch model needs 'begin': the first instant its batches cover",
                help: "add begin='2024-01-01' to its config")
        }
        guard let begin = MicrobatchTimestamp.parse(beginText) else {
            throw ExecutionPlanningError.Problem(
                message: "begin '\(beginText)' is not a date or timestamp",
                help: "write it as \(MicrobatchTimestamp.formats)")
        }
        var lookback = 1
        if let literal = config.extra["lookback"], literal != .none {
            guard case .int(let value) = literal, value >= 0 else {
                throw ExecutionPlanningError.Problem(
                    message: "lookback must be a whole number of batches, 0 or more", help: "write lookback=1")
            }
            lookback = value
        }
        var concurrent: Bool?
        if let literal = config.extra["concurrent_batches"], literal != .none {
            guard let value = literal.boolValue else {
                throw ExecutionPlanningError.Problem(
                    message: "concurrent_batches must be true or false", help: "write concurrent_batches=false")
            }
            concurrent = value
        }
        return MicrobatchConfig(
            eventTime: eventTime, batchSize: batchSize, begin: begin, lookback: lookback,
            concurrentBatches: concurrent)
    }
}
