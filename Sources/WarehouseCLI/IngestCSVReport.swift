import Foundation
import WarehouseCore
import WarehouseIngest

/// Loads one file for `wh ingest csv` and tells the user: a progress line on a terminal, a summary at the end.
enum IngestCSVReport {
    /// One file to load.
    struct Job: Sendable {
        var path: String
        var displayPath: String
        var options: CSVIngestOptions
    }

    /// Loads `job` and prints what happened; false when the file failed (its message is printed).
    static func load(_ job: Job, with ingest: CSVIngest, console: Console) -> Bool {
        do {
            let result = try ingest.load(
                path: job.path, displayPath: job.displayPath, options: job.options,
                progress: { progress in
                    guard console.showsStatus else { return }
                    console.printStatus(statusLine(job.displayPath, progress))
                })
            if console.showsStatus { console.printStatus("") }
            console.print(summary(result))
            if let first = result.firstRejects.first {
                let rejects = "\(job.options.table)_rejects"
                console.print(
                    "  \(count(result.rejectedRows)) bad \(result.rejectedRows == 1 ? "row" : "rows") set aside in "
                        + "\(rejects), the first at \(job.displayPath):\(first.errorLine):\(first.column): \(first.error)"
                )
            }
            return true
        } catch {
            if console.showsStatus { console.printStatus("") }
            console.printError(error.description)
            return false
        }
    }

    static func summary(_ result: CSVFileLoad) -> String {
        switch result.outcome {
        case .skipped(let previous):
            let original = previous.path == result.path ? "" : " as \(previous.path),"
            return """
                Skipped \(result.path): its content is in \(result.table) already (loaded\(original) \
                \(previous.loadedAt), file id \(previous.id)); --force loads it again
                """
        case .loaded:
            let megabytes = Double(result.bytes) / 1_000_000
            let rate = result.seconds > 0 ? megabytes / result.seconds : 0
            let rejected = result.rejectedRows > 0 ? ", \(count(result.rejectedRows)) rejected" : ""
            return """
                Loaded \(count(result.rows)) rows from \(result.path) into \(result.table) in \
                \(String(format: "%.1f", result.seconds)) s (\(String(format: "%.0f", rate)) MB/s)\(rejected)
                """
        }
    }

    static func statusLine(_ path: String, _ progress: CSVLoadProgress) -> String {
        let megabytes = Double(progress.bytesRead) / 1_000_000
        let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
        let remaining = rate > 0 ? Double(progress.totalBytes - progress.bytesRead) / 1_000_000 / rate : 0
        return "\(path): \(count(progress.rows)) rows, \(String(format: "%.0f", rate)) MB/s, "
            + "\(Int(fraction * 100))%, ETA \(String(format: "%.0f", remaining)) s"
    }

    /// `1234567` as `1,234,567`.
    static func count(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (number < 0 ? "-" : "") + grouped
    }
}
