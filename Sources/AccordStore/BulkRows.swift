import AccordCore
import SQLKit

/// Rows for a bulk insert, written as one JSON array of arrays and bound as a single parameter:
/// the database unpacks it (`jsonb_each` in SQLite, `json_array_elements` in PostgreSQL). One
/// short statement per table and batch, instead of thousands of bound values (measured: SQLite
/// spends longer preparing and binding a multi-row `VALUES` than reading the same rows as JSONB).
struct BulkRows {
    let table: String
    let columns: [(name: String, type: String)]
    private var json: [UInt8] = [0x5B]
    private(set) var count = 0
    private var inRow = false

    init(into table: String, columns: [(name: String, type: String)], capacity: Int = 0, bytesPerRow: Int = 64) {
        self.table = table
        self.columns = columns
        json.reserveCapacity(capacity * bytesPerRow)
    }

    private mutating func separate() {
        if !inRow {
            if count > 0 { json.append(0x2C) }
            json.append(0x5B)
            inRow = true
        } else {
            json.append(0x2C)
        }
    }

    mutating func text(_ value: String?) {
        separate()
        if let value { JSONText.appendQuoted(value, to: &json) } else { json.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
    }

    mutating func integer(_ value: Int64) {
        separate()
        json.append(contentsOf: String(value).utf8)
    }

    /// A JSON value written by `write` straight into the rows (an array, a document).
    mutating func json(_ write: (inout [UInt8]) -> Void) {
        separate()
        write(&json)
    }

    mutating func endRow() {
        json.append(0x5D)
        inRow = false
        count += 1
    }

    /// `INSERT INTO table (columns) SELECT … FROM <these rows>` in the dialect. PostgreSQL casts
    /// to the column types; SQLite takes the values as they are, reading the rows as JSONB so that
    /// no value is parsed twice.
    func insert(postgres: Bool) -> SQLQueryString {
        let names = columns.map(\.name).joined(separator: ", ")
        let rows = String(decoding: json + [0x5D], as: UTF8.self)
        var query: SQLQueryString
        if postgres {
            let values = columns.enumerated().map { index, column in
                column.type == "text" ? "e->>\(index)" : "(e->>\(index))::\(column.type)"
            }.joined(separator: ", ")
            query = SQLQueryString("INSERT INTO \(table) (\(names)) SELECT \(values) FROM json_array_elements(")
            query.appendInterpolation(bind: rows)
            query.appendLiteral("::json) AS e")
        } else {
            // A uuid travels as 32 hex digits and is stored as its 16 bytes.
            let values = columns.enumerated().map { index, column in
                column.type == "uuid" ? "unhex(value ->> \(index))" : "value ->> \(index)"
            }.joined(separator: ", ")
            query = SQLQueryString("INSERT INTO \(table) (\(names)) SELECT \(values) FROM jsonb_each(")
            query.appendInterpolation(bind: rows)
            query.appendLiteral(")")
        }
        return query
    }
}
