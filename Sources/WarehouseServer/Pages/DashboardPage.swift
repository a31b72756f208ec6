public import WarehouseCore

/// `/`: the example warehouse's KPIs as charts (sales over time, top products, sales by country, returns, and the
/// totals), drawn in the browser from the KPI endpoints' JSON, and a list of every KPI the project serves.
///
/// A chart appears only when the project defines its KPI, so another project gets its KPI list and no broken
/// cards. Served, the script fetches the endpoints; as files, the responses are embedded in the page.
public enum DashboardPage {
    /// A KPI the dashboard can link to or chart.
    public struct KPI: Sendable, Equatable {
        public var name: String
        public var description: String
        /// The URL of its endpoint, with example values in place of path parameters.
        public var url: String

        public init(name: String, description: String, url: String) {
            self.name = name
            self.description = description
            self.url = url
        }

        /// A compiled KPI, at its route (path parameters left as `{name}`).
        public init(_ kpi: CompiledKPI) {
            self.init(name: kpi.name, description: kpi.definition.description, url: kpi.definition.route.description)
        }

        /// Whether the URL can be fetched as it is (it has no path parameter to fill in).
        var isFetchable: Bool { !url.contains("{") }
    }

    /// A chart of one KPI: `line` (rows in order), `bars` (the largest first) or `figures` (one row of totals).
    struct Chart {
        var kpi: String
        var title: String
        var kind: String
        var query: [String: String]
        /// Preferred label and value columns; absent ones fall back to the script's choice by type.
        var label: [String]
        var values: [String]
    }

    /// The charts, in page order; the query is what the chart asks the KPI for.
    static let charts = [
        Chart(kpi: "total_sales", title: "Totals", kind: "figures", query: [:], label: [], values: []),
        Chart(
            kpi: "sales_over_time", title: "Sales over time (monthly)", kind: "line", query: ["grain": "month"],
            label: ["month_start", "period", "date"], values: ["sales_revenue", "net_revenue"]),
        Chart(
            kpi: "top_products", title: "Top products by revenue", kind: "bars", query: ["n": "10"],
            label: ["description", "stock_code"], values: ["sales_revenue", "revenue"]),
        Chart(
            kpi: "sales_by_country", title: "Sales by country", kind: "bars", query: [:],
            label: ["country"], values: ["sales_revenue", "net_revenue"]),
        Chart(
            kpi: "returns", title: "Returns and cancellations (value per month)", kind: "line", query: [:],
            label: ["month_start", "month"], values: ["returns_value"]),
        Chart(
            kpi: "customer_summary", title: "Customers (total and loyal)", kind: "line", query: [:],
            label: ["month_start", "month"], values: ["total_customers", "loyal_customers"]),
    ]

    /// The URL a chart fetches: the KPI's endpoint with the chart's query.
    static func chartURL(_ chart: Chart, kpi: KPI) -> String {
        let query = chart.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return query.isEmpty ? kpi.url : kpi.url + "?" + query
    }

    /// The requests the charts of `kpis` make: each charted KPI's name and query parameters, for answers queried
    /// ahead of time (``StaticPages``).
    public static func chartRequests(for kpis: [CompiledKPI]) -> [(kpi: CompiledKPI, query: [String: String])] {
        charts.compactMap { chart in
            guard let kpi = kpis.first(where: { $0.name == chart.kpi && DashboardPage.KPI($0).isFetchable }) else {
                return nil
            }
            return (kpi, chart.query)
        }
    }

    /// The page.
    ///
    /// - Parameters:
    ///   - builtAt: when the warehouse was last built; nil when never, and the charts then say so instead of asking.
    ///   - data: for files, the JSON answers of the charted KPIs by name, as the endpoints wrote them (nil when
    ///     served: the script fetches them).
    public static func html(
        kpis: [KPI], builtAt: String?, data: [String: String]?, projectName: String, site: PageSite
    ) -> String {
        let byName = Dictionary(kpis.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let shown = charts.compactMap { chart in byName[chart.kpi].flatMap { $0.isFetchable ? (chart, $0) : nil } }
        let cards = shown.map { chart, _ in
            "<section class=\"card\"><h2>\(HTML.escape(chart.title))</h2><div id=\"chart-\(chart.kpi)\"></div></section>"
        }
        let config = JSON.object([
            "built": .bool(builtAt != nil),
            "embedded": .bool(data != nil),
            "charts": .array(
                shown.map { chart, kpi in
                    .object([
                        "kpi": .string(chart.kpi), "kind": .string(chart.kind),
                        "url": .string(chartURL(chart, kpi: kpi)),
                        "label": JSON(chart.label), "values": JSON(chart.values),
                    ])
                }),
        ])
        let built = builtAt.map { "Data as of the build at \(HTML.escape($0))." } ?? "The warehouse is not built yet."
        let list = kpis.map { kpi in
            let name =
                site == .served && kpi.isFetchable
                ? "<a href=\"\(HTML.escape(kpi.url))\">\(HTML.escape(kpi.url))</a>" : HTML.escape(kpi.url)
            return
                "<tr><td><code>\(HTML.escape(kpi.name))</code></td><td>\(name)</td><td>\(HTML.escape(kpi.description))</td></tr>"
        }
        let body = """
            <h1>Dashboard</h1>
            <p class="muted">\(built)</p>
            \(cards.isEmpty ? "" : "<div class=\"grid\">\(cards.joined(separator: "\n"))</div>")
            <section class="card" style="margin-top:16px"><h2>KPI endpoints</h2>
            \(kpis.isEmpty
                ? "<p class=\"empty\">The project defines no KPIs (a <code>kpis:</code> list in a property file).</p>"
                : "<table><tr><th>KPI</th><th>endpoint</th><th>description</th></tr>\(list.joined())</table>")
            <p class="muted">Every endpoint is described in the <a href="\(site.href(.apiDocs))">API docs</a>.</p>
            </section>
            \(HTML.dataScript(id: "dashboard-config", config))
            \((data ?? [:]).sorted { $0.key < $1.key }.map { HTML.dataScript(id: "kpi-\($0.key)", json: $0.value) }.joined())
            """
        return PageShell.html(
            .dashboard, site: site, projectName: projectName, body: body, script: DashboardScript.source)
    }
}
