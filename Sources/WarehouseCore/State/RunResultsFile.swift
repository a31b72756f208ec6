public import Foundation

/// The fields of a `run_results.json` (written by `wh` or by dbt) that `wh` reads back.
///
/// Read for `result:` selectors, `wh retry` and the lineage page. Every field but `results` may be missing, as in files of older dbt versions;
/// a result without an id or a status is kept and skipped by the readers.
public struct RunResultsFile: Decodable, Sendable {
    public struct Metadata: Decodable, Sendable {
        public var generatedAt: String?
        public var invocationStartedAt: String?

        enum CodingKeys: String, CodingKey {
            case generatedAt = "generated_at"
            case invocationStartedAt = "invocation_started_at"
        }
    }

    public struct Arguments: Decodable, Sendable {
        /// The command: `run`, `build`, `seed`, `snapshot`, `test`, ...
        public var which: String?
    }

    public struct Timing: Decodable, Sendable {
        public var completedAt: String?

        enum CodingKeys: String, CodingKey {
            case completedAt = "completed_at"
        }
    }

    public struct Result: Decodable, Sendable {
        public var uniqueID: String?
        /// dbt's status words: `success`, `error`, `skipped`, `pass`, `fail`, `warn`, ...
        public var status: String?
        public var message: String?
        public var timing: [Timing]?

        enum CodingKeys: String, CodingKey {
            case uniqueID = "unique_id"
            case status, message, timing
        }
    }

    public var metadata: Metadata?
    public var args: Arguments?
    public var results: [Result]

    /// Decodes `data`; the error names what is wrong with it.
    public static func decode(_ data: Data) throws -> RunResultsFile {
        try JSONDecoder().decode(RunResultsFile.self, from: data)
    }

    /// The status of each result that names its node.
    public var statuses: [NodeID: String] {
        var statuses: [NodeID: String] = [:]
        for result in results {
            guard let id = result.uniqueID, let status = result.status else { continue }
            statuses[NodeID(id)] = status
        }
        return statuses
    }
}
