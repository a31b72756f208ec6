public import Foundation
public import Hummingbird
public import WarehouseCore

/// What `wh serve` needs to answer the pages: the project, and how to read what changes while it runs (the last
/// build, the nodes' outcomes).
public struct ServedPages: Sendable {
    /// The compiled project, for the lineage graph and the dashboard's KPIs.
    public var project: CompiledProject
    /// The OpenAPI document (made once at start: it changes only with the definitions).
    public var openAPI: JSON
    /// When the warehouse was last built, nil when never.
    public var builtAt: @Sendable () async -> String?
    /// The nodes' last outcomes.
    public var statuses: @Sendable () async -> BuildStatuses

    public init(
        project: CompiledProject, openAPI: JSON,
        builtAt: @escaping @Sendable () async -> String?, statuses: @escaping @Sendable () async -> BuildStatuses
    ) {
        self.project = project
        self.openAPI = openAPI
        self.builtAt = builtAt
        self.statuses = statuses
    }

    /// Adds `/`, `/lineage`, `/docs` and `/openapi.json` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let (projectName, kpis) = (project.projectName, project.kpis.map(DashboardPage.KPI.init))
        router.get("/") { _, _ in
            Self.html(
                DashboardPage.html(
                    kpis: kpis, builtAt: await builtAt(), data: nil, projectName: projectName, site: .served))
        }
        router.get("/lineage") { _, _ in
            let graph = LineageGraph(project: project, statuses: await statuses())
            return Self.html(LineagePage.html(graph, projectName: projectName, site: .served))
        }
        router.get("/docs") { _, _ in
            Self.html(APIDocsPage.html(openAPI, projectName: projectName, site: .served))
        }
        let document = openAPI.serializedBytes(pretty: true)
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }

    private static func html(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension ServedPages {
    /// The pages of `project` as `wh serve` answers them: the OpenAPI document made now (with the KPIs' columns as
    /// the database types them), the last build and the nodes' outcomes read at each request (`run_results.json` in
    /// `target`, over `wh_meta.node_state`).
    public init(
        _ project: CompiledProject, settings: ProjectSettings, target: URL, queries: PageQueries, serverURL: String
    ) async {
        let document = OpenAPIDocument(
            project: project, settings: settings, columns: await queries.columns(of: project.kpis),
            serverURL: serverURL)
        let runResults = target.appendingPathComponent("run_results.json")
        self.init(
            project: project, openAPI: document.json,
            builtAt: { await queries.lastBuild().map(PageQueries.timestamp) },
            statuses: { BuildStatuses.read(runResults: runResults, recorded: await queries.recordedOutcomes()) })
    }
}
