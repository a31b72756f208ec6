import ArgumentParser
import Foundation
import PostgresClient
import WarehouseCore
import WarehouseEngine
import WarehouseServer

/// `wh docs generate`: the pages `wh serve` answers, written to `target/docs/` (index.html, lineage.html, api.html,
/// openapi.json), the dashboard's KPI answers embedded as queried now.
struct DocsGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write the dashboard, lineage and API pages to target/docs/.",
        discussion: """
            The pages are those `wh serve` answers at /, /lineage and /docs, with /openapi.json, as files that open \
            without a server: the dashboard embeds the KPI answers queried now, the lineage page the last outcomes \
            (target/run_results.json, wh_meta.node_state). With --no-database, or where a query fails (the \
            warehouse not built yet), the pages show the project without them.
            """)

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Do not connect to the database: no KPI answers, build outcomes from run_results.json only.")
    var noDatabase = false

    func run() async throws {
        let console = Console.current
        let loaded = try project.loadProject()
        let compiled = try await ProjectCompilation.compile(
            loaded, options: try ProjectDatabase.compileOptions(loaded))
        let target = loaded.root.appendingPathComponent(loaded.settings.targetPath)
        let serve = loaded.settings.serve
        var warehouse = (
            columns: [String: [OpenAPIDocument.Column]](), answers: [String: String](),
            recorded: [NodeID: BuildStatuses.Outcome](), builtAt: Date?.none
        )
        if !noDatabase {
            let database = try await ProjectDatabase.resolve(loaded)
            let logger = ConsoleLogHandler.serveLogger()
            let pool = ConnectionPool(
                configuration: database.configuration, size: 1, logger: ConsoleLogHandler.postgresLogger())
            let queries = PageQueries(
                pool: pool, statementTimeoutMilliseconds: serve.statementTimeoutMilliseconds, logger: logger)
            warehouse.builtAt = await queries.lastBuild()
            warehouse.recorded = await queries.recordedOutcomes()
            warehouse.columns = await queries.columns(of: compiled.kpis)
            if warehouse.builtAt != nil {
                warehouse.answers = await queries.answers(
                    to: DashboardPage.chartRequests(for: compiled.kpis), builtAt: warehouse.builtAt)
            }
        }
        let document = OpenAPIDocument(
            project: compiled, settings: loaded.settings, columns: warehouse.columns,
            serverURL: "http://\(serve.host):\(serve.port)")
        let files = StaticPages.files(
            project: compiled,
            statuses: BuildStatuses.read(
                runResults: target.appendingPathComponent("run_results.json"), recorded: warehouse.recorded),
            builtAt: warehouse.builtAt.map(PageQueries.timestamp), answers: warehouse.answers, openAPI: document.json)
        let folder = target.appendingPathComponent("docs")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                try Data(file.contents.utf8).write(to: folder.appendingPathComponent(file.name), options: .atomic)
            }
        } catch {
            console.printError("error: cannot write \(loaded.settings.targetPath)/docs/: \(error.localizedDescription)")
            throw ReportedFailure(exitCode: .userError)
        }
        let built = warehouse.builtAt == nil ? " (the warehouse is not built: the dashboard says so)" : ""
        console.print(
            "Wrote \(files.map(\.name).joined(separator: ", ")) to \(loaded.settings.targetPath)/docs/\(built); "
                + "open \(loaded.settings.targetPath)/docs/index.html")
    }
}
