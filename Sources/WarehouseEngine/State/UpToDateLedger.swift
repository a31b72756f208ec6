import Foundation
import PostgresClient
import Synchronization
import WarehouseCore

/// Decides, as each node is about to run, whether building it again would build the same thing, and keeps the data
/// versions its children compare with.
///
/// A table, incremental model, seed or snapshot is up to date when its stored record (``NodeStateStore``) has the
/// node's current fingerprint, its relation exists, and every input still has the version recorded then: a parent
/// node's data version (changed by each build of it, in this run or an earlier one), or a source's version from `wh`'s
/// own bookkeeping (``UpToDateSources``); a snapshot of unchanged inputs would record no new version. A view stores no
/// data, so it is up to date when its fingerprint matches and it exists, whatever its inputs did: a table swapped under
/// it makes its views again. A data test is up to date when it passed last time with the same fingerprint and inputs.
/// An input whose version is unknown (a source nothing of `wh` loads, a parent never built) is treated as changed. An
/// incremental model that reads no `ref()` or `source()` always runs; a table that reads none (a calendar) is up to
/// date while its SQL is the same.
public final class UpToDateLedger: Sendable {
    private let records: [NodeID: NodeStateStore.Record]
    private let fingerprints: [NodeID: NodeFingerprint]
    /// Each node's inputs: its parents, ephemeral models replaced by their own inputs, a source by the node that
    /// loads it when the project loads it itself.
    let inputs: [NodeID: [NodeID]]
    private let sourceVersions: [NodeID: String]
    private let existingRelations: [String: String]
    /// Nodes that always run: source freshness tests (they compare with the clock) and tests storing failures.
    private let alwaysRun: Set<NodeID>
    /// Whether up-to-date nodes are skipped (off with `--no-skip`, `--full-refresh`, and in `wh test`); records are
    /// kept either way.
    let skips: Bool
    private let dataVersions: Mutex<[NodeID: String]>

    init(
        records: [NodeID: NodeStateStore.Record], fingerprints: [NodeID: NodeFingerprint], inputs: [NodeID: [NodeID]],
        sourceVersions: [NodeID: String], existingRelations: [String: String], alwaysRun: Set<NodeID>, skips: Bool
    ) {
        self.records = records
        self.fingerprints = fingerprints
        self.inputs = inputs
        self.sourceVersions = sourceVersions
        self.existingRelations = existingRelations
        self.alwaysRun = alwaysRun
        self.skips = skips
        self.dataVersions = Mutex(records.mapValues(\.dataVersion))
    }

    /// Whether `node` would be built from exactly what built it last time.
    func isUpToDate(_ node: ExecutionNode) -> Bool {
        guard skips, !alwaysRun.contains(node.id), let record = records[node.id],
            let fingerprint = fingerprints[node.id], record.fingerprint == fingerprint
        else { return false }
        switch node.materialization {
        case .view:
            return existingRelations[node.displayRelation] == "v"
        case .table, .seed, .incremental, .snapshot:
            // An incremental model exists to pick up new rows: one reading no ref() or source() reads tables `wh`
            // cannot see, so it always runs.
            guard node.incremental?.strategy.rawValue != "microbatch",
                node.materialization != .incremental || !(inputs[node.id] ?? []).isEmpty,
                ["r", "p"].contains(existingRelations[node.displayRelation])
            else { return false }
            return currentInputs(of: node.id).map { $0 == record.inputs } ?? false
        case .test:
            return record.status == NodeResult.Status.pass.rawValue
                && currentInputs(of: node.id).map { $0 == record.inputs } ?? false
        default:
            return false
        }
    }

    /// The record to store for a node that just succeeded (a built model or seed, a passed test), with its new data
    /// version; `nil` when nothing should be remembered (a test that did not pass, an up-to-date node).
    func record(after result: NodeResult) -> NodeStateStore.Record? {
        let node = result.node
        guard !result.upToDate, result.status == .success || result.status == .pass,
            let fingerprint = fingerprints[node.id]
        else { return nil }
        let inputs = currentInputs(of: node.id)
        let version: String
        if node.materialization == .view, let inputs {
            // A view's data is its inputs' seen through its SQL: the same inputs and SQL give the same version.
            let parts = inputs.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }
            version = SHA256.hexDigest(
                ([fingerprint.checksums[.rendered] ?? "", fingerprint.checksums[.configs] ?? ""] + parts)
                    .joined(separator: "\u{0}"))
        } else {
            version = UUID().uuidString
        }
        dataVersions.withLock { $0[node.id] = version }
        return NodeStateStore.Record(
            id: node.id, relation: node.materialization == .test ? "" : node.displayRelation,
            fingerprint: fingerprint, inputs: inputs ?? [:], dataVersion: version, status: result.status.rawValue)
    }

    /// The versions the node's inputs have now; `nil` when one is unknown.
    private func currentInputs(of id: NodeID) -> [NodeID: String]? {
        var versions: [NodeID: String] = [:]
        let known = dataVersions.withLock { $0 }
        for input in inputs[id] ?? [] {
            guard let version = sourceVersions[input] ?? known[input] else { return nil }
            versions[input] = version
        }
        return versions
    }
}
