import Testing
import WarehouseIngest

struct CivilDateTests {
    @Test(arguments: [
        (2023, 12, 1, 19_692), (2024, 2, 29, 19_782), (1969, 12, 31, -1), (2000, 3, 1, 11_017),
        (1600, 2, 29, -135_081), (1970, 1, 1, 0),
    ])
    func convertsToAndFromDayCounts(year: Int, month: Int, day: Int, days: Int) throws {
        let date = try #require(CivilDate(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
    }

    @Test(arguments: [(2023, 2, 29), (1900, 2, 29), (2023, 13, 1), (2023, 0, 10), (2023, 4, 31), (2023, 1, 0)])
    func rejectsDaysThatDoNotExist(year: Int, month: Int, day: Int) {
        #expect(CivilDate(year: year, month: month, day: day) == nil)
    }

    @Test func roundTripsEveryDayOverFourCenturies() {
        var previous = CivilDate(daysSinceEpoch: -150_001)
        var failures: [Int] = []
        for days in -150_000...150_000 {
            let date = CivilDate(daysSinceEpoch: days)
            if date.daysSinceEpoch != days || !(previous < date)
                || CivilDate(year: date.year, month: date.month, day: date.day) != date
            {
                failures.append(days)
            }
            previous = date
        }
        #expect(failures.isEmpty)
    }

    @Test func formatsWithPaddedFields() throws {
        let date = try #require(CivilDate(year: 2024, month: 3, day: 7))
        #expect(date.description == "2024-03-07")
        #expect(RetailTimestamp(date: date, minuteOfDay: 8 * 60 + 5).description == "2024-03-07 08:05:00")
    }
}
