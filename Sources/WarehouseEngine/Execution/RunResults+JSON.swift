public import Foundation
import WarehouseCore

extension RunResults {
    /// The results as dbt's `run_results.json`: `metadata`, `results` (`unique_id`, `status`, `timing`,
    /// `execution_time`, `adapter_response`, `message`, ...) and `elapsed_time`, with sorted keys.
    public func runResultsJSON(metadata: RunResultsMetadata) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(RunResultsFile(self, metadata: metadata))
    }
}

/// The file's layout; field names follow dbt's schema, so they are spelled in snake case here.
private struct RunResultsFile: Encodable {
    struct Metadata: Encodable {
        var dbt_schema_version: String
        var wh_version: String
        var generated_at: String
        var invocation_id: String
        var invocation_started_at: String?
    }

    struct Arguments: Encodable {
        var which: String
    }

    struct Timing: Encodable {
        var name: String
        var started_at: String
        var completed_at: String
    }

    struct AdapterResponse: Encodable {
        var _message: String?
        var code: String?
        var rows_affected: Int?
    }

    struct Result: Encodable {
        var unique_id: String
        var status: String
        var timing: [Timing]
        var thread_id: String?
        var execution_time: Double
        var adapter_response: AdapterResponse
        var message: String
        var relation_name: String
        var compiled: Bool
        var compiled_code: String
        var failures: Int?
        var batch_results: BatchResults?
    }

    /// A microbatch model's batches as `[start, end]` pairs, as dbt writes them (Python's `isoformat()`:
    /// `2024-10-01T00:00:00+00:00`).
    struct BatchResults: Encodable {
        var successful: [[String]]
        var failed: [[String]]

        init(_ results: MicrobatchResults) {
            func pairs(_ batches: [MicrobatchBatch]) -> [[String]] {
                batches.map { batch in
                    [batch.start, batch.end].map { MicrobatchTimestamp.sql($0).replacing(" ", with: "T") }
                }
            }
            successful = pairs(results.successful)
            failed = pairs(results.failed)
        }
    }

    var metadata: Metadata
    var results: [Result]
    var elapsed_time: Double
    var args: Arguments?

    init(_ run: RunResults, metadata: RunResultsMetadata) {
        self.metadata = Metadata(
            dbt_schema_version: RunResultsMetadata.dbtSchemaVersion,
            wh_version: metadata.whVersion,
            generated_at: RunResultsFile.timestamp(metadata.generatedAt),
            invocation_id: metadata.invocationID,
            invocation_started_at: metadata.invocationStartedAt.map(RunResultsFile.timestamp)
        )
        self.args = metadata.command.map { Arguments(which: $0) }
        self.results = run.results.map(RunResultsFile.result)
        self.elapsed_time = run.elapsedTime
    }

    private static func result(_ result: NodeResult) -> Result {
        var timing: [Timing] = []
        if let startedAt = result.startedAt, let completedAt = result.completedAt {
            timing.append(
                Timing(name: "execute", started_at: timestamp(startedAt), completed_at: timestamp(completedAt)))
        }
        let code = result.commandTag.flatMap { $0.split(separator: " ").first.map(String.init) }
        return Result(
            unique_id: result.node.id.rawValue,
            status: result.status.rawValue,
            timing: timing,
            thread_id: result.threadName,
            execution_time: result.executionTime,
            adapter_response: AdapterResponse(
                _message: result.commandTag, code: code, rows_affected: result.rowsAffected),
            message: result.message,
            relation_name: result.node.relation.description,
            compiled: true,
            compiled_code: result.node.compiledSQL,
            failures: result.failures,
            batch_results: result.batches.map(BatchResults.init)
        )
    }

    /// ISO 8601 in UTC with microseconds, as dbt writes its timestamps.
    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
