import Dispatch
import Foundation

/// Threads whose stacks hold the deepest render the template limits allow.
///
/// Parsing and rendering recurse once per level of nesting and per macro call. The limits
/// (`maximumDepth` nesting levels, `maximumMacroDepth` macro calls) keep that recursion finite; these threads
/// make it fit. Dispatch and Swift concurrency threads are not enough: 512 KiB on macOS, and 8 MiB on Linux
/// (the `ulimit -s` default) holds only about 190 levels of macro recursion in a debug build.
public enum RenderThreads {
    /// Bytes of stack per thread.
    ///
    /// Reserved address space, of which only the pages a render touches are committed. The deepest render the
    /// limits allow takes 14 MB in a release build and 59 MB in a debug build (`docs/architecture.md`, "Limits").
    public static let stackSize = 128 << 20

    /// Stack kept free below the last macro call: room for one call's nesting at the parser's limit (2.5 MB in a
    /// debug build), the error's unwinding and native functions.
    static let reserve = 16 << 20

    private static let floorKey = "wh.renderStackFloor"

    /// The address below which a render on this thread stops recursing; nil when this is not a render thread.
    static var currentStackFloor: UInt? {
        Thread.current.threadDictionary[floorKey] as? UInt
    }

    /// An address in the caller's stack frame; stacks grow down on every platform `wh` runs on.
    @inline(never)
    static func stackAddress() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Makes the calling thread, started with `stackSize` bytes of stack, one that renders: its macro calls stop
    /// before its stack's end (for threads made elsewhere, such as the executor's workers, which render nodes that
    /// query the database).
    public static func becomeRenderThread() {
        Thread.current.threadDictionary[floorKey] = stackAddress() - UInt(stackSize - reserve)
    }

    /// `body(index)` for every index in `0..<count`, each on a new thread of `stackSize` bytes of stack, in
    /// parallel; returns the results in index order once all threads are done.
    public static func map<T: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let group = DispatchGroup()
        let results = start(count: count, group: group, body)
        group.wait()
        return results.take()
    }

    /// `map` that suspends the calling task instead of blocking its thread while the render threads work.
    public static func map<T: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> T) async -> [T] {
        guard count > 0 else { return [] }
        return await withCheckedContinuation { continuation in
            let group = DispatchGroup()
            let results = start(count: count, group: group, body)
            group.notify(queue: .global()) { continuation.resume(returning: results.take()) }
        }
    }

    private static func start<T: Sendable>(
        count: Int, group: DispatchGroup, _ body: @escaping @Sendable (Int) -> T
    ) -> Slots<T> {
        let slots = Slots<T>(count: count)
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                becomeRenderThread()
                slots.store(body(index), at: index)
                group.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        return slots
    }
}

/// One result slot per thread; each thread writes only its own slot, and `take` reads them after all have left
/// the dispatch group, which orders the writes before the reads.
private final class Slots<T: Sendable>: Sendable {
    private nonisolated(unsafe) let values: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        values = .allocate(capacity: count)
        values.initialize(repeating: nil)
    }

    deinit {
        values.deinitialize()
        values.deallocate()
    }

    func store(_ value: T, at index: Int) {
        values[index] = value
    }

    func take() -> [T] {
        values.compactMap { $0 }
    }
}
