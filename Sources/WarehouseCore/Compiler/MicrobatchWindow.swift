/// The time window of one microbatch, as compiled SQL refers to it before the engine knows the batches.
///
/// A microbatch model is compiled once, but runs once per batch. Where dbt renders each batch's bounds into the SQL
/// (`ref('orders')` of an input with `event_time` becomes `(select * from orders where ts >= '<start>' and ts <
/// '<end>')`), the compiler writes these placeholders, and the engine puts each batch's bounds in their place with
/// ``bind(_:start:end:)`` just before running it.
public enum MicrobatchWindow {
    /// Stands for the batch's first instant (inclusive), inside a quoted SQL literal.
    public static let startPlaceholder = "__wh_batch_event_time_start__"
    /// Stands for the batch's end (exclusive), inside a quoted SQL literal.
    public static let endPlaceholder = "__wh_batch_event_time_end__"

    /// `sql` with the placeholders replaced by `start` and `end` (timestamps as `2024-10-01 00:00:00+00:00`).
    public static func bind(_ sql: String, start: String, end: String) -> String {
        guard sql.contains("__wh_batch_event_time_") else { return sql }
        return sql.replacing(startPlaceholder, with: start).replacing(endPlaceholder, with: end)
    }

    /// The predicate dbt adds to a filtered input: `field >= '<start>' and field < '<end>'`.
    static func predicate(on field: String) -> String {
        "\(field) >= '\(startPlaceholder)' and \(field) < '\(endPlaceholder)'"
    }
}
