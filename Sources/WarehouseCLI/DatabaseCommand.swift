import ArgumentParser

/// `wh db`: the project's Postgres: the embedded one's lifecycle, and where `wh` connects.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop and inspect the embedded Postgres; print or open the database wh uses.",
        discussion: """
            wh connects to, first match winning: WH_DATABASE_URL; `connection:` in project.yml; the PG* \
            environment (PGHOST, PGPORT, PGDATABASE, PGUSER or PGSERVICE set); otherwise its embedded Postgres \
            under .wh/postgres, started on demand.
            """,
        subcommands: [
            DatabaseStartCommand.self, DatabaseStopCommand.self, DatabaseStatusCommand.self, DatabaseURLCommand.self,
            DatabasePsqlCommand.self,
        ])
}
