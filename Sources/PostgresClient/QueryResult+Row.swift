extension QueryResult: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { rowCount }
    public subscript(position: Int) -> Row { Row(result: self, index: position) }

    /// One row of a result, read by column position or name.
    public struct Row: Sendable {
        /// The result this row belongs to.
        public let result: QueryResult
        /// The row's position in the result.
        public let index: Int

        /// The text of the column at `column`, or `nil` for `NULL`.
        public subscript(column: Int) -> String? { result.string(row: index, column: column) }

        public func isNull(_ column: Int) -> Bool { result.isNull(row: index, column: column) }
        public func isNull(_ name: String) throws(PostgresError) -> Bool {
            result.isNull(row: index, column: try result.columnIndex(of: name))
        }

        public func string(_ column: Int) -> String? { result.string(row: index, column: column) }
        public func string(_ name: String) throws(PostgresError) -> String? {
            result.string(row: index, column: try result.columnIndex(of: name))
        }

        public func int(_ column: Int) throws(PostgresError) -> Int? { try result.int(row: index, column: column) }
        public func int(_ name: String) throws(PostgresError) -> Int? {
            try result.int(row: index, column: try result.columnIndex(of: name))
        }

        public func double(_ column: Int) throws(PostgresError) -> Double? {
            try result.double(row: index, column: column)
        }
        public func double(_ name: String) throws(PostgresError) -> Double? {
            try result.double(row: index, column: try result.columnIndex(of: name))
        }

        public func bool(_ column: Int) throws(PostgresError) -> Bool? { try result.bool(row: index, column: column) }
        public func bool(_ name: String) throws(PostgresError) -> Bool? {
            try result.bool(row: index, column: try result.columnIndex(of: name))
        }
    }
}
