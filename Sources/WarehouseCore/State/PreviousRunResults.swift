public import Foundation

/// The statuses a previous run wrote to `run_results.json` (`wh`'s or dbt's), for `result:<status>` selectors.
public enum PreviousRunResults {
    /// The status of each node in the file at `url`.
    ///
    /// - Throws: ``StateFileError`` when the file is missing or is not a run results file.
    public static func statuses(at url: URL, displayPath: String) throws(StateFileError) -> [NodeID: String] {
        let data = try StateFileError.read(url, displayPath: displayPath)
        do {
            return try RunResultsFile.decode(data).statuses
        } catch {
            throw StateFileError(
                path: displayPath, problem: "it is not a run_results.json with a \"results\" list (\(error))")
        }
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

    static func read(_ url: URL, displayPath: String) throws(StateFileError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw StateFileError(path: displayPath, problem: "no such file (run a build first, or pass --state DIR)")
        }
    }

    static func readJSONObject(at url: URL, displayPath: String) throws(StateFileError) -> [String: Any] {
        let data = try read(url, displayPath: displayPath)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw StateFileError(path: displayPath, problem: "it is not a JSON object")
        }
        return object
    }
}
