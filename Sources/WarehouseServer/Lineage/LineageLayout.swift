import WarehouseCore

/// Places a graph's nodes in columns by depth (the longest path from a node without parents, so every edge points
/// right) and orders each column to keep edges short.
enum LineageLayout {
    /// Each node's column and row; `parents` lists every node, its parents among the listed ones.
    static func place(parents: [NodeID: [NodeID]]) -> [NodeID: (depth: Int, row: Int)] {
        var depths: [NodeID: Int] = [:]
        func depth(of id: NodeID, visiting: Set<NodeID>) -> Int {
            if let known = depths[id] { return known }
            // The compiler rejects cycles; the guard only keeps a malformed graph from recursing forever.
            let own =
                (parents[id] ?? []).filter { !visiting.contains($0) }
                .map { depth(of: $0, visiting: visiting.union([id])) + 1 }.max() ?? 0
            depths[id] = own
            return own
        }
        for id in parents.keys.sorted() { _ = depth(of: id, visiting: []) }
        // A node without parents (a seed, a source, a date spine) sits just before its first child rather than in
        // the first column, so its edges stay short.
        var children: [NodeID: [NodeID]] = [:]
        for (child, list) in parents { for parent in list { children[parent, default: []].append(child) } }
        for (id, list) in parents where list.isEmpty {
            if let first = children[id]?.compactMap({ depths[$0] }).min() { depths[id] = max(0, first - 1) }
        }

        var columns: [[NodeID]] = Array(repeating: [], count: (depths.values.max() ?? -1) + 1)
        for id in parents.keys.sorted() { columns[depths[id] ?? 0].append(id) }
        var rows: [NodeID: Int] = [:]
        for (index, column) in columns.enumerated() {
            // Each node goes near the mean row of its parents (the barycenter heuristic); roots keep name order.
            let ordered =
                index == 0
                ? column
                : column.enumerated().sorted { left, right in
                    let (a, b) = (barycenter(left.element, parents, rows), barycenter(right.element, parents, rows))
                    return a != b ? a < b : left.offset < right.offset
                }.map(\.element)
            for (row, id) in ordered.enumerated() { rows[id] = row }
        }
        return Dictionary(uniqueKeysWithValues: parents.keys.map { ($0, (depths[$0] ?? 0, rows[$0] ?? 0)) })
    }

    private static func barycenter(_ id: NodeID, _ parents: [NodeID: [NodeID]], _ rows: [NodeID: Int]) -> Double {
        let placed = (parents[id] ?? []).compactMap { rows[$0] }
        return placed.isEmpty ? .infinity : Double(placed.reduce(0, +)) / Double(placed.count)
    }
}
