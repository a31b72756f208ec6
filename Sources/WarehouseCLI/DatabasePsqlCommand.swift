import ArgumentParser
import Foundation
import WarehouseEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `wh db psql [args...]`: replaces `wh` with `psql` connected to the database `wh` uses.
///
/// The password, when the settings hold one, goes to `psql` in `PGPASSWORD`, never on its command line.
struct DatabasePsqlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psql", abstract: "Open psql on the database wh uses; arguments after it go to psql.",
        discussion: "psql's own help: wh db psql -- --help")

    @OptionGroup var project: ProjectOptions

    @Argument(parsing: .captureForPassthrough, help: "Arguments for psql, such as -- -c 'select 1'.")
    var arguments: [String] = []

    func run() async throws {
        // The passthrough captures `--help` too; before a `--` it is meant for wh.
        if let first = arguments.first, first == "--help" || first == "-h" {
            throw CleanExit.helpRequest(Self.self)
        }
        let environment = Invocation.environment
        guard let psql = Self.locate("psql", path: environment["PATH"] ?? "") else {
            Console.current.printError(
                """
                error: psql not found on PATH
                  help: install the Postgres client (Debian/Ubuntu: apt-get install postgresql-client; \
                macOS: brew install libpq) or add its folder to PATH
                """)
            throw ReportedFailure(exitCode: .userError)
        }
        let connection = try await ProjectDatabase.resolve(try project.loadProject())
        // psql would exit 2 for an unreachable server, the code wh keeps for its own faults.
        try await ProjectDatabase.checkReachable(connection)
        var childEnvironment = environment
        if let password = connection.password { childEnvironment["PGPASSWORD"] = password }
        // `wh db psql -- -c '...'`: the separator is for wh's parser, not for psql.
        let passed = arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
        let argv = ["psql", connection.url] + passed
        let code = Self.execute(psql, argv, childEnvironment.map { "\($0.key)=\($0.value)" })
        Console.current.printError("error: could not run \(psql): \(String(cString: strerror(code)))")
        throw ReportedFailure(exitCode: .userError)
    }

    /// The first executable named `name` in the folders of `path`.
    static func locate(_ name: String, path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Replaces the process with `program`; returns `errno` when that fails.
    private static func execute(_ program: String, _ argv: [String], _ environment: [String]) -> Int32 {
        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.map { strdup($0) } + [nil]
        defer { for pointer in arguments + variables { free(pointer) } }
        execve(program, arguments, variables)
        return errno
    }
}
