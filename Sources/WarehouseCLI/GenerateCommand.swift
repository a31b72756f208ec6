import ArgumentParser
import Foundation
import WarehouseIngest

/// `wh generate retail-history` and `wh generate orders`: deterministic example data, for demos and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate example data.",
        subcommands: [RetailHistory.self, GenerateOrdersCommand.self])

    struct RetailHistory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retail-history",
            abstract: "Write an order-history CSV shaped like the UCI Online Retail data set (same seed, same bytes).")

        @Option(help: "How many order lines to write.")
        var rows: Int = 1_000_000

        @Option(help: "The file to write (replaced if it exists).")
        var output: String

        @Option(help: "The random seed.")
        var seed: UInt64 = RetailDataGenerator.exampleSeedParameters.seed

        func validate() throws {
            guard rows >= 0 else { throw ValidationError("--rows must be zero or more, got \(rows)") }
        }

        func run() throws {
            let started = Date()
            let url = URL(fileURLWithPath: output)
            let written: Int
            do {
                written = try RetailDataGenerator.forRows(rows, seed: seed).writeCSV(toFile: url, rowLimit: rows)
            } catch {
                Console.current.printError("error: cannot write \(output): \(error)")
                throw ReportedFailure(exitCode: .userError)
            }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            Console.current.print("Wrote \(written) rows to \(output) in \(seconds)s")
        }
    }
}
