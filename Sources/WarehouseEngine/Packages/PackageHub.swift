import Foundation
import WarehouseCore

/// The package hub's JSON index (`<hub>/api/v1/<org>/<name>.json`), fetched over HTTP(S) with the curl CLI.
///
/// curl rather than `FoundationNetworking`: it is on every machine with git, reads the system's certificates and
/// proxy settings, and keeps `wh` from linking libcurl's Foundation wrapper for the few requests `wh deps` makes.
struct PackageHub {
    /// `DBT_PACKAGE_HUB_URL`, as dbt reads it, else the public hub.
    var baseURL: String

    static let defaultURL = "https://hub.getdbt.com/"

    init(environment: [String: String]) {
        let configured = environment["DBT_PACKAGE_HUB_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL
        baseURL = configured.hasSuffix("/") ? configured : configured + "/"
    }

    /// One released version of a package.
    struct Release {
        var version: String
        /// The project name the package declares.
        var name: String
        var tarball: String
        var requireDbtVersion: [String]
        /// Its own hub dependencies.
        var packages: [(package: String, versions: [String])]
    }

    /// Every release of `package` (`org/name`) the index lists.
    func releases(of package: String) throws(HubFailure) -> [Release] {
        let url = baseURL + "api/v1/\(package).json"
        let data = try Self.get(url)
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let versions = root["versions"] as? [String: Any]
        else { throw HubFailure("the hub's answer for \(package) (\(url)) is not a package index") }
        return versions.compactMap { version, info -> Release? in
            guard let info = info as? [String: Any], let name = info["name"] as? String,
                let downloads = info["downloads"] as? [String: Any], let tarball = downloads["tarball"] as? String
            else { return nil }
            let required = info["require_dbt_version"]
            let dependencies = (info["packages"] as? [[String: Any]] ?? []).compactMap { entry in
                (entry["package"] as? String).map { ($0, Self.strings(entry["version"])) }
            }
            return Release(
                version: version, name: name, tarball: tarball, requireDbtVersion: Self.strings(required),
                packages: dependencies)
        }
    }

    private static func strings(_ value: Any?) -> [String] {
        if let text = value as? String { return [text] }
        return (value as? [Any] ?? []).compactMap { $0 as? String }
    }

    /// The body of `url`, or what curl said went wrong.
    static func get(_ url: String) throws(HubFailure) -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wh-hub-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try download(url, to: file)
        guard let data = try? Data(contentsOf: file) else { throw HubFailure("cannot read what \(url) returned") }
        return data
    }

    /// Saves the body of `url` in `file`.
    static func download(_ url: String, to file: URL) throws(HubFailure) {
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try ProcessRunner.run(
                executable: "curl",
                arguments: [
                    "--fail", "--silent", "--show-error", "--location", "--retry", "2", "--max-time", "120",
                    "--output", file.path, url,
                ])
        } catch {
            throw HubFailure("cannot run curl to fetch \(url): \(error)")
        }
        guard outcome.status == 0 else {
            throw HubFailure(
                "fetching \(url) failed: \(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

/// A hub request that failed, in words.
struct HubFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
