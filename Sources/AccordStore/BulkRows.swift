import AccordCore
import SQLKit

/// Rows for a bulk insert, written as one JSON array of arrays and sent as a single parameter: the
/// database unpacks it (`json_each` in SQLite, `json_array_elements` in PostgreSQL). One short
/// statement per table and batch, instead of thousands of bound parameters.
struct BulkRows {
    enum Value {
        case text(String?)
        case integer(Int64)
    }

    private(set) var json = "["
    private(set) var count = 0

    mutating func append(_ values: Value...) {
        json += count == 0 ? "[" : ",["
        for (index, value) in values.enumerated() {
            if index > 0 { json += "," }
            switch value {
            case .text(nil): json += "null"
            case .text(let text?): JSONText.appendQuoted(text, to: &json)
            case .integer(let n): json += String(n)
            }
        }
        json += "]"
        count += 1
    }

    var text: String { json + "]" }

    /// `INSERT INTO table (columns) SELECT … FROM <these rows>` in the dialect, the rows bound as one
    /// JSON text parameter. PostgreSQL needs the column types to cast to; SQLite takes the values
    /// as they are.
    func insert(into table: String, columns: [(name: String, type: String)], postgres: Bool, suffix: String = "") -> SQLQueryString {
        let names = columns.map(\.name).joined(separator: ", ")
        var query: SQLQueryString
        if postgres {
            let values = columns.enumerated().map { index, column in
                column.type == "text" ? "e->>\(index)" : "(e->>\(index))::\(column.type)"
            }.joined(separator: ", ")
            query = SQLQueryString("INSERT INTO \(table) (\(names)) SELECT \(values) FROM json_array_elements(")
            query.appendInterpolation(bind: text)
            query.appendLiteral("::json) AS e \(suffix)")
        } else {
            let values = columns.indices.map { "json_extract(value, '$[\($0)]')" }.joined(separator: ", ")
            query = SQLQueryString("INSERT INTO \(table) (\(names)) SELECT \(values) FROM json_each(")
            query.appendInterpolation(bind: text)
            query.appendLiteral(") WHERE true \(suffix)")
        }
        return query
    }
}
