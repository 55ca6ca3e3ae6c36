import AccordCore
import SQLKit

/// Rows for a bulk insert, encoded for the database they go to.
///
/// - SQLite: one JSON array of arrays, bound as a single parameter and unpacked by `jsonb_each`:
///   one short statement per table and batch (measured: SQLite spends longer preparing and binding
///   a multi-row `VALUES` than reading the same rows as JSONB).
/// - PostgreSQL: `COPY … FROM STDIN` text, the database's own bulk path: tab between columns, a
///   newline after each row, `\N` for null, backslash escapes for backslash, tab and newlines.
struct BulkRows: Sendable {
    let table: String
    let columns: [(name: String, type: String)]
    let postgres: Bool
    private(set) var bytes: [UInt8]
    private(set) var count = 0
    private var inRow = false
    /// A JSON value's bytes before they are escaped for COPY.
    private var scratch: [UInt8] = []

    init(into table: String, columns: [(name: String, type: String)], postgres: Bool, capacity: Int = 0, bytesPerRow: Int = 64) {
        self.table = table
        self.columns = columns
        self.postgres = postgres
        bytes = postgres ? [] : [0x5B]
        bytes.reserveCapacity(capacity * bytesPerRow)
    }

    private mutating func separate() {
        if postgres {
            if inRow { bytes.append(0x09) }
            inRow = true
        } else if !inRow {
            if count > 0 { bytes.append(0x2C) }
            bytes.append(0x5B)
            inRow = true
        } else {
            bytes.append(0x2C)
        }
    }

    mutating func text(_ value: String?) {
        separate()
        guard let value else { return bytes.append(contentsOf: postgres ? [0x5C, 0x4E] : [0x6E, 0x75, 0x6C, 0x6C]) }
        if postgres { Self.appendCopyEscaped(value.utf8, to: &bytes) } else { JSONText.appendQuoted(value, to: &bytes) }
    }

    mutating func integer(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func real(_ value: Double?) {
        guard let value, value.isFinite else { return text(nil) }
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A JSON value written by `write` (an array, a document), stored as its text.
    mutating func json(_ write: (inout [UInt8]) -> Void) {
        separate()
        guard postgres else { return write(&bytes) }
        scratch.removeAll(keepingCapacity: true)
        write(&scratch)
        Self.appendCopyEscaped(scratch, to: &bytes)
    }

    mutating func endRow() {
        bytes.append(postgres ? 0x0A : 0x5D)
        inRow = false
        count += 1
    }

    private static func appendCopyEscaped(_ text: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in text {
            switch byte {
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            default: out.append(byte)
            }
        }
    }

    /// SQLite: `INSERT INTO table (columns) SELECT … FROM jsonb_each(<rows>)`, each row read as
    /// JSONB so that no value is parsed twice; a uuid travels as 32 hex digits and is stored as
    /// its 16 bytes.
    func sqliteInsert() -> SQLQueryString {
        precondition(!postgres)
        let names = columns.map(\.name).joined(separator: ", ")
        let values = columns.enumerated().map { index, column in
            column.type == "uuid" ? "unhex(value ->> \(index))" : "value ->> \(index)"
        }.joined(separator: ", ")
        var query = SQLQueryString("INSERT INTO \(table) (\(names)) SELECT \(values) FROM jsonb_each(")
        query.appendInterpolation(bind: String(decoding: bytes + [0x5D], as: UTF8.self))
        query.appendLiteral(")")
        return query
    }
}
