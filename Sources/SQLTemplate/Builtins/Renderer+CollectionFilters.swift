extension Renderer {
    /// Jinja's `slice` and `groupby`.
    func collectionFilter(_ filter: FilterName, _ value: Value, _ arguments: Arguments, at position: Position)
        throws(TemplateError) -> Value
    {
        let items = try iterate(value, at: position)
        switch filter {
        case .slice:
            guard let count = try integerArgument(arguments, 0, "slices", in: "slice"), count > 0 else {
                throw fail(.wrongArguments, "slice needs a positive number of slices", at: position)
            }
            let fill = arguments.value(at: 1, named: "fill_with").flatMap { $0.isNone ? nil : $0 }
            let perSlice = items.count / count
            let withExtra = items.count % count
            var offset = 0
            var slices: [Value] = []
            for number in 0..<count {
                let start = offset + number * perSlice
                if number < withExtra { offset += 1 }
                let end = offset + (number + 1) * perSlice
                var slice = Array(items[start..<end])
                if let fill, number >= withExtra { slice.append(fill) }
                slices.append(.list(ListStorage(slice)))
            }
            return .list(ListStorage(slices))
        default:
            guard let attribute = arguments.value(at: 0, named: "attribute") else {
                throw fail(.wrongArguments, "groupby needs the attribute to group by", at: position)
            }
            let fallback = arguments.value(at: 1, named: "default")
            let caseSensitive = arguments.value(at: 2, named: "case_sensitive")?.isTruthy ?? false
            func key(_ item: Value) throws(TemplateError) -> Value {
                let found = try lookupPath(attribute, in: item, at: position)
                if found.isUndefined, let fallback { return fallback }
                return found
            }
            let ordered = try sorted(items, descending: false, caseInsensitive: !caseSensitive, at: arguments, key: key)
            var groups: [Value] = []
            var current: (key: Value, items: [Value])?
            for item in ordered {
                var itemKey = try key(item)
                if !caseSensitive, case .string(let text) = itemKey { itemKey = .string(text.lowercased()) }
                if let group = current, group.key.pythonEquals(itemKey) {
                    current?.items.append(item)
                    continue
                }
                if let group = current { groups.append(.object(try makeGroup(group.items))) }
                current = (itemKey, [item])
            }
            if let group = current { groups.append(.object(try makeGroup(group.items))) }
            return .list(ListStorage(groups))

            // The grouper is the first item's own value, not the lowercased key (Jinja 3.1).
            func makeGroup(_ members: [Value]) throws(TemplateError) -> GroupTuple {
                GroupTuple(grouper: try key(members[0]), list: members)
            }
        }
    }
}
