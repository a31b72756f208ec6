import Foundation
import Hummingbird
import KafkaClient
import WarehouseIngest

/// The JSON bodies of event intake's answers.
enum EventIntakeResponse {
    private struct Accepted: Encodable {
        struct Position: Encodable {
            var partition: Int32
            var offset: Int64?
        }

        var count: Int
        var topic: String
        var events: [Position]
    }

    private struct Failure: Encodable {
        struct Problem: Encodable {
            var index: Int?
            var field: String?
            var reason: String
        }

        struct Details: Encodable {
            var status: Int
            var message: String
            var events: [Problem]?
            var problems: Int?
            var sources: [String]?
        }

        var error: Details
    }

    /// 201: where each event was written.
    static func accepted(_ reports: [KafkaDeliveryReport], topic: String) -> Response {
        json(
            .created,
            Accepted(
                count: reports.count, topic: topic,
                events: reports.map { .init(partition: $0.topicPartition.partition, offset: $0.offset) }))
    }

    /// 400: each problem found, with the total when the list was cut.
    static func invalid(_ rejection: KafkaEventRejection) -> Response {
        let problems = rejection.problems.map { Failure.Problem(index: $0.index, field: $0.field, reason: $0.reason) }
        return json(
            .badRequest,
            Failure(
                error: .init(
                    status: 400, message: rejection.summary, events: problems,
                    problems: rejection.total > problems.count ? rejection.total : nil)))
    }

    /// An error in the shape every `wh serve` error has.
    static func failure(
        _ status: HTTPResponse.Status, message: String, sources: [String]? = nil, retryAfter: Int? = nil
    ) -> Response {
        var response = json(
            status, Failure(error: .init(status: status.code, message: message, sources: sources)))
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    private static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"status":500,"message":"encoding"}}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
