import Testing

@testable import WarehouseCore

@Suite struct EphemeralInjectionTests {
    private let cte = EphemeralInjection.CTE(name: "__dbt__cte__stg", sql: "select 1 as id")

    @Test func prependsWithWhenTheConsumerHasNone() {
        #expect(
            EphemeralInjection.inject([cte], into: "\nselect * from __dbt__cte__stg")
                == "\nwith __dbt__cte__stg as (\nselect 1 as id\n) select * from __dbt__cte__stg")
    }

    @Test func mergesIntoALeadingWith() {
        #expect(
            EphemeralInjection.inject([cte], into: "WITH a as (select 2) select * from a, __dbt__cte__stg")
                == "WITH  __dbt__cte__stg as (\nselect 1 as id\n), a as (select 2) select * from a, __dbt__cte__stg")
    }

    /// dbt-utils' equality test opens with `-- setup` before its `with`; sqlparse looks past comments for it.
    @Test func findsALeadingWithPastComments() {
        #expect(
            EphemeralInjection.inject([cte], into: "-- setup\n/* a */ with a as (select 2) select * from a")
                == "-- setup\n/* a */ with  __dbt__cte__stg as (\nselect 1 as id\n), a as (select 2) select * from a")
    }

    @Test func keepsRecursiveFirst() {
        #expect(
            EphemeralInjection.inject([cte], into: "with recursive r as (select 1) select * from r")
                == "with recursive  __dbt__cte__stg as (\nselect 1 as id\n), r as (select 1) select * from r")
    }

    @Test func aWordStartingWithWithIsNotTheKeyword() {
        #expect(
            EphemeralInjection.inject([cte], into: "without_table")
                == "with __dbt__cte__stg as (\nselect 1 as id\n) without_table")
    }

    @Test func severalCTEsKeepTheirOrder() {
        let second = EphemeralInjection.CTE(name: "__dbt__cte__b", sql: "select 2")
        #expect(
            EphemeralInjection.inject([cte, second], into: "select 1")
                == "with __dbt__cte__stg as (\nselect 1 as id\n),  __dbt__cte__b as (\nselect 2\n) select 1")
    }
}
