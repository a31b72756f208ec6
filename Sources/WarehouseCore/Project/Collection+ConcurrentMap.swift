import Dispatch
import Foundation

extension RandomAccessCollection where Self: Sendable {
    /// The results of `transform` on every element, in the collection's order, computed on all cores.
    ///
    /// The elements are cut into contiguous chunks, a few per core so that one slow chunk does not keep the other
    /// cores idle. Each result is written straight to its place in the returned array, so the order never depends on
    /// thread timing and no result is copied. The calling thread takes part and returns when every chunk is done.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let count = count
        guard count > 1 else { return map(transform) }
        let chunkCount = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
        return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            // Chunks write disjoint ranges of the buffer, and every chunk is done when `concurrentPerform` returns.
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let lower = count * chunk / chunkCount
                let upper = count * (chunk + 1) / chunkCount
                var position = index(startIndex, offsetBy: lower)
                for offset in lower..<upper {
                    results.initializeElement(at: offset, to: transform(self[position]))
                    formIndex(after: &position)
                }
            }
            initializedCount = count
        }
    }
}
