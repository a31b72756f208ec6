import SQLTemplate
import Testing
import WarehouseCore
import WarehouseIngest

/// Posted events checked against a Kafka source's declared columns: what passes, and every problem of what does not.
@Suite struct KafkaEventValidatorTests {
    private static let source = KafkaSourceSettings(
        name: "orders", topics: ["orders"], table: IngestTable(schema: "bronze", name: "order_events"),
        columns: [
            .init(name: "event_id", path: "event_id", type: "text"),
            .init(name: "order_id", path: "order_id", type: "text"),
            .init(name: "customer_id", path: "customer_id", type: "text", required: false),
            .init(name: "status", path: "status", type: "varchar(9)"),
            .init(name: "occurred_at", path: "occurred_at", type: "timestamptz"),
            .init(name: "amount", path: "amount", type: "numeric(6,2)", required: false),
            .init(name: "first_line_quantity", path: "lines.0.quantity", type: "integer"),
            .init(name: "gift", path: "gift", type: "boolean", required: false),
        ],
        key: "order_id", location: SourceLocation(path: "project.yml", line: 1, column: 1))

    private let validator = KafkaEventValidator(source: source)

    private static func event(_ fields: String = "") -> String {
        #"{"event_id":"e1","order_id":"o1","status":"placed","occurred_at":"2026-12-05T10:00:00Z""# + fields + "}"
    }

    private func events(_ body: String) -> [KafkaEvent]? {
        try? validator.events(in: Array(body.utf8)).get()
    }

    /// The problems as `index field: reason`.
    private func problems(_ body: String) -> [String] {
        guard case .failure(let rejection) = validator.events(in: Array(body.utf8)) else { return [] }
        return rejection.problems.map { "\($0.index.map(String.init) ?? "-") \($0.field ?? "-"): \($0.reason)" }
    }

    @Test func oneEventOrAListKeepsTheBytesAsPostedAndTheKey() throws {
        let one = Self.event(#","lines":[{"quantity":3}],"extra":{"kept":[1,2]}"#)
        #expect(events(one) == [KafkaEvent(value: Array(one.utf8), key: Array("o1".utf8))])
        let second = #"{"event_id": "e2", "order_id": 42, "status": "paid", "occurred_at": "2026-12-05 10:00"}"#
        let list = try #require(events(" [ \(one) ,\n\(second) ] "))
        #expect(list.map { String(decoding: $0.value, as: UTF8.self) } == [one, second])
        #expect(list.map { $0.key.map { String(decoding: $0, as: UTF8.self) } } == ["o1", "42"])
    }

    @Test func requiredAreTheTopLevelPathsUnlessSaidOtherwise() {
        #expect(
            problems(#"{"event_id":"e1","status":"placed","occurred_at":null}"#) == [
                "0 order_id: required, but missing", "0 occurred_at: required, but null",
            ])
        // customer_id says `required: false`; lines.0.quantity is nested, so optional by default.
        #expect(events(Self.event(#","customer_id":null"#))?.count == 1)
        let nestedRequired = KafkaEventValidator(
            source: KafkaSourceSettings(
                name: "s", topics: ["t"], table: IngestTable(schema: "b", name: "t"),
                columns: [.init(name: "q", path: "lines.0.quantity", type: "integer", required: true)],
                location: SourceLocation(path: "project.yml", line: 1, column: 1)))
        #expect((try? nestedRequired.events(in: Array(#"{"lines":[]}"#.utf8)).get()) == nil)
    }

    @Test func valuesMustFitTheirTypes() {
        let body =
            "[" + Self.event(#","lines":[{"quantity":"three"}],"amount":12345.5,"gift":"maybe""#) + ","
            + #"{"event_id":"e2","order_id":"o2","status":"cancelled-late","occurred_at":"yesterday","amount":"""#
            + #","lines":[{"quantity":2147483648}]}"# + "]"
        #expect(
            problems(body) == [
                "0 amount: '12345.5' does not fit numeric(6,2): at most 4 digits before the point (column amount is numeric(6,2))",
                "0 lines.0.quantity: 'three' is not a whole number (column first_line_quantity is integer)",
                "0 gift: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0) (column gift is boolean)",
                "1 status: 'cancelled-late' is 14 characters long, more than the 9 allowed (column status is varchar(9))",
                "1 occurred_at: 'yesterday' is not a timestamp in the form YYYY-MM-DD HH:MM:SS (column occurred_at is timestamptz)",
                "1 amount: '' is empty (column amount is numeric(6,2))",
                "1 lines.0.quantity: '2147483648' is out of range for integer (column first_line_quantity is integer)",
            ])
        // Numbers in strings and any JSON value in a text column are what ingest stores, so they pass.
        #expect(events(Self.event(#","amount":"12.50","gift":true,"lines":[{"quantity":"7"}]"#))?.count == 1)
        #expect(events(#"{"event_id":{"a":1},"order_id":[1],"status":true,"occurred_at":"2026-12-05"}"#)?.count == 1)
    }

    @Test func aBadEventAmongGoodOnesRejectsTheWholeBody() throws {
        let body = "[\(Self.event()),\(Self.event()),\"text\",7,\(Self.event())]"
        let rejection = try #require(validator.events(in: Array(body.utf8)).failure)
        #expect(rejection.eventCount == 5)
        #expect(rejection.invalidEventCount == 2)
        #expect(rejection.summary == "2 of 5 events are invalid; none was produced")
        #expect(
            problems(body) == [
                "2 -: an event must be a JSON object, found a string",
                "3 -: an event must be a JSON object, found a number",
            ])
    }

    @Test func bodiesThatAreNotEvents() {
        #expect(
            problems(#"{"event_id": "e1""#) == ["- -: the body is not valid JSON: the object is not closed at byte 17"])
        #expect(problems("[]") == ["- -: the list holds no event; post an object or a list of them"])
        #expect(
            problems("") == ["- -: the body is not valid JSON: the document ends where a value should be at byte 0"])
        #expect(problems(#"[[{"event_id":"e1"}]]"#) == ["0 -: an event must be a JSON object, found a list"])
        var latin1 = Array(Self.event(#","note":"caf"#).utf8)
        latin1.insert(0xE9, at: latin1.count - 2)
        guard case .failure(let rejection) = validator.events(in: latin1) else {
            Issue.record("a body that is not UTF-8 passed")
            return
        }
        #expect(rejection.problems.map(\.reason) == ["the body is not UTF-8 text"])
    }

    @Test func aNullCharacterIsRefusedButAnEscapedBackslashBeforeUIsNot() {
        #expect(
            problems(Self.event(#","note":"a\u0000b""#)) == [
                #"0 -: the event holds \u0000, which Postgres's jsonb cannot store"#
            ])
        #expect(events(Self.event(#","note":"a\\u0000b""#))?.count == 1)
    }

    @Test func anEventLargerThanAKafkaMessageIsRefused() {
        let note = String(repeating: "x", count: KafkaEventValidator.maximumEventBytes)
        let big = Self.event(#","note":""# + note + #"""#)
        #expect(
            problems("[\(Self.event()),\(big)]") == [
                "1 -: the event is \(big.utf8.count) bytes, more than the 990000 a message may be"
            ])
    }

    @Test func longListsOfProblemsAreCutButCounted() throws {
        let body = "[" + Array(repeating: "{}", count: 60).joined(separator: ",") + "]"
        let rejection = try #require(validator.events(in: Array(body.utf8)).failure)
        #expect(rejection.problems.count == KafkaEventValidator.maximumProblems)
        #expect(rejection.total == 60 * 4)
        #expect(rejection.invalidEventCount == 60)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
