/// One selector atom, such as `2+tag:nightly+` or `@stg_orders`: a method and value, widened through the graph.
struct SelectionCriterion: Hashable {
    var method: SelectorMethod
    var value: String
    /// Include ancestors (`+m`), up to this many generations when set (`2+m`).
    var parents: Bool = false
    var parentsDepth: Int?
    /// Include descendants (`m+`), up to this many generations when set (`m+3`).
    var children: Bool = false
    var childrenDepth: Int?
    /// `@m`: m, its descendants, and every ancestor of those.
    var childrensParents: Bool = false
}
