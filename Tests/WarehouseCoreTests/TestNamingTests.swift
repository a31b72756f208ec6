import SQLTemplate
import Testing

@testable import WarehouseCore

@Suite struct TestNamingTests {
    @Test func shortNamesKeepEveryArgument() {
        let names = TestNaming.names(
            testType: "accepted_values", targetName: "orders",
            arguments: ["column_name": .string("status"), "values": .list([.string("paid"), .string("new-ish")])])
        #expect(names.full == "accepted_values_orders_status__paid__new_ish")
        #expect(names.short == names.full)
    }

    // Expected values from dbt's synthesize_generic_test_names run in Python, whose len() and slices count code
    // points: 30 "é" written as e + combining accent are 30 Characters but 60 code points.
    @Test func lengthAndTruncationCountCodePointsAsPythonDoes() {
        let target = String(repeating: "e\u{0301}", count: 30)
        let names = TestNaming.names(
            testType: "not_null", targetName: target, arguments: ["column_name": .string("id")])
        #expect(names.full == "not_null_\(target)_id")
        let prefix = "not_null_" + String(repeating: "e\u{0301}", count: 10) + "e"
        #expect(names.short == "\(prefix)_c5593c2d4a5cd39de69541d3fa3e22f9")
    }
}
