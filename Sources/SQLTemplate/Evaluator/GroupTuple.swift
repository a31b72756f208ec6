/// One group of Jinja's `groupby` filter: a named tuple `(grouper, list)`, read by attribute or unpacked.
final class GroupTuple: TemplateObject {
    let grouper: Value
    let list: Value

    init(grouper: Value, list: [Value]) {
        self.grouper = grouper
        self.list = .list(ListStorage(list))
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "grouper": grouper
        case "list": list
        default: nil
        }
    }

    var renderedString: String { "_GroupTuple(grouper=\(grouper.representation), list=\(list.representation))" }
}
