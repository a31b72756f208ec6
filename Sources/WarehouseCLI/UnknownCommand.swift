import ArgumentParser
import WarehouseCore

/// A mistyped subcommand (`wh buidl`), found before parsing so it gets a did-you-mean like a mistyped flag does.
///
/// ArgumentParser reports it only as an unexpected argument, since `wh` and `wh db` take no positional arguments.
enum UnknownCommand {
    /// The message for `arguments` when they name a subcommand that does not exist, else nil.
    static func message(for arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = WarehouseCommand.self
        var path = ["wh"]
        for argument in arguments {
            let subcommands = command.configuration.subcommands.map { ($0, commandNames(of: $0)) }
            guard !argument.hasPrefix("-"), !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0.1.contains(argument) }) {
                command = next.0
                path.append(argument)
                continue
            }
            // ArgumentParser's own `help` subcommand: `wh help build`.
            if argument == "help" { return nil }
            let names = subcommands.compactMap { $0.1.first }
            let help =
                ClosestName.help(for: argument, among: subcommands.flatMap { $0.1 })
                ?? "the commands are \(names.joined(separator: ", "))"
            let parent = path.joined(separator: " ")
            return "error: '\(argument)' is not a command of \(parent)\n  help: \(help) (\(parent) --help lists them)"
        }
        return nil
    }

    private static func commandNames(of command: any ParsableCommand.Type) -> [String] {
        let configuration = command.configuration
        return (configuration.commandName.map { [$0] } ?? []) + configuration.aliases
    }
}
