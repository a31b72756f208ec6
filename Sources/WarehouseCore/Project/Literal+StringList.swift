public import SQLTemplate

extension Literal {
    /// A config value written as a string or a list of strings (`unique_key='id'`, `unique_key=['a', 'b']`), as a
    /// list; nil for any other shape.
    public var stringList: [String]? {
        if let single = stringValue { return [single] }
        guard let list = listValue, list.allSatisfy({ $0.stringValue != nil }) else { return nil }
        return list.compactMap(\.stringValue)
    }
}
