import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

/// The SQL dbt's global macros render runs on a real Postgres and computes what the macro promises: values are
/// checked against ones computed here in Swift (calendar arithmetic, string splitting, sorting), not against
/// Postgres's own answers.
@Suite("dbt's global macros, run on a real Postgres")
struct GlobalMacroValueTests {
    /// Compiles one `select {{ <expression> }} as v` model per entry and returns each model's first column, first
    /// row (a `from` clause may follow the expression).
    static func values(_ models: [String: String]) async throws -> [String: String?] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-globals-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in ["project.yml": "name: p\n"].merging(
            models.map { ("models/\($0).sql", $1) }, uniquingKeysWith: { $1 })
        {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let database = try await TestDatabase.create()
        let project = try ProjectLoader.load(root: root, cliVars: nil)
        let compiled = try await Compiler(
            project: project, options: CompileOptions(database: database.database ?? "d", environment: [:])
        ).compile()
        var values: [String: String?] = [:]
        for node in compiled.nodes.values where node.resourceType == .model {
            let rows = try await TestDatabase.rows(node.compiledCode, in: database)
            values[node.name] = try #require(rows.first?.first)
        }
        return values
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    static func date(_ text: String) throws -> Date {
        let format = DateFormatter()
        format.calendar = calendar
        format.timeZone = calendar.timeZone
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = text.count > 10 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
        return try #require(format.date(from: text))
    }

    static func text(_ date: Date, withTime: Bool) -> String {
        let format = DateFormatter()
        format.calendar = calendar
        format.timeZone = calendar.timeZone
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = withTime ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
        return format.string(from: date)
    }

    @Test func dateaddMovesByCalendarUnits() async throws {
        let cases: [(part: String, amount: Int, from: String, unit: Calendar.Component)] = [
            ("day", 45, "2024-01-01", .day), ("month", 1, "2024-01-31", .month), ("month", -2, "2024-03-31", .month),
            ("year", 1, "2024-02-29", .year), ("hour", 30, "2024-03-09 12:00:00", .hour),
            ("minute", -90, "2024-01-01 00:30:00", .minute),
        ]
        var models: [String: String] = [:]
        for (index, item) in cases.enumerated() {
            let cast = item.from.count > 10 ? "timestamp" : "date"
            models["add_\(index)"] =
                "select {{ dbt.dateadd('\(item.part)', \(item.amount), \"'\(item.from)'::\(cast)\") }} as v"
        }
        let values = try await Self.values(models)
        for (index, item) in cases.enumerated() {
            let moved = try #require(
                Self.calendar.date(byAdding: item.unit, value: item.amount, to: Self.date(item.from)))
            #expect(values["add_\(index)"] == Self.text(moved, withTime: true), "\(item)")
        }
    }

    /// dbt's datediff counts boundaries crossed: whole years, quarters and months by calendar fields; days, hours,
    /// minutes and seconds by whole units since the epoch; weeks by Sundays passed.
    @Test func datediffCountsBoundariesCrossed() async throws {
        let pairs = [
            ("2023-12-31 23:59:59", "2024-01-01 00:00:01"), ("2024-01-15 10:20:30", "2025-07-04 08:05:00"),
            ("2024-02-28 12:00:00", "2024-03-01 11:59:59"), ("2024-01-06 09:00:00", "2024-01-07 08:00:00"),
            ("2024-05-20 00:00:00", "2024-03-02 23:00:00"),
        ]
        let parts = ["year", "quarter", "month", "week", "day", "hour", "minute", "second"]
        var models: [String: String] = [:]
        for (pairIndex, pair) in pairs.enumerated() {
            for part in parts {
                models["diff_\(pairIndex)_\(part)"] =
                    "select {{ datediff(\"'\(pair.0)'::timestamp\", \"'\(pair.1)'::timestamp\", '\(part)') }} as v"
            }
        }
        let values = try await Self.values(models)
        for (pairIndex, pair) in pairs.enumerated() {
            let (first, second) = (try Self.date(pair.0), try Self.date(pair.1))
            let fields = { (date: Date) in Self.calendar.dateComponents([.year, .month], from: date) }
            let (a, b) = (fields(first), fields(second))
            let (yearA, yearB, monthA, monthB) = (a.year ?? 0, b.year ?? 0, a.month ?? 0, b.month ?? 0)
            func units(_ size: Double) -> Int {
                Int(
                    (second.timeIntervalSince1970 / size).rounded(.down)
                        - (first.timeIntervalSince1970 / size).rounded(.down))
            }
            var expected = [
                "year": yearB - yearA, "quarter": (yearB - yearA) * 4 + (monthB - 1) / 3 - (monthA - 1) / 3,
                "month": (yearB - yearA) * 12 + monthB - monthA, "day": units(86_400), "hour": units(3_600),
                "minute": units(60), "second": units(1),
            ]
            if first <= second {
                // 1970-01-04 was a Sunday: a week boundary is a multiple of 7 days after it.
                let sunday = 3 * 86_400.0
                expected["week"] = Int(
                    ((second.timeIntervalSince1970 - sunday) / 604_800).rounded(.down)
                        - ((first.timeIntervalSince1970 - sunday) / 604_800).rounded(.down))
            }
            for (part, count) in expected {
                #expect(values["diff_\(pairIndex)_\(part)"] == "\(count)", "\(pair) \(part)")
            }
        }
    }

    @Test func lastDayAndDateGiveCalendarDates() async throws {
        let cases = [
            ("2024-02-10", "month"), ("2023-02-10", "month"), ("2024-05-10", "quarter"), ("2024-07-01", "year"),
        ]
        var models: [String: String] = ["leap_day": "select {{ dbt.date(2024, 2, 29) }} as v"]
        for (index, item) in cases.enumerated() {
            models["last_\(index)"] = "select {{ dbt.last_day(\"'\(item.0)'::date\", '\(item.1)') }} as v"
        }
        let values = try await Self.values(models)
        #expect(values["leap_day"] == "2024-02-29")
        for (index, item) in cases.enumerated() {
            let unit: Calendar.Component = ["month": .month, "quarter": .quarter, "year": .year][item.1] ?? .month
            let day = try Self.date(item.0)
            let start = try #require(Self.calendar.dateInterval(of: unit == .quarter ? .month : unit, for: day)).start
            let monthsInPeriod = unit == .quarter ? 3 - (Self.calendar.component(.month, from: day) - 1) % 3 : 1
            let end: Date
            if unit == .quarter {
                end = try #require(Self.calendar.date(byAdding: .month, value: monthsInPeriod, to: start))
            } else {
                end = try #require(Self.calendar.dateInterval(of: unit, for: day)).end
            }
            let last = try #require(Self.calendar.date(byAdding: .day, value: -1, to: end))
            #expect(values["last_\(index)"] == Self.text(last, withTime: false), "\(item)")
        }
    }

    @Test func stringMacrosMatchSwiftStringOperations() async throws {
        let path = "a/bb/ccc/dddd"
        let parts = path.split(separator: "/").map(String.init)
        let name = "O'Brien-Smith"
        var models = [
            "quoted": "select {{ dbt.string_literal(dbt.escape_single_quotes(\"\(name)\")) }} as v",
            "concat": "select {{ dbt.concat([\"'ab'\", \"'-'\", \"'cd'\"]) }} as v",
            "length": "select {{ dbt.length(\"'\(path)'\") }} as v",
            "position": "select {{ dbt.position(\"'/'\", \"'\(path)'\") }} as v",
            "right": "select {{ dbt.right(\"'\(path)'\", 3) }} as v",
            "replace": "select {{ dbt.replace(\"'\(path)'\", \"'/'\", \"'.'\") }} as v",
            "cast": "select {{ dbt.safe_cast(\"'42'\", dbt.type_int()) }} + 1 as v",
            "bool_text": "select {{ dbt.cast_bool_to_text('1 < 2') }} as v",
            "hash": "select {{ dbt.hash(\"'abc'\") }} as v",
        ]
        for part in [1, 3, 4, 6, -1, -2, -4] {
            models["part_\(part + 10)"] = "select {{ dbt.split_part(\"'\(path)'\", \"'/'\", \(part)) }} as v"
        }
        let values = try await Self.values(models)
        #expect(values["quoted"] == name)
        #expect(values["concat"] == "ab-cd")
        #expect(values["length"] == "\(path.count)")
        #expect(values["position"] == "\(try #require(path.firstIndex(of: "/")).utf16Offset(in: path) + 1)")
        #expect(values["right"] == String(path.suffix(3)))
        #expect(values["replace"] == path.replacingOccurrences(of: "/", with: "."))
        #expect(values["cast"] == "43")
        #expect(values["bool_text"] == "\(1 < 2)")
        // RFC 1321's test suite: MD5("abc").
        #expect(values["hash"] == "900150983cd24fb0d6963f7d28e17f72")
        for part in [1, 3, 4, 6, -1, -2, -4] {
            let index = part > 0 ? part - 1 : parts.count + part
            #expect(values["part_\(part + 10)"] == (parts.indices.contains(index) ? parts[index] : ""), "part \(part)")
        }
    }

    @Test func aggregatesFollowTheirOrdering() async throws {
        let rows = [(3, "c", true), (1, "a", false), (4, "d", false), (2, "b", false)]
        let table =
            "(values " + rows.map { "(\($0.0), '\($0.1)', \($0.2))" }.joined(separator: ", ") + ") as t(id, name, flag)"
        let values = try await Self.values([
            "ordered": "select {{ dbt.listagg('name', \"', '\", 'order by id') }} as v from \(table)",
            "limited": "select {{ dbt.listagg('name', \"'|'\", 'order by id desc', 2) }} as v from \(table)",
            "any": "select {{ dbt.any_value('name') }} as v from \(table)",
            "some_flag": "select {{ dbt.bool_or('flag') }} as v from \(table)",
            "series": "select count(*) || ':' || sum(generated_number) as v from ({{ dbt.generate_series(10) }}) s",
            "array":
                "select {{ dbt.array_concat(dbt.array_append(dbt.array_construct(['1', '2']), '3'), "
                + "dbt.array_construct(['4'])) }} as v",
            "empty_array": "select cardinality({{ dbt.array_construct() }}) as v",
            "except": "select count(*) as v from (select id from \(table) {{ dbt.except() }} select 1) s",
            "intersect": "select count(*) as v from (select id from \(table) {{ dbt.intersect() }} select 1) s",
        ])
        let sorted = rows.sorted { $0.0 < $1.0 }
        #expect(values["ordered"] == sorted.map(\.1).joined(separator: ", "))
        #expect(values["limited"] == sorted.reversed().prefix(2).map(\.1).joined(separator: "|"))
        #expect(values["any"] == rows.map(\.1).min())
        #expect(values["some_flag"] == (rows.contains { $0.2 } ? "t" : "f"))
        #expect(values["series"] == "10:\((1...10).reduce(0, +))")
        #expect(values["array"] == "{" + (1...4).map(String.init).joined(separator: ",") + "}")
        #expect(values["empty_array"] == "0")
        #expect(values["except"] == "\(rows.filter { $0.0 != 1 }.count)")
        #expect(values["intersect"] == "1")
    }
}
