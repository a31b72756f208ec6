public import WarehouseCore

/// The pages as files (`wh docs generate` writes them to `target/docs/`): the same pages `wh serve` answers,
/// linking to each other by file name, with the dashboard's KPI answers embedded as they were when generated.
public enum StaticPages {
    /// File names and contents.
    ///
    /// - Parameter answers: the JSON answers of the charted KPIs by name (``DashboardPage/chartRequests(for:)``);
    ///   empty when the warehouse could not be queried.
    public static func files(
        project: CompiledProject, statuses: BuildStatuses, builtAt: String?, answers: [String: String],
        openAPI: JSON
    ) -> [(name: String, contents: String)] {
        let name = project.projectName
        return [
            (
                PageSite.fileName(.dashboard),
                DashboardPage.html(
                    kpis: project.kpis.map(DashboardPage.KPI.init), builtAt: builtAt, data: answers,
                    projectName: name, site: .files)
            ),
            (
                PageSite.fileName(.lineage),
                LineagePage.html(LineageGraph(project: project, statuses: statuses), projectName: name, site: .files)
            ),
            (PageSite.fileName(.apiDocs), APIDocsPage.html(openAPI, projectName: name, site: .files)),
            ("openapi.json", openAPI.serialized(pretty: true) + "\n"),
        ]
    }
}
