public import Foundation

/// The statuses a previous run wrote to `run_results.json` (`wh`'s or dbt's), for `result:<status>` selectors.
public enum PreviousRunResults {
    /// The status of each node in the file at `url`.
    ///
    /// - Throws: ``StateFileError`` when the file is missing or is not a run results file.
    public static func statuses(at url: URL, displayPath: String) throws(StateFileError) -> [NodeID: String] {
        let object = try StateFileError.readJSONObject(at: url, displayPath: displayPath)
        guard let results = object["results"] as? [[String: Any]] else {
            throw StateFileError(path: displayPath, problem: "it has no \"results\" list; is it a run_results.json?")
        }
        var statuses: [NodeID: String] = [:]
        for result in results {
            guard let id = result["unique_id"] as? String, let status = result["status"] as? String else { continue }
            statuses[NodeID(id)] = status
        }
        return statuses
    }
}

/// A previous state's file (`run_results.json`, `manifest.json`) that cannot be read.
public struct StateFileError: Error, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "error: cannot read \(path): \(problem)" }

    static func readJSONObject(at url: URL, displayPath: String) throws(StateFileError) -> [String: Any] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StateFileError(path: displayPath, problem: "no such file (run a build first, or pass --state DIR)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw StateFileError(path: displayPath, problem: "it is not a JSON object")
        }
        return object
    }
}
