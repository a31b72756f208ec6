import Synchronization
import Testing

@testable import WarehouseCore

@Suite struct ConcurrentMapTests {
    @Test func anEmptyCollectionGivesAnEmptyArray() {
        let empty: [Int] = []
        #expect(empty.concurrentMap { $0 * 2 } == [])
    }

    @Test func oneElementIsMapped() {
        #expect(["a"].concurrentMap { $0 + "!" } == ["a!"])
    }

    @Test func resultsKeepTheCollectionsOrder() {
        // 10,007 is prime, so the chunks cannot all be the same size.
        let numbers = Array(0..<10_007)
        let squares = numbers.concurrentMap { $0 * $0 }
        #expect(squares.count == 10_007)
        #expect(squares.first == 0)
        #expect(squares[100] == 10_000)
        #expect(squares.last == 10_006 * 10_006)
        #expect(squares == numbers.map { $0 * $0 })
    }

    @Test func fewerElementsThanChunksAndUnevenWork() {
        // The first element takes far longer than the others: order must not follow completion.
        let words = ["slow", "b", "c"]
        let mapped = words.concurrentMap { word -> String in
            if word == "slow" {
                var total = 0
                for value in 0..<2_000_000 { total &+= value }
                return word + String(total % 7)
            }
            return word.uppercased()
        }
        #expect(mapped == ["slow" + String((1_999_999 * 2_000_000 / 2) % 7), "B", "C"])
    }

    @Test func everyElementIsTransformedExactlyOnce() {
        let seen = Mutex<[Int: Int]>([:])
        let result = (0..<1_000).concurrentMap { value in
            seen.withLock { $0[value, default: 0] += 1 }
            return String(value)
        }
        #expect(result == (0..<1_000).map(String.init))
        #expect(seen.withLock { $0.count } == 1_000)
        #expect(seen.withLock { $0.values.allSatisfy { $0 == 1 } })
    }

    @Test func slicesWithOffsetIndicesAreMapped() {
        let slice = Array(0..<100)[40..<60]
        #expect(slice.concurrentMap { $0 + 1 } == Array(41..<61))
    }
}
