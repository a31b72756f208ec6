import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresClient
import Testing
import WarehouseTesting

/// Each KPI of the example warehouse over real HTTP answers the figures the test computes itself: from the seed CSV
/// (`ExampleWarehouseFigures`) or with SQL over the raw seed in bronze, never by reading the gold view it serves.
@Suite struct KPIFigureTests {
    /// The seed's lines: duplicates (equal in all eight fields) dropped, as models/README.md defines them.
    private static let lines = "with lines as (select distinct * from bronze.retail_history)"

    private func bronze(_ sql: String, _ built: BuiltExampleWarehouse.Built) async throws -> [[String?]] {
        try await TestDatabase.rows(Self.lines + "\n" + sql, in: built.database)
    }

    private func figures(_ built: BuiltExampleWarehouse.Built) throws -> ExampleWarehouseFigures {
        try ExampleWarehouseFigures(
            csv: built.project.appendingPathComponent("seeds/retail_history.csv"), loyalMinimumOrders: 3)
    }

    @Test func totalSalesAndTopProductsEqualTheCSVFigures() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        let expected = try figures(built)
        let december = try await bronze(
            """
            select sum(quantity * unit_price) filter (where invoice_no not like 'C%')::text
            from lines where invoice_date::date between '2023-12-01' and '2023-12-31'
            """, built)
        let top25 = try await bronze(
            """
            select stock_code, (sum(quantity * unit_price))::text from lines where invoice_no not like 'C%'
            group by stock_code order by sum(quantity * unit_price) desc, stock_code collate "C" limit 25
            """, built)
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let total = try await client.get("/api/kpis/total_sales")
            #expect(total.status == .ok)
            #expect(total.headers[.contentType] == "application/json")
            let row = try #require(total.records.first)
            #expect(cents(row["sales_revenue"]) == expected.salesRevenueCents)
            #expect(cents(row["returns_value"]) == expected.returnsValueCents)
            // numeric keeps Postgres's digits: the trailing zero of 197638.50 is still there.
            let revenueText =
                "\(expected.salesRevenueCents / 100).\(String(format: "%02d", expected.salesRevenueCents % 100))"
            #expect(total.text.contains(",\(revenueText),"))
            #expect(total.json["built_at"] is NSNull)
            #expect(total.json["next"] is NSNull)

            let inDecember = try await client.get("/api/kpis/total_sales?start=2023-12-01&end=2023-12-31")
            #expect(cents(inDecember.records.first?["sales_revenue"]) == cents(december.first?.first ?? nil))

            let top = try await client.get("/api/kpis/top_products?n=1")
            #expect(top.records.first?["stock_code"] as? String == expected.topProduct.stockCode)
            #expect(cents(top.records.first?["sales_revenue"]) == expected.topProduct.revenueCents)
            #expect(try await client.get("/api/kpis/top_products").rows.count == 10)
            let many = try await client.get("/api/kpis/top_products?n=25")
            #expect(many.records.map { $0["stock_code"] as? String } == top25.map { $0[0] })
            #expect(many.records.map { cents($0["sales_revenue"]) } == top25.map { cents($0[1]) })
            #expect(many.records.map { $0["revenue_rank"] as? Int } == Array(1...25))
        }
    }

    @Test func salesOverTimeByMonthAndByDayEqualSumsOverBronze() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        let monthly = try await bronze(
            """
            select to_char(date_trunc('month', invoice_date), 'YYYY-MM-DD'),
                sum(quantity * unit_price) filter (where invoice_no not like 'C%')::text,
                (-coalesce(sum(quantity * unit_price) filter (where invoice_no like 'C%'), 0))::text,
                count(distinct invoice_no) filter (where invoice_no not like 'C%')::text
            from lines group by 1 order by 1
            """, built)
        let march = try await bronze(
            """
            select invoice_date::date::text, sum(quantity * unit_price)::text from lines
            where invoice_date::date between '2024-03-01' and '2024-03-31' group by 1 order by 1
            """, built)
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let months = try await client.get("/api/kpis/sales_over_time?grain=month")
            #expect(months.status == .ok)
            #expect(months.records.map { $0["period_start"] as? String } == monthly.map { $0[0] })
            #expect(months.records.map { cents($0["sales_revenue"]) } == monthly.map { cents($0[1]) })
            #expect(months.records.map { cents($0["returns_value"]) } == monthly.map { cents($0[2]) })
            #expect(months.records.map { ($0["orders"] as? Int).map(String.init) } == monthly.map { $0[3] })
            // month is the default grain
            #expect(try await client.get("/api/kpis/sales_over_time").text == months.text)

            let days = try await client.get("/api/kpis/sales_over_time?grain=day&start=2024-03-01&end=2024-03-31")
            #expect(days.records.map { $0["period_start"] as? String } == march.map { $0[0] })
            #expect(days.records.map { cents($0["net_revenue"]) } == march.map { cents($0[1]) })
            let columns = (days.json["columns"] as? [[String: String]])?.map {
                "\($0["name"] ?? ""):\($0["type"] ?? "")"
            }
            #expect(columns?.first == "period_start:date")
            #expect(columns?.contains("sales_revenue:numeric") == true)
        }
    }

    @Test func salesByCountryCustomersAndReturnsEqualBronze() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        let expected = try figures(built)
        let countries = try await bronze(
            """
            select country, sum(quantity * unit_price) filter (where invoice_no not like 'C%')::text from lines
            group by country order by 1
            """, built)
        let isles = try await bronze(
            """
            select distinct lines.country from lines
            join bronze.countries on countries.country = lines.country where countries.region = 'British Isles'
            order by 1
            """, built)
        let customers = try await bronze(
            """
            select count(distinct customer_id)::text from lines
            where invoice_no not like 'C%' and coalesce(customer_id, '') <> ''
            """, built)
        let returns = try await bronze(
            """
            select to_char(date_trunc('month', invoice_date), 'YYYY-MM-DD'), count(distinct invoice_no)::text,
                (-sum(quantity * unit_price))::text
            from lines where invoice_no like 'C%' group by 1 order by 1
            """, built)
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let byCountry = try await client.get("/api/kpis/sales_by_country")
            let served = byCountry.records.map { ($0["country"] as? String ?? "", cents($0["sales_revenue"])) }
            #expect(served.sorted { $0.0 < $1.0 }.map(\.0) == countries.map { $0[0] ?? "" })
            #expect(served.sorted { $0.0 < $1.0 }.map(\.1) == countries.map { cents($0[1]) })
            let revenues = served.map { $0.1 ?? 0 }
            #expect(revenues == revenues.sorted(by: >), "ordered by sales revenue, best first")
            let british = try await client.get("/api/kpis/sales_by_country?region=British%20Isles")
            #expect(british.records.compactMap { $0["country"] as? String }.sorted() == isles.map { $0[0] ?? "" })

            let summary = try await client.get("/api/kpis/customer_summary")
            let last = try #require(summary.records.last)
            #expect((last["total_customers"] as? Int).map(String.init) == customers.first?.first ?? nil)
            #expect(last["loyal_customers"] as? Int == expected.loyalCustomers)
            let since = try await client.get("/api/kpis/customer_summary?start=2024-06-01&end=2024-08-01")
            #expect(since.records.map { $0["month_start"] as? String } == ["2024-06-01", "2024-07-01", "2024-08-01"])

            let monthly = try await client.get("/api/kpis/returns")
            #expect(monthly.records.map { $0["month_start"] as? String } == returns.map { $0[0] })
            #expect(
                monthly.records.map { ($0["cancelled_invoices"] as? Int).map(String.init) } == returns.map { $0[1] })
            #expect(monthly.records.map { cents($0["returns_value"]) } == returns.map { cents($0[2]) })
        }
    }

    @Test func perCustomerSpendOrdersAndReturnsEqualBronze() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        let customer = try #require(
            try await bronze(
                """
                select customer_id from lines where invoice_no like 'C%' and coalesce(customer_id, '') <> ''
                group by 1 order by count(*) desc, customer_id limit 1
                """, built
            ).first?.first ?? nil)
        let spend = try await bronze(
            """
            select sum(quantity * unit_price) filter (where invoice_no not like 'C%')::text,
                (-sum(quantity * unit_price) filter (where invoice_no like 'C%'))::text, sum(quantity * unit_price)::text
            from lines where customer_id = '\(customer)'
            """, built)
        let invoices = try await bronze(
            """
            select invoice_no, sum(quantity * unit_price)::text from lines where customer_id = '\(customer)'
            group by invoice_no order by min(invoice_date), invoice_no collate "C"
            """, built)
        let returned = try await bronze(
            """
            select invoice_no, stock_code, (-quantity)::text, (-quantity * unit_price)::text from lines
            where customer_id = '\(customer)' and invoice_no like 'C%' order by invoice_date, invoice_no, stock_code
            """, built)
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let served = try await client.get("/api/customers/\(customer)/spend")
            let row = try #require(served.records.first)
            #expect(served.rows.count == 1)
            #expect(cents(row["gross_spend"]) == cents(spend[0][0]))
            #expect(cents(row["returns_value"]) == cents(spend[0][1]))
            #expect(cents(row["net_spend"]) == cents(spend[0][2]))

            let orders = try await client.get("/api/customers/\(customer)/orders")
            #expect(orders.records.map { $0["invoice_no"] as? String } == invoices.map { $0[0] })
            #expect(orders.records.map { cents($0["invoice_total"]) } == invoices.map { cents($0[1]) })
            let timestamp = try #require(orders.records.first?["invoice_ts"] as? String)
            #expect(timestamp.count == 19 && Array(timestamp)[10] == "T", "ISO-8601: \(timestamp)")

            let returns = try await client.get("/api/customers/\(customer)/returns")
            #expect(returns.records.map { $0["invoice_no"] as? String } == returned.map { $0[0] })
            #expect(returns.records.map { $0["stock_code"] as? String } == returned.map { $0[1] })
            #expect(returns.records.map { ($0["returned_units"] as? Int).map(String.init) } == returned.map { $0[2] })
            #expect(returns.records.map { cents($0["returned_value"]) } == returned.map { cents($0[3]) })

            let escaped = customer.unicodeScalars.map { "%" + String($0.value, radix: 16, uppercase: true) }.joined()
            #expect(try await client.get("/api/customers/\(escaped)/spend").text == served.text)

            let nobody = try await client.get("/api/customers/00000/spend")
            #expect(nobody.status == .ok)
            #expect(nobody.rows.isEmpty)
        }
    }

    @Test func pagesFollowTheirNextLinksToTheWholeResult() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let whole = try await client.get("/api/kpis/sales_over_time?grain=day")
            #expect(whole.rows.count > 300)
            var uri: String? = "/api/kpis/sales_over_time?grain=day&limit=100"
            var pages: [KPIResponse] = []
            while let next = uri {
                let page = try await client.get(next)
                #expect(page.status == .ok)
                pages.append(page)
                uri = page.json["next"] as? String
                #expect(page.headers[values: .init("Link")!].first == uri.map { "<\($0)>; rel=\"next\"" })
            }
            #expect(pages.count == (whole.rows.count + 99) / 100)
            #expect(pages.first?.json["next"] as? String == "/api/kpis/sales_over_time?grain=day&limit=100&offset=100")
            #expect(pages.map { $0.json["offset"] as? Int } == pages.indices.map { $0 * 100 })
            #expect(
                pages.flatMap(\.records).map { $0["period_start"] as? String }
                    == whole.records.map { $0["period_start"] as? String })
        }
    }

    @Test func csvComesWithAHeaderAndQuotedFields() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let json = try await client.get("/api/kpis/top_products?n=3")
            let csv = try await client.get("/api/kpis/top_products?n=3&format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "revenue_rank,stock_code,description,category,orders,units_sold,sales_revenue")
            #expect(lines.count == 4)
            let first = try #require(json.records.first)
            let expectedLine = [
                "1", first["stock_code"] as? String ?? "", first["description"] as? String ?? "",
                first["category"] as? String ?? "", "\(first["orders"] ?? "")", "\(first["units_sold"] ?? "")",
            ].map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
            #expect(lines[1].hasPrefix(expectedLine + ","))
            let accepted = try await client.get("/api/kpis/top_products?n=3", headers: [.accept: "text/csv"])
            #expect(accepted.text == csv.text)
        }
    }
}
