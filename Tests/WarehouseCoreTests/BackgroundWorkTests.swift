import Dispatch
import Testing

@testable import WarehouseCore

@Suite struct BackgroundWorkTests {
    @Test func returnsTheResultOfTheWork() {
        let work = BackgroundWork { (1...100).reduce(0, +) }
        #expect(work.wait() == 5_050)
    }

    @Test func runsWhileTheCallerGoesOn() {
        // The work can only finish early if the caller signals while it waits, so both must run at once.
        let signal = DispatchSemaphore(value: 0)
        let work = BackgroundWork { signal.wait(timeout: .now() + 60) == .success ? "signalled" : "timed out" }
        signal.signal()
        #expect(work.wait() == "signalled")
    }

    @Test func waitingTwiceGivesTheSameResult() {
        let work = BackgroundWork { [3, 1, 2].sorted() }
        #expect(work.wait() == [1, 2, 3])
        #expect(work.wait() == [1, 2, 3])
    }
}
