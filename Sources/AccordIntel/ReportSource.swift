import AccordCore
import Foundation

/// The byte-order mark some text starts with: UTF-8's (spreadsheets write one), or UTF-16's in
/// either order.
public enum ByteOrderMark: Equatable, Sendable {
    case utf8
    case utf16(bigEndian: Bool)

    /// The mark at the start of `bytes`, or nil when there is none.
    public init?(_ bytes: some Collection<UInt8>) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self = .utf8
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            self = .utf16(bigEndian: bytes.first == 0xFE)
        } else {
            return nil
        }
    }

    /// The mark's length in bytes.
    public var length: Int { self == .utf8 ? 3 : 2 }
}

/// Lines of an input file or stream, read in large chunks, each with its number. Invalid UTF-8 is
/// reported per line, never silently replaced. A UTF-8 byte-order mark (spreadsheets write one)
/// is skipped; input that starts with a UTF-16 one is refused at its first line.
public struct LineReader: Sendable {
    public enum Line: Sendable {
        case text(number: Int, String)
        case invalidUTF8(number: Int)
        /// The first line starts with a UTF-16 byte-order mark: the input is UTF-16, not UTF-8.
        case utf16
    }

    private enum Source: Sendable {
        case handle(FileHandle)
        case data(Data)
    }

    private let source: Source

    /// Lines read from a file or a stream, chunk by chunk.
    public init(handle: FileHandle) { source = .handle(handle) }

    /// Lines of text already in memory.
    public init(data: Data) { source = .data(data) }

    /// The next chunk of input, empty at the end.
    private func read(_ consumed: inout Bool) throws -> Data {
        switch source {
        case .handle(let handle): return try handle.read(upToCount: 1 << 20) ?? Data()
        case .data(let data):
            defer { consumed = true }
            return consumed ? Data() : data
        }
    }

    /// Calls `body` with batches of up to `batchSize` non-empty lines.
    public func forEachBatch(batchSize: Int, _ body: ([Line]) async throws -> Void) async throws {
        var pending = [UInt8]()
        var number = 0
        var batch: [Line] = []
        batch.reserveCapacity(batchSize)
        func take(_ bytes: ArraySlice<UInt8>) {
            number += 1
            var slice = bytes
            if slice.last == 0x0D { slice = slice.dropLast() }
            if number == 1, let mark = ByteOrderMark(slice) {
                guard mark == .utf8 else { batch.append(.utf16); return }
                slice = slice.dropFirst(mark.length)
            }
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            if let text = String(validating: slice, as: UTF8.self) {
                batch.append(.text(number: number, text))
            } else {
                batch.append(.invalidUTF8(number: number))
            }
        }
        var consumed = false
        while true {
            let chunk = try read(&consumed)
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                take(pending[start..<newline])
                start = newline + 1
                if batch.count >= batchSize {
                    try await body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { take(pending[...]) }
        if !batch.isEmpty { try await body(batch) }
    }
}

/// Reports in CSV, one per record, with this header (columns in any order, all optional; several values in one cell are separated by `;`):
///
/// `id,external_ref,organisation,reported_at,occurred_at,country,scam_type,loss_amount,loss_currency,`
/// `tlp,pap,narrative,phones,emails,urls,domains,ips,wallets,bank_accounts,cards,handles`
///
/// Wallets may carry their chain as `chain:address` (`tron:T…`); handles are `platform:name`.
public enum ReportCSV {
    public static let columns = ["id", "external_ref", "organisation", "reported_at", "occurred_at", "country", "scam_type",
                                 "loss_amount", "loss_currency", "tlp", "pap", "narrative", "phones", "emails", "urls", "domains",
                                 "ips", "wallets", "bank_accounts", "cards", "handles"]
    static let indicatorColumns: [String: IndicatorKind] = [
        "phones": .phone, "emails": .email, "urls": .url, "domains": .domain, "ips": .ip, "wallets": .wallet,
        "bank_accounts": .bankAccount, "cards": .card, "handles": .handle,
    ]

    /// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines) into records, each
    /// with the line it starts on; a byte-order mark before the header is skipped.
    public static func records(_ text: String) throws(ReportError) -> [(line: Int, fields: [String])] {
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        var fieldStarted = false
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true; fieldStarted = true
            case ",": fields.append(field); field = ""; fieldStarted = true
            case "\r": continue
            case "\n":
                if fieldStarted || !field.isEmpty || !fields.isEmpty { fields.append(field); records.append((recordLine, fields)) }
                fields = []; field = ""; fieldStarted = false
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(scalar); fieldStarted = true
            }
        }
        if inQuotes { throw ReportError(field: nil, "line \(recordLine): a quoted field is never closed") }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { fields.append(field); records.append((recordLine, fields)) }
        return records
    }

    /// The wire report of one record under `header`.
    public static func wire(_ fields: [String], header: [String]) throws(ReportError) -> WireReport {
        guard fields.count == header.count else {
            throw ReportError(field: nil, "\(fields.count) fields where the header has \(header.count)")
        }
        var wire = WireReport()
        var indicators: [WireIndicator] = []
        var amount: String?, currency: String?
        for (name, value) in zip(header, fields) where !value.isEmpty {
            if wire.set(name, value) { continue }
            switch name {
            case "loss_amount": amount = value
            case "loss_currency": currency = value
            default:
                guard let kind = indicatorColumns[name] else { continue }
                for item in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                    indicators.append(WireIndicator(kind: kind.rawValue, value: item))
                }
            }
        }
        if amount != nil || currency != nil { wire.loss = WireLoss(amount: amount, currency: currency) }
        wire.indicators = indicators
        return wire
    }

    /// Checks a header row: every column known, `country` present.
    public static func validate(header: [String]) throws(ReportError) -> [String] {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let unknown = names.first(where: { !columns.contains($0) }) {
            throw ReportError(field: unknown, "unknown CSV column (known: \(columns.joined(separator: ", ")))")
        }
        return names
    }
}
