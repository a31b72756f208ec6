import ArgumentParser
import Foundation
import WarehouseEngine

/// `--event-time-start` and `--event-time-end`, taken by `wh run` and `wh build`: the batches of microbatch models
/// to build again, whatever their ledger says (dbt's flags, with its rules: both or neither, start before end).
struct EventTimeOption: ParsableArguments {
    @Option(
        name: .customLong("event-time-start"),
        help: ArgumentHelp(
            "Build the microbatch batches from this instant (inclusive, UTC; with --event-time-end).",
            valueName: "YYYY-MM-DD[THH:MM:SS]"))
    var start: String?

    @Option(
        name: .customLong("event-time-end"),
        help: ArgumentHelp(
            "Build the microbatch batches up to this instant (exclusive, UTC; with --event-time-start).",
            valueName: "YYYY-MM-DD[THH:MM:SS]"))
    var end: String?

    /// The range, once ``validate()`` has accepted it; `nil` when neither flag was given.
    var range: (start: Date, end: Date)? {
        guard let start = start.flatMap(MicrobatchTimestamp.parse), let end = end.flatMap(MicrobatchTimestamp.parse)
        else { return nil }
        return (start, end)
    }

    func validate() throws {
        for (flag, value) in [("--event-time-start", start), ("--event-time-end", end)] {
            if let value, MicrobatchTimestamp.parse(value) == nil {
                throw ValidationError(
                    "\(flag) '\(value)' is not a date or timestamp; write it as \(MicrobatchTimestamp.formats)")
            }
        }
        switch (start, end) {
        case (nil, nil): return
        case (nil, _): throw ValidationError("--event-time-end needs --event-time-start as well")
        case (_, nil): throw ValidationError("--event-time-start needs --event-time-end as well")
        default:
            if let range, range.start >= range.end {
                throw ValidationError("--event-time-start must be before --event-time-end")
            }
        }
    }
}
