import Foundation
import Testing
import WarehouseIngest

@Suite("Order events: deterministic, with the asked share of malformed and re-sent events")
struct OrderEventGeneratorTests {
    private func events(seed: UInt64, count: Int, bad: Double = 0, duplicates: Double = 0) throws -> [OrderEvent] {
        var generator = try OrderEventGenerator(seed: seed, badRatio: bad, duplicateRatio: duplicates)
        return (0..<count).map { _ in generator.next() }
    }

    @Test("the same seed gives the same bytes; another seed others")
    func deterministic() throws {
        let first = try events(seed: 7, count: 2000, bad: 0.1, duplicates: 0.05).map(\.json)
        let second = try events(seed: 7, count: 2000, bad: 0.1, duplicates: 0.05).map(\.json)
        let other = try events(seed: 8, count: 2000, bad: 0.1, duplicates: 0.05).map(\.json)
        #expect(first == second)
        #expect(first != other)
    }

    @Test("well-formed events parse with every field typed; malformed ones do not; duplicates repeat earlier bytes")
    func shapesAndShares() throws {
        let all = try events(seed: 42, count: 10_000, bad: 0.1, duplicates: 0.05)
        let bad = all.filter { $0.defect != .none }
        let duplicates = all.filter(\.isDuplicate)
        #expect((800...1200).contains(bad.count), "about 10% malformed, got \(bad.count)")
        #expect((350...650).contains(duplicates.count), "about 5% re-sent, got \(duplicates.count)")
        var seen: [String: [UInt8]] = [:]
        var sizes = 0
        for event in all {
            let json = event.json
            sizes += json.count
            switch event.defect {
            case .invalidJSON:
                #expect((try? JSONSerialization.jsonObject(with: Data(json))) == nil)
            case .wrongType:
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
                let lines = try #require(object["lines"] as? [[String: Any]])
                #expect(lines.first?["quantity"] is String)
            case .none:
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
                #expect(
                    Set(object.keys) == [
                        "event_id", "order_id", "customer_id", "customer_email", "country", "lines", "status",
                        "occurred_at",
                    ])
                #expect(object["customer_id"] is Int && object["order_id"] is String)
                let lines = try #require(object["lines"] as? [[String: Any]])
                #expect(!lines.isEmpty && lines.allSatisfy { $0["quantity"] is Int && $0["unit_price"] is Double })
                #expect(["placed", "cancelled", "returned"].contains(object["status"] as? String))
                let occurred = try #require(object["occurred_at"] as? String)
                #expect(occurred.count == 20 && occurred.hasPrefix("2025-01-") && occurred.hasSuffix("Z"))
            }
            if event.isDuplicate {
                #expect(seen[event.eventID] == json, "a re-sent event repeats an earlier one byte for byte")
            } else {
                #expect(seen[event.eventID] == nil, "event ids are unique apart from re-sends")
                seen[event.eventID] = json
            }
        }
        let average = sizes / all.count
        #expect((250...350).contains(average), "about 300 bytes an event, got \(average)")
    }

    @Test("cancellations and returns follow a placed order with the same id, customer and lines")
    func laterEventsReferToPlacedOrders() throws {
        let all = try events(seed: 3, count: 5000)
        var placed: [String: OrderEvent] = [:]
        var later = 0
        for event in all {
            if event.status == .placed {
                placed[event.orderID] = event
            } else {
                later += 1
                let original = try #require(placed[event.orderID])
                #expect(original.customerID == event.customerID && original.lines == event.lines)
                #expect(original.occurredAt < event.occurredAt)
            }
        }
        #expect(later > 300)
    }

    @Test("CSV rows: one per line with 12 fields, a word quantity or a short row for malformed events")
    func csvRows() throws {
        let all = try events(seed: 5, count: 500, bad: 0.2)
        for event in all {
            var bytes: [UInt8] = []
            event.appendCSVRows(to: &bytes)
            let rows = try CSVTestParser.parse(String(decoding: bytes, as: UTF8.self))
            #expect(rows.count == event.lines.count)
            switch event.defect {
            case .invalidJSON: #expect(rows.first?.count == 4)
            case .wrongType: #expect(rows.first?.count == 12 && Int(rows.first?[10] ?? "") == nil)
            case .none: #expect(rows.allSatisfy { $0.count == 12 && Int($0[10]) != nil })
            }
        }
        #expect(OrderEvent.csvHeader.split(separator: ",").count == 12)
    }

    @Test("ratios outside 0...1 are refused in words")
    func ratios() {
        #expect(throws: OrderEventGeneratorError.ratioOutOfRange(name: "bad ratio", value: 1.5)) {
            _ = try OrderEventGenerator(seed: 1, badRatio: 1.5)
        }
        #expect(throws: OrderEventGeneratorError.self) {
            _ = try OrderEventGenerator(seed: 1, badRatio: 0.6, duplicateRatio: 0.6)
        }
    }
}
