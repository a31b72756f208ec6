public import WarehouseCore

/// `/lineage`: the model graph, drawn as SVG on the server.
///
/// One column per depth, coloured by layer, each node with its materialization, last outcome and test results. Clicking a node shows its SQL, columns and tests (a small
/// script reading the graph's data embedded in the page).
public enum LineagePage {
    static let nodeWidth = 210
    static let nodeHeight = 52
    static let columnGap = 80
    static let rowGap = 16
    static let margin = 16

    public static func html(_ graph: LineageGraph, projectName: String, site: PageSite) -> String {
        let body: String
        if graph.nodes.isEmpty {
            body = """
                <h1>Lineage</h1>
                <p class="empty">The project has no models, seeds or sources yet.</p>
                """
        } else {
            body = """
                <h1>Lineage</h1>
                <p class="muted">\(summary(graph)) Click a node for its SQL, columns and tests.</p>
                <div class="lineage">
                <div class="canvas">\(svg(graph))</div>
                <aside class="card" id="details"><p class="muted">No node selected.</p></aside>
                </div>
                \(HTML.dataScript(id: "lineage-data", data(graph)))
                """
        }
        return PageShell.html(.lineage, site: site, projectName: projectName, body: body, script: LineageScript.source)
    }

    /// A line on what the graph holds and when it was last built.
    private static func summary(_ graph: LineageGraph) -> String {
        let tests = graph.nodes.reduce(0) { $0 + $1.tests.count }
        let failing = graph.nodes.flatMap(\.tests).filter { ["fail", "error"].contains($0.outcome?.status) }.count
        let built = graph.nodes.compactMap(\.outcome?.finishedAt).max()
        var text = "\(graph.nodes.count) nodes, \(tests) tests"
        if failing > 0 { text += " (\(failing) failing)" }
        text += built.map { ". Last built \(HTML.escape($0))." } ?? ". Not built yet: run `wh build`."
        return text
    }

    /// The drawing: edges first, so nodes sit on top of them.
    static func svg(_ graph: LineageGraph) -> String {
        let columns = (graph.nodes.map(\.depth).max() ?? 0) + 1
        let rows = (graph.nodes.map(\.row).max() ?? 0) + 1
        let width = margin * 2 + columns * nodeWidth + (columns - 1) * columnGap
        let height = margin * 2 + rows * nodeHeight + (rows - 1) * rowGap
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
                + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"model graph\">"
        ]
        for edge in graph.edges {
            let (parent, child) = (origin(of: graph.nodes[edge.parent]), origin(of: graph.nodes[edge.child]))
            let (x1, y1) = (parent.x + nodeWidth, parent.y + nodeHeight / 2)
            let (x2, y2) = (child.x, child.y + nodeHeight / 2)
            let bend = (x2 - x1) / 2
            parts.append("<path class=\"edge\" d=\"M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)\"/>")
        }
        for (index, node) in graph.nodes.enumerated() { parts.append(box(node, index: index)) }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func origin(of node: LineageGraph.Node) -> (x: Int, y: Int) {
        (margin + node.depth * (nodeWidth + columnGap), margin + node.row * (nodeHeight + rowGap))
    }

    private static func box(_ node: LineageGraph.Node, index: Int) -> String {
        let (x, y) = origin(of: node)
        let band = ["bronze", "silver", "gold"].contains(node.layer) ? node.layer : "other"
        // Sources are loaded outside the build: they have no outcome of their own, only their tests'.
        let status = node.outcome?.status ?? (node.resourceType == .source ? "external" : "not built")
        let passed = node.tests.filter { ["pass", "success"].contains($0.outcome?.status) }.count
        let failed = node.tests.filter { ["fail", "error"].contains($0.outcome?.status) }.count
        var testText = ""
        if failed > 0 {
            testText = "✗ \(failed) of \(node.tests.count) tests failing"
        } else if passed > 0 {
            testText = "✓ \(passed)/\(node.tests.count) tests passed"
        } else if !node.tests.isEmpty {
            testText = "\(node.tests.count) tests"
        }
        let testClass = failed > 0 ? "status-fail" : passed > 0 && passed == node.tests.count ? "status-pass" : ""
        return """
            <g class="node" data-index="\(index)" transform="translate(\(x),\(y))" tabindex="0">\
            <title>\(HTML.escape(node.id.rawValue))</title>\
            <rect width="\(nodeWidth)" height="\(nodeHeight)" rx="5"/>\
            <rect class="band \(band)" width="6" height="\(nodeHeight)" rx="2"/>\
            <text class="name" x="14" y="19">\(HTML.escape(truncated(node.name, to: 28)))</text>\
            <text x="14" y="36">\(HTML.escape(node.layer)) · \(HTML.escape(node.materialized)) · \
            <tspan class="\(statusClass(status))">\(HTML.escape(status))</tspan></text>\
            <text x="14" y="48" class="\(testClass)">\(testText)</text></g>
            """
    }

    private static func truncated(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func statusClass(_ status: String) -> String {
        "status-" + status.replacing(" ", with: "-")
    }

    /// What the details panel shows, one object per node in the order of `graph.nodes`.
    private static func data(_ graph: LineageGraph) -> JSON {
        func outcome(_ outcome: BuildStatuses.Outcome?) -> JSON {
            guard let outcome else { return .null }
            return .object([
                "status": .string(outcome.status), "finished_at": JSON(outcome.finishedAt),
                "message": .string(outcome.message),
            ])
        }
        return .array(
            graph.nodes.map { node in
                .object([
                    "id": .string(node.id.rawValue), "name": .string(node.name),
                    "resource_type": .string(node.resourceType.rawValue), "materialized": .string(node.materialized),
                    "relation": JSON(node.relation), "layer": .string(node.layer), "path": .string(node.path),
                    "description": .string(node.description), "sql": .string(node.sql),
                    "outcome": outcome(node.outcome),
                    "columns": .array(
                        node.columns.map {
                            .object([
                                "name": .string($0.name), "type": JSON($0.dataType),
                                "description": .string($0.description),
                            ])
                        }),
                    "tests": .array(
                        node.tests.map {
                            .object([
                                "name": .string($0.name), "kind": .string($0.kind), "column": JSON($0.column),
                                "outcome": outcome($0.outcome),
                            ])
                        }),
                ])
            })
    }
}
