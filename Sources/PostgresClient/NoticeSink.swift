internal import CLibPQ
import Logging

/// Receives a connection's server notices and logs them; libpq holds an unretained pointer to it.
final class NoticeSink {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func log(_ result: OpaquePointer) {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return String(cString: value)
        }
        let severity = field("V") ?? "NOTICE"
        let level: Logger.Level =
            switch severity {
            case "WARNING": .warning
            case "NOTICE": .notice
            case "INFO": .info
            default: .debug
            }
        var metadata: Logger.Metadata = ["severity": "\(severity)"]
        if let sqlstate = field("C") { metadata["sqlstate"] = "\(sqlstate)" }
        if let detail = field("D") { metadata["detail"] = "\(detail)" }
        logger.log(level: level, "\(field("M") ?? "")", metadata: metadata)
    }
}

/// The C callback libpq calls for each notice; `argument` is the connection's `NoticeSink`.
let noticeReceiver: PQnoticeReceiver = { argument, result in
    guard let argument, let result else { return }
    Unmanaged<NoticeSink>.fromOpaque(argument).takeUnretainedValue().log(result)
}
