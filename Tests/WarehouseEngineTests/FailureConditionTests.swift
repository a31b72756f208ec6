import Testing
import WarehouseCore

@testable import WarehouseEngine

@Suite("warn_if / error_if thresholds and test configs")
struct FailureConditionTests {
    @Test(
        "an operator and a number are accepted and written back as SQL",
        arguments: [
            ("!= 0", "count(*) != 0"), (">10", "count(*) > 10"), (" >= 5 ", "count(*) >= 5"), ("<1", "count(*) < 1"),
            ("<>0", "count(*) <> 0"), ("== 3", "count(*) = 3"), ("=3", "count(*) = 3"), ("<= 2.5", "count(*) <= 2.5"),
            ("> -1", "count(*) > -1"),
        ])
    func accepted(text: String, sql: String) {
        #expect(FailureCondition(parsing: text)?.sql(of: "count(*)") == sql)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "0", "> ", "10 >", "> 1; drop table x", "> 1 or true", "=> 3", "> 1.", "> .5", "> 1e3", "> ١",
            "!= 0 --", "is not null",
        ])
    func refused(text: String) {
        #expect(FailureCondition(parsing: text) == nil)
    }

    @Test("a compiled node's configs map to a test config; unset ones take dbt's defaults")
    func configMapping() throws {
        var config = NodeConfig(defaultsFor: .test)
        #expect(TestConfig(config) == TestConfig(severity: .error, warnIf: "!= 0", errorIf: "!= 0"))
        config.severity = "WARN"
        config.warnIf = ">5"
        config.errorIf = nil
        config.limit = 7
        config.storeFailures = true
        #expect(
            TestConfig(config)
                == TestConfig(severity: .warn, warnIf: ">5", errorIf: "!= 0", limit: 7, storeFailures: true))
    }

    @Test("the verdict follows dbt: severity error fails on error_if, otherwise warn_if warns")
    func verdicts() {
        #expect(TestOutcome.verdict(severity: .error, shouldWarn: true, shouldError: true) == .fail)
        #expect(TestOutcome.verdict(severity: .error, shouldWarn: true, shouldError: false) == .warn)
        #expect(TestOutcome.verdict(severity: .error, shouldWarn: false, shouldError: true) == .fail)
        #expect(TestOutcome.verdict(severity: .warn, shouldWarn: false, shouldError: true) == .pass)
        #expect(TestOutcome.verdict(severity: .warn, shouldWarn: true, shouldError: true) == .warn)
        #expect(TestOutcome.verdict(severity: .error, shouldWarn: false, shouldError: false) == .pass)
    }
}
