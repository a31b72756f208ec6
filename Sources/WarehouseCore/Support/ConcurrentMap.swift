import Dispatch
import Foundation

extension RandomAccessCollection where Self: Sendable, Index == Int {
    /// `map` spread over the machine's cores, results in the collection's order.
    ///
    /// For per-node work over thousands of nodes, where the work dominates the cost of handing out chunks.
    /// `transform` runs on several threads at once, so it must not mutate shared state.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let chunkCount = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard chunkCount > 1 else { return map { transform($0) } }
        return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            // Each chunk initializes its own disjoint range of the buffer, so the writes never overlap.
            nonisolated(unsafe) let output = buffer
            let first = startIndex
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let lower = chunk * count / chunkCount
                let upper = (chunk + 1) * count / chunkCount
                for offset in lower..<upper {
                    output.initializeElement(at: offset, to: transform(self[first + offset]))
                }
            }
            initializedCount = count
        }
    }
}
