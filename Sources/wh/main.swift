import Foundation
import WarehouseCLI

exit(await CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), exitsAfterwards: true))
