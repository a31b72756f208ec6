import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SQLTemplate
import WarehouseCore
import WarehouseEngine
import WarehouseIngest

/// `wh ingest csv`: CSV files into a bronze table with streaming COPY, one transaction per file, through the
/// ledger of loaded files.
struct IngestCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Load CSV files into a bronze table; a file whose content was loaded before is skipped.",
        discussion: """
            wh ingest csv FILE... --into SCHEMA.TABLE loads the files named; wh ingest csv --source NAME loads the \
            files of the source configured under `ingest.csv` in project.yml; wh ingest csv alone loads every \
            configured CSV source. The table is created when missing, with the file's columns (text unless \
            `column_types` says otherwise) and _wh_file_id, _wh_line, _wh_loaded_at. Each file is loaded whole or not \
            at all; bad rows go to <table>_rejects unless --strict. wh_meta.ingest_files lists the files loaded.
            """)

    @Argument(help: "CSV files to load (with --into).")
    var files: [String] = []

    @Option(help: "The bronze table to load the files into, schema-qualified: bronze.orders.")
    var into: String?

    @Option(help: "Load the configured CSV source of this name (from `ingest.csv` in project.yml).")
    var source: String?

    @Flag(help: "Load files even when the ledger says their content is already in the table.")
    var force = false

    @Flag(help: "Fail a file at its first bad rows (nothing of it is loaded) instead of setting bad rows aside.")
    var strict = false

    @Option(help: "The field delimiter of the named files: one character (`\\t` for a tab). Default: ','.")
    var delimiter: String?

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        if !files.isEmpty && into == nil {
            throw ValidationError("name the table to load the files into: --into bronze.my_table")
        }
        if files.isEmpty && into != nil {
            throw ValidationError("--into needs files to load: wh ingest csv data/*.csv --into \(into ?? "")")
        }
        if source != nil && (!files.isEmpty || delimiter != nil) {
            throw ValidationError(
                "--source loads the files the project file configures; leave out files and --delimiter")
        }
        if let into, IngestTable(parsing: into) == nil {
            throw ValidationError("--into '\(into)' is not a schema-qualified table name such as bronze.orders")
        }
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter should be one ASCII character other than a quote or a line break")
        }
    }

    func run() async throws {
        let loaded = try project.loadProject()
        let jobs = try jobs(in: loaded)
        let connection = try await ProjectDatabase.resolve(loaded)
        let console = Console.current
        let logger = ConsoleLogHandler.postgresLogger()
        let failures = try await ProjectDatabase.blocking { () throws -> Int in
            let postgres = try connection.connect(logger: logger)
            let ingest = CSVIngest(connection: postgres, logger: Logger(label: "wh.ingest"))
            var failures = 0
            for job in jobs {
                if !IngestCSVReport.load(job, with: ingest, console: console) { failures += 1 }
            }
            return failures
        }
        if failures > 0 { throw ReportedFailure(exitCode: .userError) }
    }

    /// The files to load, with the options for each.
    private func jobs(in project: Project) throws -> [IngestCSVReport.Job] {
        if let into, let table = IngestTable(parsing: into) {
            let options = CSVIngestOptions(
                table: table, delimiter: delimiter.flatMap(Self.delimiterByte) ?? UInt8(ascii: ","), force: force,
                strict: strict)
            return files.map { IngestCSVReport.Job(path: $0, displayPath: $0, options: options) }
        }
        let settings: IngestSettings
        do throws(Diagnostic) {
            let text = try? String(
                contentsOf: project.root.appendingPathComponent(project.settings.file), encoding: .utf8)
            settings = try project.settings.ingest.rendered(environment: Invocation.environment, projectFileText: text)
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        var sources = settings.csv
        if let source {
            guard let match = settings.csvSource(named: source) else {
                let help = ClosestName.help(for: source, among: settings.csv.map(\.name))
                Console.current.printError(
                    "error: no CSV source named '\(source)' under `ingest.csv` in \(project.settings.file)"
                        + (help.map { "\n  help: \($0)" } ?? ""))
                throw ReportedFailure(exitCode: .userError)
            }
            sources = [match]
        }
        guard !sources.isEmpty else {
            Console.current.printError(
                """
                error: \(project.settings.file) configures no CSV source
                  help: name files: wh ingest csv data/*.csv --into bronze.my_table, or add `ingest: {csv: [...]}`
                """)
            throw ReportedFailure(exitCode: .userError)
        }
        var jobs: [IngestCSVReport.Job] = []
        for source in sources {
            let matches = IngestFileGlob.matches(source.path, under: project.root)
            if matches.isEmpty {
                Console.current.printError("warning: source '\(source.name)': no file matches \(source.path)")
            }
            let options = CSVIngestOptions(source: source, force: force, strict: strict)
            jobs += matches.map { IngestCSVReport.Job(path: $0.path, displayPath: $0.displayPath, options: options) }
        }
        return jobs
    }

    static func delimiterByte(_ text: String) -> UInt8? {
        if text == "\\t" || text == "tab" { return UInt8(ascii: "\t") }
        guard text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80, !"\"\r\n".utf8.contains(byte) else {
            return nil
        }
        return byte
    }
}
