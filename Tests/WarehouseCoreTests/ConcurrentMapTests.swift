import Foundation
import Synchronization
import Testing

@testable import WarehouseCore

@Suite struct ConcurrentMapTests {
    @Test func resultsKeepTheCollectionsOrder() {
        let numbers = Array(0..<10_007)
        #expect(numbers.concurrentMap { $0 * 3 + 1 } == numbers.map { $0 * 3 + 1 })
        #expect((5..<12).concurrentMap { "n\($0)" } == ["n5", "n6", "n7", "n8", "n9", "n10", "n11"])
    }

    @Test func emptyAndSingleElementCollections() {
        #expect([Int]().concurrentMap { $0 + 1 } == [])
        #expect([41].concurrentMap { $0 + 1 } == [42])
    }

    @Test func everyElementIsTransformedExactlyOnce() {
        let calls = Mutex(0)
        let strings = (0..<5_000).map { "value \($0)" }
        let lengths = strings.concurrentMap { text in
            calls.withLock { $0 += 1 }
            return text.utf8.count
        }
        #expect(calls.withLock { $0 } == 5_000)
        #expect(lengths == strings.map(\.utf8.count))
    }
}
