public import Foundation
import Synchronization

/// `target/manifest.json`: the compiled project as JSON a script can read, shaped like dbt's manifest (nodes,
/// sources, macros, docs, parent and child maps) with keys sorted so the file is stable between runs.
public enum Manifest {
    /// The manifest's UTF-8 text, on one line.
    public static func serialized(_ project: CompiledProject, generatedAt: Date = Date()) -> [UInt8] {
        let parts = parts(of: project, generatedAt: generatedAt) { (_: CompiledNode) throws(Never) in }
        var text: [UInt8] = []
        text.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { text.append(contentsOf: part) }
        return text
    }

    /// The text in pieces that, written one after another, make the file.
    ///
    /// The entries of `nodes`, `parent_map` and `child_map` (20,000 each in a large project) are written in
    /// chunks on all cores. `visit` is called with every node on the thread that writes its entry, for per-node
    /// work of the caller's own (writing compiled files): reading a node out of the project copies it, and doing
    /// that once rather than twice showed in profiles. The first error `visit` throws is rethrown at the end.
    static func parts<Failure: Error>(
        of project: CompiledProject, generatedAt: Date,
        visiting visit: @escaping @Sendable (CompiledNode) throws(Failure) -> Void
    ) throws(Failure) -> [Data] {
        // Nodes are reached through their slots in the dictionary: copying 20,000 of them into an array first
        // took longer than writing them.
        let ids = Array(project.nodes.keys)
        let slots = Array(project.nodes.indices)
        // Sorting the ids and checking that the edge maps have the same keys are independent: side by side.
        let prepared = Mutex((order: [Int](), parentsMatch: false, childrenMatch: false))
        DispatchQueue.concurrentPerform(iterations: 3) { task in
            switch task {
            case 0:
                let order = sortedOrder(of: ids)
                prepared.withLock { $0.order = order }
            case 1:
                let match = hasKeys(project.graph.parents, ids)
                prepared.withLock { $0.parentsMatch = match }
            default:
                let match = hasKeys(project.graph.children, ids)
                prepared.withLock { $0.childrenMatch = match }
            }
        }
        let (order, parentsMatch, childrenMatch) = prepared.withLock { $0 }
        let sortedIDs = order.map { ids[$0] }
        let isSource = order.map { project.nodes.values[slots[$0]].resourceType == .source }
        let nodes = order.indices.filter { !isSource[$0] }.map { slots[order[$0]] }
        let sources = order.indices.filter { isSource[$0] }.map { slots[order[$0]] }
        let parents = parentsMatch ? sortedIDs : project.graph.parents.keys.sorted()
        let children = childrenMatch ? sortedIDs : project.graph.children.keys.sorted()

        let failures = Failures<Failure>()
        var jobs: [Job] = []
        jobs.append(Job { $0.output.raw(#"{"child_map":{"#) })
        jobs += Job.chunks(count: children.count, bytesPerEntry: 128) { writer, index in
            writer.edges(of: children[index], project.graph.children[children[index]] ?? [])
        }
        jobs.append(
            Job { writer in
                writer.output.raw(#"},"docs":"#)
                writer.output.object(Array(project.docs), key: \.key, duplicates: .firstWins) { $0.string($1.value) }
                writer.output.raw(#","macros":"#)
                writer.output.object(
                    project.macros, key: { "macro.\($0.package).\($0.name)" }, duplicates: .firstWins
                ) { output, macro in
                    output.raw(#"{"name":"#)
                    output.string(macro.name)
                    output.raw(#","path":"#)
                    output.string(macro.path)
                    output.byte(UInt8(ascii: "}"))
                }
                writer.output.raw(#","metadata":{"generated_at":"#)
                writer.output.string(generatedAt.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)))
                writer.output.raw(#","generator":"#)
                writer.output.string("wh \(WarehouseVersion.current)")
                writer.output.raw(#","project_name":"#)
                writer.output.string(project.projectName)
                writer.output.raw(#","wh_version":"#)
                writer.output.string(WarehouseVersion.current)
                writer.output.raw(#"},"nodes":{"#)
            })
        jobs += nodeChunks(nodes, of: project, failures: failures, visit: visit)
        jobs.append(Job { $0.output.raw(#"},"parent_map":{"#) })
        jobs += Job.chunks(count: parents.count, bytesPerEntry: 128) { writer, index in
            writer.edges(of: parents[index], project.graph.parents[parents[index]] ?? [])
        }
        jobs.append(Job { $0.output.raw(#"},"sources":{"#) })
        jobs += nodeChunks(sources, of: project, failures: failures, visit: visit)
        jobs.append(Job { $0.output.raw("}}") })

        let parts = Mutex([Data](repeating: Data(), count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: jobs.count) { [jobs] index in
            var writer = ManifestWriter(project: project, capacity: jobs[index].capacity)
            jobs[index].write(&writer)
            let text = writer.finish()
            parts.withLock { $0[index] = text }
        }
        if let failure = failures.first { throw failure }
        return parts.withLock { $0 }
    }

    /// The indices of `ids` in the order `NodeID`'s `<` sorts them.
    ///
    /// When every id is ASCII that is the order of their bytes, and comparing bytes in one buffer is several times
    /// faster than comparing Strings (the sort was the longest step that does not run on all cores).
    private static func sortedOrder(of ids: [NodeID]) -> [Int] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 48)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(ids.count)
        for id in ids {
            let start = bytes.count
            bytes.append(contentsOf: id.rawValue.utf8)
            ranges.append(start..<bytes.count)
        }
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return ids.indices.sorted { ids[$0] < ids[$1] } }
        return bytes.withUnsafeBufferPointer { bytes in
            ranges.withUnsafeBufferPointer { ranges in
                guard let base = bytes.baseAddress else { return Array(ranges.indices) }
                return ranges.indices.sorted { left, right in
                    let (lhs, rhs) = (ranges[left], ranges[right])
                    let order = memcmp(base + lhs.lowerBound, base + rhs.lowerBound, min(lhs.count, rhs.count))
                    return order != 0 ? order < 0 : lhs.count < rhs.count
                }
            }
        }
    }

    /// Whether the keys of a graph's edge map are `ids`, as they are when the graph has every node of the project:
    /// then their sorted order is known.
    private static func hasKeys(_ edges: [NodeID: Set<NodeID>], _ ids: [NodeID]) -> Bool {
        edges.count == ids.count && ids.allSatisfy { edges[$0] != nil }
    }

    /// Entries of `nodes` or `sources`: the project's nodes in `slots`.
    private static func nodeChunks<Failure: Error>(
        _ slots: [[NodeID: CompiledNode].Index], of project: CompiledProject, failures: Failures<Failure>,
        visit: @escaping @Sendable (CompiledNode) throws(Failure) -> Void
    ) -> [Job] {
        Job.chunks(count: slots.count, bytesPerEntry: 2_048) { writer, index in
            let node = project.nodes.values[slots[index]]
            writer.node(node)
            do throws(Failure) { try visit(node) } catch { failures.append(error) }
        }
    }

    /// Errors thrown on the workers, kept in order of arrival.
    private final class Failures<Failure: Error>: Sendable {
        private let errors = Mutex<[Failure]>([])

        var first: Failure? { errors.withLock { $0.first } }

        func append(_ error: Failure) { errors.withLock { $0.append(error) } }
    }

    /// One piece of the text.
    private struct Job: Sendable {
        var capacity = 256
        let write: @Sendable (inout ManifestWriter) -> Void

        /// The entries `0..<count` of an object, in chunks, with the comma before every entry but the first.
        static func chunks(
            count: Int, bytesPerEntry: Int, entry: @escaping @Sendable (inout ManifestWriter, Int) -> Void
        ) -> [Job] {
            let chunkSize = 256
            return stride(from: 0, to: count, by: chunkSize).map { lower in
                let range = lower..<min(lower + chunkSize, count)
                return Job(capacity: bytesPerEntry * range.count) { writer in
                    for index in range {
                        if index > 0 { writer.output.byte(UInt8(ascii: ",")) }
                        entry(&writer, index)
                    }
                }
            }
        }
    }
}
