import AccordCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The one SQL implementation of `Store`, over SQLKit, on SQLite (a file, or memory for tests) and
/// PostgreSQL. It holds one connection; the actor serialises its use, so a transaction owns the
/// connection from `BEGIN` to `COMMIT`.
public actor SQLStore: Store {
    public nonisolated let location: DatabaseLocation
    private let database: any SQLDatabase
    private let closeConnection: @Sendable () async throws -> Void
    private let postgres: Bool

    /// Rows per multi-row INSERT, kept under SQLite's 32,766 bound parameters.
    static let rowsPerStatement = 400

    private init(location: DatabaseLocation, database: any SQLDatabase, postgres: Bool, close: @escaping @Sendable () async throws -> Void) {
        self.location = location
        self.database = database
        self.postgres = postgres
        self.closeConnection = close
    }

    /// Opens the store and applies any migration it has not applied yet.
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "accord.store")) async throws -> SQLStore {
        let store: SQLStore
        switch location {
        case .sqliteFile(let path), .postgres(let path) where !location.isPostgres:
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let connection: SQLiteConnection
            do {
                connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            } catch {
                throw StoreError("cannot open the SQLite database \(path): \(error)")
            }
            store = SQLStore(location: location, database: connection.sql(queryLogLevel: nil), postgres: false) { try await connection.close() }
        case .sqliteMemory:
            let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
            store = SQLStore(location: location, database: connection.sql(queryLogLevel: nil), postgres: false) { try await connection.close() }
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do { configuration = try SQLPostgresConfiguration(url: url) } catch {
                throw StoreError("'\(location)' is not a PostgreSQL URL: postgres://user:password@host:port/database")
            }
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 1, logger: logger)
            } catch {
                throw StoreError("cannot connect to \(location): \(Self.reason(error))")
            }
            store = SQLStore(location: location, database: connection.sql(queryLogLevel: nil), postgres: true) { try await connection.close() }
        }
        try await store.prepare()
        return store
    }

    /// What went wrong reaching PostgreSQL, in the server's words where it gave any.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying {
                let text = String(describing: underlying)
                if text.contains("Connection refused") { return "connection refused: is PostgreSQL running there?" }
                return text
            }
        }
        return String(describing: error)
    }

    private func prepare() async throws {
        if !postgres {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -65536"] {
                try await database.raw(SQLQueryString(pragma)).run()
            }
        }
        try await migrate()
    }

    /// Applies the migrations not yet recorded in `accord_migrations`, each in its own transaction.
    func migrate() async throws {
        try await database.raw("CREATE TABLE IF NOT EXISTS accord_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)").run()
        let applied = Set(try await database.raw("SELECT version FROM accord_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
        for migration in Migration.all where !applied.contains(migration.version) {
            try await database.raw("BEGIN").run()
            do {
                for statement in migration.statements(postgres) { try await database.raw(SQLQueryString(statement)).run() }
                try await database.insert(into: "accord_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(RFC3339.format(Date()))).run()
                try await database.raw("COMMIT").run()
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw StoreError("migration \(migration.version) (\(migration.name)) failed: \(error)")
            }
        }
    }

    /// The migrations applied, as (version, name).
    public func appliedMigrations() async throws -> [(Int, String)] {
        try await database.raw("SELECT version, name FROM accord_migrations ORDER BY version").all().map {
            (try $0.decode(column: "version", as: Int.self), try $0.decode(column: "name", as: String.self))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await database.raw(postgres ? "BEGIN" : "BEGIN IMMEDIATE").run()
        do {
            let result = try await body(Writer(store: self))
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    struct Writer: StoreWriter {
        let store: SQLStore
        func insert(_ reports: [Report]) async throws -> StoredBatch { try await store.insert(reports) }
    }

    fileprivate func insert(_ reports: [Report]) async throws -> StoredBatch {
        var batch = StoredBatch()
        // Drop ids repeated inside the batch; those already stored are skipped by the database.
        var seen = Set<UUID>()
        let unique = reports.filter { seen.insert($0.id).inserted }
        batch.duplicates = reports.count - unique.count
        guard !unique.isEmpty else { return batch }
        let ingestedAt = RFC3339.format(Date())
        var rows = BulkRows()
        for r in unique {
            rows.append(
                .text(r.id.lowercasedString), .text(r.externalRef), .text(r.organisation), .text(RFC3339.format(r.reportedAt)),
                .integer(Int64(r.reportedAt.timeIntervalSince1970)), .text(r.occurredAt), .text(r.country), .text(r.scamType.rawValue),
                .text(r.loss?.amount), .text(r.loss?.currency), .text(r.narrative), .text(r.tlp.rawValue), .text(r.pap.rawValue), .text(ingestedAt))
        }
        let insertReports = rows.insert(into: "reports", columns: Self.reportColumns, postgres: postgres,
                                        suffix: "ON CONFLICT (id) DO NOTHING RETURNING seq, id")
        var seqByID: [UUID: Int64] = [:]
        for row in try await database.raw(insertReports).all() {
            seqByID[UUID(uuidString: try row.decode(column: "id", as: String.self))!] = try row.decode(column: "seq", as: Int64.self)
        }
        batch.duplicates += unique.count - seqByID.count
        let stored = unique.compactMap { r in seqByID[r.id].map { (seq: $0, report: r) } }
        batch.inserted = stored
        guard !stored.isEmpty else { return batch }

        var indicatorRows = BulkRows()
        for (seq, report) in stored {
            var linked = Set<IndicatorID>()
            var position: Int64 = 0
            for indicator in report.indicators {
                let raw = indicator.raw
                let canonical = indicator.canonical.flatMap { canonical in report.linking.first { $0.indicator == canonical } }
                if let canonical { linked.insert(canonical.id) }
                indicatorRows.append(.integer(seq), .integer(position), .text(raw.kind.rawValue), .text(raw.value), .text(raw.chain),
                            .text(raw.platform), .text(raw.bank), .text(raw.country), .text(canonical?.id.description),
                            .text(canonical?.indicator.kind.rawValue), .text(canonical?.indicator.value), .text(indicator.problem),
                            .integer(indicator.extracted ? 1 : 0))
                position += 1
            }
            // What the given indicators yield, once each.
            for linking in report.linking where linked.insert(linking.id).inserted {
                indicatorRows.append(.integer(seq), .integer(position), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil),
                            .text(linking.id.description), .text(linking.indicator.kind.rawValue), .text(linking.indicator.value),
                            .text(nil), .integer(0))
                position += 1
            }
        }
        if indicatorRows.count > 0 {
            try await database.raw(indicatorRows.insert(into: "report_indicators", columns: Self.indicatorColumns, postgres: postgres)).run()
        }
        return batch
    }

    static let reportColumns: [(name: String, type: String)] = [
        ("id", "text"), ("external_ref", "text"), ("organisation", "text"), ("reported_at", "text"), ("reported_epoch", "bigint"),
        ("occurred_at", "text"), ("country", "text"), ("scam_type", "text"), ("loss_amount", "text"), ("loss_currency", "text"),
        ("narrative", "text"), ("tlp", "text"), ("pap", "text"), ("ingested_at", "text"),
    ]
    static let indicatorColumns: [(name: String, type: String)] = [
        ("report_seq", "bigint"), ("position", "integer"), ("raw_kind", "text"), ("raw_value", "text"), ("chain", "text"), ("platform", "text"),
        ("bank", "text"), ("country", "text"), ("indicator_id", "text"), ("kind", "text"), ("value", "text"), ("problem", "text"),
        ("extracted", "integer"),
    ]

    public func scanLinks(_ visit: @Sendable (ReportFacts, [IndicatorID]) -> Void) async throws {
        // Links first (grouped by report), then the reports in the same order.
        var links: [Int64: [IndicatorID]] = [:]
        for row in try await database.raw("SELECT report_seq, indicator_id FROM report_indicators WHERE indicator_id IS NOT NULL ORDER BY report_seq, position").all() {
            let seq = try row.decode(column: "report_seq", as: Int64.self)
            let id = IndicatorID(uuid: UUID(uuidString: try row.decode(column: "indicator_id", as: String.self))!)
            // A value given twice in one report links once.
            if links[seq]?.contains(id) != true { links[seq, default: []].append(id) }
        }
        let rows = try await database.raw("SELECT seq, id, country, organisation, scam_type, reported_epoch, loss_amount, loss_currency, tlp FROM reports ORDER BY seq").all()
        for row in rows {
            let facts = try Self.facts(row)
            visit(facts, links[facts.seq] ?? [])
        }
    }

    static func facts(_ row: any SQLRow) throws -> ReportFacts {
        var loss: Money?
        if let amount = try row.decodeNil(column: "loss_amount") ? nil : row.decode(column: "loss_amount", as: String.self),
           let currency = try row.decodeNil(column: "loss_currency") ? nil : row.decode(column: "loss_currency", as: String.self) {
            loss = try? Money(amount: amount, currency: currency)
        }
        return ReportFacts(
            seq: try row.decode(column: "seq", as: Int64.self),
            id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            country: try optional(row, "country"),
            organisation: try row.decodeNil(column: "organisation") ? nil : row.decode(column: "organisation", as: String.self),
            scamType: ScamType(rawValue: try row.decode(column: "scam_type", as: String.self)) ?? .other,
            reportedAt: try row.decode(column: "reported_epoch", as: Int64.self),
            loss: loss,
            tlp: TLP(rawValue: try row.decode(column: "tlp", as: String.self)) ?? .red)
    }

    public func reports(seqs: [Int64]) async throws -> [StoredReport] {
        guard !seqs.isEmpty else { return [] }
        var bySeq: [Int64: StoredReport] = [:]
        for chunk in seqs.chunked(Self.rowsPerStatement) {
            let rows = try await database.select().column(SQLLiteral.all).from("reports")
                .where(SQLIdentifier("seq"), .in, SQLBind.group(Array(chunk))).all()
            let indicatorRows = try await database.select().column(SQLLiteral.all).from("report_indicators")
                .where(SQLIdentifier("report_seq"), .in, SQLBind.group(Array(chunk))).where("raw_value", .isNot, SQLLiteral.null)
                .orderBy("position").all()
            var indicatorsBySeq: [Int64: [(Int, ReportIndicator)]] = [:]
            for row in indicatorRows {
                let seq = try row.decode(column: "report_seq", as: Int64.self)
                indicatorsBySeq[seq, default: []].append((try row.decode(column: "position", as: Int.self), try Self.indicator(row)))
            }
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int64.self)
                let indicators = (indicatorsBySeq[seq] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
                bySeq[seq] = StoredReport(seq: seq, report: try Self.report(row, indicators: indicators))
            }
        }
        return seqs.compactMap { bySeq[$0] }
    }

    private static func optional(_ row: any SQLRow, _ column: String) throws -> String? {
        try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
    }

    static func indicator(_ row: any SQLRow) throws -> ReportIndicator {
        let raw = RawIndicator(
            kind: IndicatorKind(rawValue: try row.decode(column: "raw_kind", as: String.self)) ?? .handle,
            value: try row.decode(column: "raw_value", as: String.self),
            chain: try optional(row, "chain"), platform: try optional(row, "platform"), bank: try optional(row, "bank"),
            country: try optional(row, "country"))
        // The canonical form is recomputed by the reader when it needs details; the store keeps its id.
        return ReportIndicator(raw: raw, canonical: nil, problem: try optional(row, "problem"),
                               extracted: try row.decode(column: "extracted", as: Int.self) != 0)
    }

    static func report(_ row: any SQLRow, indicators: [ReportIndicator]) throws -> Report {
        var loss: Money?
        if let amount = try optional(row, "loss_amount"), let currency = try optional(row, "loss_currency") {
            loss = try? Money(amount: amount, currency: currency)
        }
        return Report(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            externalRef: try optional(row, "external_ref"), organisation: try optional(row, "organisation"),
            reportedAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "reported_epoch", as: Int64.self))),
            occurredAt: try optional(row, "occurred_at"), country: try optional(row, "country"),
            scamType: ScamType(rawValue: try row.decode(column: "scam_type", as: String.self)) ?? .other, loss: loss,
            narrative: try optional(row, "narrative"), tlp: TLP(rawValue: try row.decode(column: "tlp", as: String.self)) ?? .red,
            pap: PAP(rawValue: try row.decode(column: "pap", as: String.self)) ?? .red, indicators: indicators)
    }

    public func indicators(ids: [IndicatorID]) async throws -> [IndicatorID: (kind: IndicatorKind, value: String)] {
        var out: [IndicatorID: (kind: IndicatorKind, value: String)] = [:]
        for chunk in ids.chunked(Self.rowsPerStatement) {
            let rows = try await database.select().distinct().columns("indicator_id", "kind", "value").from("report_indicators")
                .where(SQLIdentifier("indicator_id"), .in, SQLBind.group(chunk.map(\.description))).all()
            for row in rows {
                let id = IndicatorID(uuid: UUID(uuidString: try row.decode(column: "indicator_id", as: String.self))!)
                out[id] = (IndicatorKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .handle, try row.decode(column: "value", as: String.self))
            }
        }
        return out
    }

    public func indicatorSample(limit: Int) async throws -> [(kind: IndicatorKind, value: String)] {
        let rows = try await database.raw("SELECT DISTINCT indicator_id, kind, value FROM report_indicators WHERE indicator_id IS NOT NULL ORDER BY indicator_id").all()
        let step = max(1, rows.count / max(1, limit))
        return stride(from: 0, to: rows.count, by: step).prefix(limit).compactMap { i in
            guard let kind = IndicatorKind(rawValue: (try? rows[i].decode(column: "kind", as: String.self)) ?? "") else { return nil }
            return (kind, (try? rows[i].decode(column: "value", as: String.self)) ?? "")
        }
    }

    public func reportCount() async throws -> Int {
        try await database.raw("SELECT COUNT(*) AS n FROM reports").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func close() async throws { try await closeConnection() }

    /// Drops every table: for tests that share one PostgreSQL database.
    func dropEverything() async throws {
        for table in ["report_indicators", "reports", "accord_migrations"] {
            try await database.raw(SQLQueryString("DROP TABLE IF EXISTS \(table)\(postgres ? " CASCADE" : "")")).run()
        }
        try await migrate()
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
