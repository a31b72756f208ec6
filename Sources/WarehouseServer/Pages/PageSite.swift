/// Where the pages are read: from `wh serve`, or as files `wh docs generate` wrote, which link to each other by
/// file name and cannot ask a server for data.
public enum PageSite: Sendable, Equatable {
    case served
    case files

    /// The pages, in the order of the navigation bar.
    enum Page: CaseIterable {
        case dashboard, lineage, apiDocs

        var title: String {
            switch self {
            case .dashboard: "Dashboard"
            case .lineage: "Lineage"
            case .apiDocs: "API"
            }
        }
    }

    /// The link to `page`.
    func href(_ page: Page) -> String {
        switch (self, page) {
        case (.served, .dashboard): "/"
        case (.served, .lineage): "/lineage"
        case (.served, .apiDocs): "/docs"
        case (.files, .dashboard): "index.html"
        case (.files, .lineage): "lineage.html"
        case (.files, .apiDocs): "api.html"
        }
    }

    /// The file `wh docs generate` writes `page` to.
    static func fileName(_ page: Page) -> String { PageSite.files.href(page) }

    /// The link to the OpenAPI document.
    var openAPIHref: String { self == .served ? "/openapi.json" : "openapi.json" }
}
