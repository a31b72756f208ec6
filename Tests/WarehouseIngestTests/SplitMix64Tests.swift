import Testing
import WarehouseIngest

struct SplitMix64Tests {
    @Test func matchesTheReferenceSequenceForSeedZero() {
        // The first outputs of Vigna's splitmix64.c seeded with 0.
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = SplitMix64(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = random.next(below: 7)
            #expect((0..<7).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
    }

    @Test func chanceFollowsItsProbability() {
        var random = SplitMix64(seed: 7)
        let hits = (0..<100_000).count { _ in random.chance(1, in: 10) }
        #expect((9_500...10_500).contains(hits))
    }
}
