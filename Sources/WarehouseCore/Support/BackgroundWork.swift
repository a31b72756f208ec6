import Dispatch
import Foundation
import Synchronization

/// Work started on a thread of its own when created, whose result is collected later with `wait()`.
///
/// For overlapping two independent parts of a synchronous job: the caller goes on with its own part meanwhile.
/// A thread of its own rather than a dispatch queue, so that the work starts at once even when the queue's
/// threads are all busy.
struct BackgroundWork<Value: Sendable> {
    private let done = DispatchGroup()
    private let slot = Slot()

    init(_ work: @escaping @Sendable () -> Value) {
        let (done, slot) = (done, slot)
        done.enter()
        Thread {
            let value = work()
            slot.value.withLock { $0 = value }
            done.leave()
        }
        .start()
    }

    /// Blocks until the work is done and returns its result.
    func wait() -> Value {
        done.wait()
        guard let value = slot.value.withLock({ $0 }) else {
            preconditionFailure("the background work finished without storing its result")
        }
        return value
    }

    /// Where the work leaves its result.
    private final class Slot: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
