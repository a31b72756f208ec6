import SQLTemplate

private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// Bit `b` is set for each ASCII byte `b` below 64 that ends a run of plain bytes inside quotes.
private let quotedStops: UInt64 = 1 << 0 | 1 << 10 | 1 << 34

extension CSVReader {
    enum ScanResult {
        case record(CSVRecord)
        /// The record goes on past the bytes in the buffer.
        case needMore
        case endOfInput
    }

    /// Scans one record starting at `position`; commits the reader's state only when the record is complete,
    /// so after `needMore` the same record is scanned again from its start with more bytes.
    func scanRecord() throws(CSVError) -> ScanResult {
        let bytes = buffer
        let end = self.end
        let atEnd = atEndOfInput
        let recordStart = position
        let delimiter = self.delimiter
        let stopsLow = unquotedStopsLow
        let stopsHigh = unquotedStopsHigh
        guard recordStart < end else { return atEnd ? .endOfInput : .needMore }

        var index = recordStart
        var line = self.line
        var lineStart = recordStart
        // Continuation bytes of multi-byte characters since `lineStart`: columns count scalars, not bytes.
        var continuations = 0
        var slots = self.slots
        var slotCapacity = self.slotCapacity
        var slotCount = 0
        var escapedBytes = 0
        var terminator: CSVError.LineEnding?

        func append(_ slot: FieldSlot) {
            if slotCount == slotCapacity {
                growSlots(keeping: slotCount)
                slots = self.slots
                slotCapacity = self.slotCapacity
            }
            (slots + slotCount).initialize(to: slot)
            slotCount += 1
        }
        // `nextRecord` fills in the source line, reading on to its end.
        func failure(_ kind: CSVError.Kind, line: Int, column: Int, lineStart: Int) -> CSVError {
            errorLineStart = lineStart
            return CSVError(kind, at: SourceLocation(path: path, line: line, column: column))
        }
        func failure(_ kind: CSVError.Kind, at byte: Int) -> CSVError {
            failure(kind, line: line, column: byte - lineStart - continuations + 1, lineStart: lineStart)
        }
        // Checks the multi-byte character at `index`; nil means the buffer ends inside it.
        func skipCharacter() throws(CSVError) -> Bool {
            switch UTF8Sequence.check(bytes + index, available: end - index) {
            case .valid(let length):
                continuations += length - 1
                index += length
                return true
            case .truncated where !atEnd:
                return false
            case .truncated, .invalid:
                throw failure(.invalidUTF8, at: index)
            }
        }

        fields: while true {
            let fieldLine = line
            let fieldLineStart = lineStart
            let fieldColumn = index - lineStart - continuations + 1
            if index < end && bytes[index] == quote {
                index += 1
                let contentStart = index
                var hasEscapes = false
                quoted: while true {
                    while index < end {
                        let byte = bytes[index]
                        guard byte < 0x80 && (byte >= 64 || quotedStops >> UInt64(byte) & 1 == 0) else { break }
                        index += 1
                    }
                    guard index < end else {
                        if atEnd {
                            throw failure(
                                .unterminatedQuotedField,
                                line: fieldLine,
                                column: fieldColumn,
                                lineStart: fieldLineStart
                            )
                        }
                        return .needMore
                    }
                    switch bytes[index] {
                    case quote:
                        if index + 1 == end && !atEnd { return .needMore }
                        if index + 1 < end && bytes[index + 1] == quote {
                            hasEscapes = true
                            index += 2
                        } else {
                            break quoted
                        }
                    case lineFeed:
                        line += 1
                        index += 1
                        lineStart = index
                        continuations = 0
                    case 0:
                        throw failure(.nulByte, at: index)
                    default:
                        guard try skipCharacter() else { return .needMore }
                    }
                }
                let count = index - contentStart
                append(
                    FieldSlot(
                        start: contentStart,
                        count: count,
                        line: fieldLine,
                        column: fieldColumn,
                        isQuoted: true,
                        hasEscapes: hasEscapes,
                        isUnescaped: false
                    )
                )
                if hasEscapes {
                    escapedBytes += count
                }
                index += 1
                guard index < end else {
                    if atEnd { break fields }
                    return .needMore
                }
                switch bytes[index] {
                case delimiter:
                    index += 1
                    continue fields
                case lineFeed:
                    terminator = .lf
                    break fields
                case carriageReturn:
                    if index + 1 == end && !atEnd { return .needMore }
                    guard index + 1 < end && bytes[index + 1] == lineFeed else {
                        throw failure(.bareCarriageReturn, at: index)
                    }
                    terminator = .crlf
                    break fields
                default:
                    throw failure(.textAfterClosingQuote, at: index)
                }
            } else {
                let contentStart = index
                unquoted: while true {
                    while index < end {
                        let byte = bytes[index]
                        let plain =
                            byte < 64
                            ? stopsLow >> UInt64(byte) & 1 == 0
                            : byte < 0x80 && stopsHigh >> UInt64(byte &- 64) & 1 == 0
                        guard plain else { break }
                        index += 1
                    }
                    if index == end && !atEnd { return .needMore }
                    let byte = index < end ? bytes[index] : lineFeed
                    switch byte {
                    case delimiter, lineFeed, carriageReturn:
                        break unquoted
                    case quote:
                        throw failure(.quoteInUnquotedField, at: index)
                    case 0:
                        throw failure(.nulByte, at: index)
                    default:
                        guard try skipCharacter() else { return .needMore }
                    }
                }
                append(
                    FieldSlot(
                        start: contentStart,
                        count: index - contentStart,
                        line: fieldLine,
                        column: fieldColumn,
                        isQuoted: false,
                        hasEscapes: false,
                        isUnescaped: false
                    )
                )
                guard index < end else { break fields }
                switch bytes[index] {
                case delimiter:
                    index += 1
                    continue fields
                case lineFeed:
                    terminator = .lf
                    break fields
                default:
                    if index + 1 == end && !atEnd { return .needMore }
                    guard index + 1 < end && bytes[index + 1] == lineFeed else {
                        throw failure(.bareCarriageReturn, at: index)
                    }
                    terminator = .crlf
                    break fields
                }
            }
        }

        // `index` is at the terminator, or at the end of the data.
        let recordEnd = index
        if let terminator {
            if let first = lineEnding, first != terminator {
                guard allowsMixedLineEndings else { throw failure(.mixedLineEndings(first: first), at: index) }
                hasMixedLineEndings = true
            } else {
                lineEnding = terminator
            }
            index += terminator == .lf ? 1 : 2
        }
        if requiresUniformFieldCount {
            badRecordEnd = index
            if let expected = expectedFieldCount {
                if slotCount > expected {
                    let extra = slots[expected]
                    throw failure(
                        .raggedRow(fields: slotCount, expected: expected),
                        line: extra.line,
                        column: extra.column,
                        lineStart: offset(ofLine: extra.line, recordStart: recordStart, recordLine: self.line)
                    )
                } else if slotCount < expected {
                    throw failure(.raggedRow(fields: slotCount, expected: expected), at: recordEnd)
                }
            } else {
                expectedFieldCount = slotCount
            }
        }
        if slotCount == 1 && !slots[0].isQuoted && slots[0].count == 2 && bytes[recordStart] == UInt8(ascii: "\\")
            && bytes[recordStart + 1] == UInt8(ascii: ".")
        {
            throw failure(.endOfDataMarker, line: self.line, column: 1, lineStart: recordStart)
        }

        if escapedBytes > 0 {
            unescapeFields(count: slotCount, totalBytes: escapedBytes)
        }
        let recordLine = self.line
        self.line = terminator == nil ? line : line + 1
        position = index
        return .record(
            CSVRecord(
                line: recordLine,
                slots: UnsafeBufferPointer(start: self.slots, count: slotCount),
                buffer: buffer,
                scratch: scratch,
                start: recordStart,
                end: recordEnd
            )
        )
    }

    /// The buffer offset where `line` starts, for a line inside the record that starts at `recordStart`.
    private func offset(ofLine line: Int, recordStart: Int, recordLine: Int) -> Int {
        var current = recordLine
        var index = recordStart
        while current < line && index < end {
            if buffer[index] == lineFeed {
                current += 1
            }
            index += 1
        }
        return index
    }

    /// Copies the values of fields with `""` escapes, unescaped, into the scratch buffer.
    private func unescapeFields(count: Int, totalBytes: Int) {
        reserveScratch(totalBytes)
        var written = 0
        for slotIndex in 0..<count where slots[slotIndex].hasEscapes {
            let slot = slots[slotIndex]
            let start = written
            var index = slot.start
            let end = slot.start + slot.count
            while index < end {
                scratch[written] = buffer[index]
                written += 1
                index += buffer[index] == quote ? 2 : 1
            }
            slots[slotIndex].start = start
            slots[slotIndex].count = written - start
            slots[slotIndex].isUnescaped = true
        }
    }

    /// Adds the text of the line at `errorLineStart` to `error`, reading until the line ends (up to 64 KiB).
    func withSourceLine(_ error: CSVError) -> CSVError {
        guard var lineStart = errorLineStart else { return error }
        errorLineStart = nil
        var lineEnd = lineStart
        while true {
            while lineEnd < end && buffer[lineEnd] != lineFeed {
                lineEnd += 1
            }
            guard lineEnd == end && !atEndOfInput && lineEnd - lineStart < 1 << 16 else { break }
            let shift = position
            do {
                try refill()
            } catch {
                break
            }
            lineStart -= shift
            lineEnd -= shift
        }
        var completed = error
        completed.sourceLine = Self.lineText(UnsafeBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart))
        return completed
    }
}
