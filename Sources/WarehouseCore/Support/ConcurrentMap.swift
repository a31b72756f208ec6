import Dispatch
import Foundation

/// The cores this process may use, read once: Foundation reads the cgroup's CPU quota files each time it is asked, and
/// a run maps over its nodes a few dozen times.
private let activeProcessorCount = ProcessInfo.processInfo.activeProcessorCount

extension RandomAccessCollection where Self: Sendable, Index == Int {
    /// `map` spread over the machine's cores, results in the collection's order.
    ///
    /// For per-node work over thousands of nodes, where the work dominates the cost of handing out chunks.
    /// `transform` runs on several threads at once, so it must not mutate shared state.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (borrowing Element) -> T) -> [T] {
        concurrentMap(withOffsets: { _, element in transform(element) })
    }

    /// `concurrentMap` whose transform also gets each element's offset, for reading arrays aligned with this one.
    func concurrentMap<T: Sendable>(withOffsets transform: @Sendable (Int, borrowing Element) -> T) -> [T] {
        // Contiguous storage (arrays) lends its elements in place: copying a node struct costs more than many
        // transforms do.
        if let results = withContiguousStorageIfAvailable({ elements in
            nonisolated(unsafe) let elements = elements
            return Self.concurrentMap(count: elements.count) { transform($0, elements[$0]) }
        }) {
            return results
        }
        let first = startIndex
        return Self.concurrentMap(count: count) { transform($0, self[first + $0]) }
    }

    /// `element(i)` for every `i` in `0..<count`, in chunks over the cores, results in order.
    private static func concurrentMap<T: Sendable>(count: Int, _ element: @Sendable (Int) -> T) -> [T] {
        let chunkCount = Swift.min(count, activeProcessorCount * 4)
        guard chunkCount > 1 else { return (0..<count).map(element) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            // Each chunk initializes its own disjoint range of the buffer, so the writes never overlap.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                for offset in (chunk * count / chunkCount)..<((chunk + 1) * count / chunkCount) {
                    output.initializeElement(at: offset, to: element(offset))
                }
            }
            initializedCount = count
        }
    }
}
