import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM while nodes run: the first one cancels the run, a second one ends `wh` at once.
///
/// Cancelling (rather than dying) lets the running statements be cancelled on the server and their transactions
/// roll back, and lets `wh` say what finished and what did not. While watching, the signals' default action is
/// off; ``stop()`` puts it back.
final class InterruptSignals: Sendable {
    /// Dispatch sources are not `Sendable`; they are only created in `init` and cancelled in `stop`.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]
    private let received: FirstSignal

    /// The first signal number, shared with the handlers.
    private final class FirstSignal: Sendable {
        let number = Mutex<Int32?>(nil)
    }

    /// Starts watching; `onFirst` runs (on a background queue) for the first signal.
    init(onFirst: @escaping @Sendable (Int32) -> Void) {
        let received = FirstSignal()
        self.received = received
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let first = received.number.withLock { received in
                    defer { received = received ?? number }
                    return received == nil
                }
                guard first else { exit(WarehouseExitCode(signal: number).rawValue) }
                onFirst(number)
            }
            source.resume()
            return source
        }
    }

    /// The first signal received, if any.
    var firstSignal: Int32? { received.number.withLock { $0 } }

    /// Stops watching and restores the default actions.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

extension WarehouseExitCode {
    /// The shell's convention for a process ended by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM).
    init(signal: Int32) {
        self = signal == SIGTERM ? .terminated : .interrupted
    }
}
