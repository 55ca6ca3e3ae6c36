import AccordCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The one SQL implementation of `Store`, over SQLKit, on SQLite (a file, or memory for tests) and
/// PostgreSQL. It holds one connection; the actor serialises its use, so a transaction owns the
/// connection from `BEGIN` to `COMMIT`.
public actor SQLStore: Store {
    public nonisolated let location: DatabaseLocation
    let database: any SQLDatabase
    private let closeConnection: @Sendable () async throws -> Void
    private let postgres: Bool

    /// Values per `IN (…)` list of a look-up, kept well under the databases' limits on bound parameters.
    static let rowsPerStatement = 400

    /// The PostgreSQL connection itself, for `COPY`.
    private let postgresConnection: PostgresConnection?
    private let logger: Logger

    private init(location: DatabaseLocation, database: any SQLDatabase, postgres: PostgresConnection? = nil, logger: Logger,
                 close: @escaping @Sendable () async throws -> Void) {
        self.postgresConnection = postgres
        self.logger = logger
        self.postgres = postgres != nil
        self.location = location
        self.database = database
        self.closeConnection = close
    }

    /// Opens the store and applies any migration it has not applied yet.
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "accord.store")) async throws -> SQLStore {
        try await open(location, logger: logger, migratingThrough: .max)
    }

    /// Opens the store with the migrations up to `last` applied (tests of a migration start before it).
    static func open(_ location: DatabaseLocation, logger: Logger, migratingThrough last: Int) async throws -> SQLStore {
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
            store = SQLStore(location: location, database: connection.sql(queryLogLevel: nil), logger: logger) { try await connection.close() }
        case .sqliteMemory:
            let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
            store = SQLStore(location: location, database: connection.sql(queryLogLevel: nil), logger: logger) { try await connection.close() }
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
            store = SQLStore(location: location, database: connection.sql(queryLogLevel: nil), postgres: connection, logger: logger) { try await connection.close() }
        }
        do {
            try await store.prepare(migratingThrough: last)
        } catch {
            try? await store.close()
            throw error
        }
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

    private func prepare(migratingThrough last: Int) async throws {
        if !postgres {
            for pragma in ["PRAGMA page_size = 32768", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -65536", "PRAGMA busy_timeout = 10000"] {
                try await database.raw(SQLQueryString(pragma)).run()
            }
        }
        try await migrate(through: last)
    }

    /// Applies the migrations not yet recorded in `accord_migrations`, each in its own transaction.
    func migrate(through last: Int = .max) async throws {
        try await database.raw("CREATE TABLE IF NOT EXISTS accord_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)").run()
        let applied = Set(try await database.raw("SELECT version FROM accord_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
        for migration in Migration.all where !applied.contains(migration.version) && migration.version <= last {
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

    /// The versions of every migration this build knows: a ready store has applied them all.
    public static let schemaVersions = Migration.all.map(\.version)

    /// The migrations applied, as (version, name).
    public func appliedMigrations() async throws -> [(Int, String)] {
        try await database.raw("SELECT version, name FROM accord_migrations ORDER BY version").all().map {
            (try $0.decode(column: "version", as: Int.self), try $0.decode(column: "name", as: String.self))
        }
    }

    /// Transactions run one at a time on the one connection; later ones wait their turn.
    let turns = Turns()

    public func transaction<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await turns.take { try await inTransaction(locking: "reports, indicators") { try await body(Writer(store: self)) } }
    }

    /// A transaction holding the write lock of `tables` (PostgreSQL; SQLite locks the whole file).
    func inTransaction<T: Sendable>(locking tables: String, _ body: @Sendable () async throws -> T) async throws -> T {
        do {
            // The write lock for the whole transaction: SQLite's IMMEDIATE takes it at once;
            // PostgreSQL keeps other writers out of the tables while readers go on.
            if postgres {
                try await database.raw("BEGIN").run()
                try await database.raw(SQLQueryString("LOCK TABLE \(tables) IN EXCLUSIVE MODE")).run()
            } else {
                try await database.raw("BEGIN IMMEDIATE").run()
            }
        } catch {
            try? await database.raw("ROLLBACK").run()
            let reason = Self.reason(error)
            if reason.contains("database is locked") {
                throw StoreError("cannot start writing to \(location): another process has been writing to it for over 10 s; try again when it is done")
            }
            throw StoreError("cannot start writing to \(location): \(reason)")
        }
        do {
            let result = try await body()
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    struct Writer: StoreWriter {
        let store: SQLStore
        func mark() async throws -> WriteMark { try await store.mark() }
        func prepare(_ batch: WriteBatch) -> PreparedWrite { SQLStore.prepare(batch, postgres: store.postgres) }
        func insert(_ write: PreparedWrite) async throws { try await store.insert(write) }
    }

    public func mark() async throws -> WriteMark {
        let row = try await database.raw("SELECT (SELECT COALESCE(MAX(seq), 0) FROM reports) AS r, (SELECT COALESCE(MAX(id), 0) FROM indicators) AS i").first()
        return WriteMark(lastReport: try row?.decode(column: "r", as: Int64.self) ?? 0, lastIndicator: try row?.decode(column: "i", as: Int64.self) ?? 0)
    }

    fileprivate func insert(_ write: PreparedWrite) async throws {
        guard !write.steps.isEmpty else { return }
        // Numbers continue the store's without gaps: anything else is a writer that lost track.
        let mark = try await mark()
        if let first = write.firstIndicator, first != mark.lastIndicator + 1 {
            throw StoreError("indicator number \(first) does not continue the store (last \(mark.lastIndicator))")
        }
        if let first = write.firstReport, first != mark.lastReport + 1 {
            throw StoreError("report number \(first) does not continue the store (last \(mark.lastReport))")
        }
        do {
            for step in write.steps {
                switch step {
                case .statement(let statement):
                    try await database.raw(statement).run()
                case .copy(let rows):
                    guard let connection = postgresConnection else { preconditionFailure("COPY is PostgreSQL's") }
                    try await connection.copyFrom(table: rows.table, columns: rows.columns.map(\.name), logger: logger) { writer in
                        try await writer.write(ByteBuffer(bytes: rows.bytes))
                    }
                }
            }
        } catch {
            throw StoreError("cannot store the batch: \(Self.reason(error))")
        }
    }

    /// The steps that store `batch`: rows of new indicators, reports, and the links between them.
    static func prepare(_ batch: WriteBatch, postgres: Bool) -> PreparedWrite {
        let indicators = batch.indicators, reports = batch.reports
        for i in indicators.indices { precondition(indicators[i].number == indicators[0].number + Int64(i), "indicator numbers have a gap") }
        for i in reports.indices { precondition(reports[i].seq == reports[0].seq + Int64(i), "report numbers have a gap") }
        var steps: [PreparedWrite.Step] = []
        func add(_ rows: BulkRows) { steps.append(postgres ? .copy(rows) : .statement(rows.sqliteInsert())) }
        if !indicators.isEmpty {
            var rows = BulkRows(into: "indicators", columns: numberedIndicatorColumns, postgres: postgres, capacity: indicators.count, bytesPerRow: 112)
            for i in indicators.indices {
                rows.integer(indicators[i].number)
                rows.text(indicators[i].id.uuid.compactHex)
                rows.text(indicators[i].kind.rawValue)
                rows.text(indicators[i].value)
                rows.endRow()
            }
            add(rows)
        }
        if let first = reports.first?.seq, let last = reports.last?.seq {
            let ingestedAt = RFC3339.format(Date())
            var rows = BulkRows(into: "reports", columns: reportColumns, postgres: postgres, capacity: reports.count, bytesPerRow: 512)
            for numbered in reports {
                let r = numbered.report
                rows.integer(numbered.seq)
                rows.text(r.id.lowercasedString)
                rows.text(r.externalRef)
                rows.text(r.organisation)
                rows.text(RFC3339.format(r.reportedAt))
                rows.integer(Int64(r.reportedAt.timeIntervalSince1970))
                rows.text(r.occurredAt)
                rows.text(r.country)
                rows.text(r.scamType.rawValue)
                rows.text(r.loss?.amount)
                rows.text(r.loss?.currency)
                rows.text(r.narrative)
                rows.real(r.narrativeAnalysis.map { Double($0.score) })
                rows.text(r.narrativeAnalysis?.verdict)
                rows.text(r.narrativeAnalysis?.scamType)
                rows.text(r.tlp.rawValue)
                rows.text(r.pap.rawValue)
                rows.text(ingestedAt)
                if let submitter = batch.submittedBy { rows.integer(submitter) } else { rows.text(nil) }
                rows.json { IndicatorDocument.write(numbered, to: &$0) }
                rows.json { out in
                    out.append(0x5B)
                    for (index, number) in numbered.indicators.enumerated() {
                        if index > 0 { out.append(0x2C) }
                        out.append(contentsOf: String(number).utf8)
                    }
                    out.append(0x5D)
                }
                rows.endRow()
            }
            add(rows)
            if postgres {
                var links = BulkRows(into: "report_links", columns: linkColumns, postgres: true, capacity: reports.count * 4, bytesPerRow: 16)
                for numbered in reports {
                    for number in numbered.indicators {
                        links.integer(number)
                        links.integer(numbered.seq)
                        links.endRow()
                    }
                }
                if links.count > 0 { add(links) }
            } else {
                // SQLite reads the index rows back from the reports just written: cheaper than
                // sending them.
                var query = SQLQueryString("INSERT INTO report_links (indicator, report_seq) SELECT j.value, r.seq FROM reports r, json_each(r.links) AS j WHERE r.seq BETWEEN ")
                query.appendInterpolation(bind: first)
                query.appendLiteral(" AND ")
                query.appendInterpolation(bind: last)
                steps.append(.statement(query))
            }
        }
        return PreparedWrite(steps: steps, firstReport: batch.reports.first?.seq, firstIndicator: batch.indicators.first?.number)
    }

    static let linkColumns: [(name: String, type: String)] = [("indicator", "bigint"), ("report_seq", "bigint")]
    static let numberedIndicatorColumns: [(name: String, type: String)] = [("id", "bigint"), ("uuid", "uuid"), ("kind", "text"), ("value", "text")]
    static let reportColumns: [(name: String, type: String)] = [
        ("seq", "bigint"), ("id", "text"), ("external_ref", "text"), ("organisation", "text"), ("reported_at", "text"), ("reported_epoch", "bigint"),
        ("occurred_at", "text"), ("country", "text"), ("scam_type", "text"), ("loss_amount", "text"), ("loss_currency", "text"),
        ("narrative", "text"), ("narrative_score", "double precision"), ("narrative_verdict", "text"), ("narrative_scam_type", "text"),
        ("tlp", "text"), ("pap", "text"), ("ingested_at", "text"), ("submitted_by", "bigint"), ("indicators", "text"), ("links", "text"),
    ]

    public func scanLinks(after mark: WriteMark, indicator: @escaping @Sendable (Int64, IndicatorID) -> Void,
                          report: @escaping @Sendable (ReportFacts, [Int64]) -> Void) async throws {
        var query = SQLQueryString(postgres ? "SELECT id, uuid::text AS uuid FROM indicators WHERE id > " : "SELECT id, hex(uuid) AS uuid FROM indicators WHERE id > ")
        query.appendInterpolation(bind: mark.lastIndicator)
        query.appendLiteral(" ORDER BY id")
        let failure = FirstError()
        try await database.raw(query).run { row in
            do {
                let text = try row.decode(column: "uuid", as: String.self)
                guard let uuid = UUID(hex: text) else { throw StoreError("indicator identifier '\(text)' is not a UUID") }
                indicator(try row.decode(column: "id", as: Int64.self), IndicatorID(uuid: uuid))
            } catch {
                failure.record(error)
            }
        }
        try failure.check()
        // Each report with the numbers of what it links on, in ingest order.
        var reports = SQLQueryString("SELECT seq, id, country, organisation, scam_type, reported_epoch, loss_amount, loss_currency, tlp, submitted_by, links FROM reports WHERE seq > ")
        reports.appendInterpolation(bind: mark.lastReport)
        reports.appendLiteral(" ORDER BY seq")
        try await database.raw(reports).run { row in
            do {
                let facts = try Self.facts(row)
                var numbers: [Int64] = []
                if let text = try Self.optional(row, "links") {
                    for part in text.utf8.split(whereSeparator: { $0 == 0x2C || $0 == 0x5B || $0 == 0x5D || $0 == 0x20 }) {
                        guard let number = Int64(Substring(part)) else { throw StoreError("report \(facts.seq) links on '\(Substring(part))', not an indicator number") }
                        numbers.append(number)
                    }
                }
                report(facts, numbers)
            } catch {
                failure.record(error)
            }
        }
        try failure.check()
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
            tlp: TLP(rawValue: try row.decode(column: "tlp", as: String.self)) ?? .red,
            submittedBy: try row.decodeNil(column: "submitted_by") ? nil : row.decode(column: "submitted_by", as: Int64.self))
    }

    public func reports(seqs: [Int64]) async throws -> [StoredReport] {
        guard !seqs.isEmpty else { return [] }
        var bySeq: [Int64: StoredReport] = [:]
        for chunk in seqs.chunked(Self.rowsPerStatement) {
            let binds = chunk.map { $0 as any Encodable & Sendable }
            let rows = try await database.raw("SELECT * FROM reports WHERE seq IN (\(binds: binds))").all()
            var documents: [(row: any SQLRow, seq: Int64, indicators: [IndicatorDocument.Item])] = []
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int64.self)
                documents.append((row, seq, try IndicatorDocument.read(try Self.optional(row, "indicators"), report: seq)))
            }
            // Raw values that were canonical already are the canonical indicator's value.
            let wanted = Set(documents.flatMap { $0.indicators.filter { $0.value == nil }.compactMap(\.indicator) })
            let canonical = try await indicators(numbers: Array(wanted))
            for (row, seq, items) in documents {
                let country = try Self.optional(row, "country")
                let indicators = try items.map { item in
                    guard let kind = IndicatorKind(rawValue: item.kind) else { throw StoreError("report \(seq): indicator kind '\(item.kind)' is not one Accord knows") }
                    guard let value = item.value ?? item.indicator.flatMap({ canonical[$0]?.value }) else {
                        throw StoreError("report \(seq): a \(item.kind) indicator has neither a value nor a stored canonical form")
                    }
                    let raw = RawIndicator(kind: kind, value: value, chain: item.chain, platform: item.platform, bank: item.bank,
                                           country: item.country ?? country)
                    // The canonical form is recomputed by the reader when it needs details; the store keeps its number.
                    return ReportIndicator(raw: raw, canonical: nil, problem: item.problem, extracted: item.extracted ?? false)
                }
                let submitter = try row.decodeNil(column: "submitted_by") ? nil : try row.decode(column: "submitted_by", as: Int64.self)
                bySeq[seq] = StoredReport(seq: seq, report: try Self.report(row, indicators: indicators), submittedBy: submitter)
            }
        }
        return seqs.compactMap { bySeq[$0] }
    }

    static func optional(_ row: any SQLRow, _ column: String) throws -> String? {
        try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
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
            pap: PAP(rawValue: try row.decode(column: "pap", as: String.self)) ?? .red, indicators: indicators,
            narrativeAnalysis: try narrativeAnalysis(row))
    }

    static func narrativeAnalysis(_ row: any SQLRow) throws -> NarrativeAnalysis? {
        guard try !row.decodeNil(column: "narrative_score"), let verdict = try optional(row, "narrative_verdict") else { return nil }
        return NarrativeAnalysis(score: Float(try row.decode(column: "narrative_score", as: Double.self)), verdict: verdict,
                                 scamType: try optional(row, "narrative_scam_type"))
    }

    public func indicators(numbers: [Int64]) async throws -> [Int64: (kind: IndicatorKind, value: String)] {
        var out: [Int64: (kind: IndicatorKind, value: String)] = [:]
        for chunk in numbers.chunked(Self.rowsPerStatement) {
            let binds = chunk.map { $0 as any Encodable & Sendable }
            for row in try await database.raw("SELECT id, kind, value FROM indicators WHERE id IN (\(binds: binds))").all() {
                let kindText = try row.decode(column: "kind", as: String.self)
                guard let kind = IndicatorKind(rawValue: kindText) else { throw StoreError("stored indicator kind '\(kindText)' is not one Accord knows") }
                out[try row.decode(column: "id", as: Int64.self)] = (kind, try row.decode(column: "value", as: String.self))
            }
        }
        return out
    }

    public func indicatorSample(limit: Int) async throws -> [(kind: IndicatorKind, value: String)] {
        let last = try await mark().lastIndicator
        guard last > 0, limit > 0 else { return [] }
        let step = max(1, last / Int64(limit))
        let numbers = stride(from: Int64(1), through: last, by: Int(step)).prefix(limit)
        let found = try await indicators(numbers: Array(numbers))
        return numbers.compactMap { found[$0] }
    }

    public func reportCount() async throws -> Int {
        try await database.raw("SELECT COUNT(*) AS n FROM reports").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func close() async throws { try await closeConnection() }

    /// Runs one statement outside the store's API: for tests that build old schemas or check
    /// what is stored.
    func execute(_ sql: String) async throws {
        try await database.raw(SQLQueryString(sql)).run()
    }

    /// The rows of one query, each as its columns' text (for tests).
    func rows(_ sql: String, columns: [String]) async throws -> [[String?]] {
        try await database.raw(SQLQueryString(sql)).all().map { row in
            try columns.map { column in
                if try row.decodeNil(column: column) { return nil }
                if let number = try? row.decode(column: column, as: Int64.self) { return String(number) }
                return try row.decode(column: column, as: String.self)
            }
        }
    }

    /// Drops every table: for tests that share one PostgreSQL database.
    func dropEverything(migratingThrough last: Int = .max) async throws {
        for table in ["coop_events", "coop_requests", "directory_entries", "custody_heads", "custody_blocks", "custody_log", "evidence_items", "alerts", "access_log", "api_keys", "organisations", "report_links", "report_indicators", "indicators", "reports", "accord_migrations"] {
            try await database.raw(SQLQueryString("DROP TABLE IF EXISTS \(table)\(postgres ? " CASCADE" : "")")).run()
        }
        try await migrate(through: last)
    }
}

/// The first error met while rows stream through a callback that cannot throw.
private final class FirstError: Sendable {
    private let error = Mutex<(any Error)?>(nil)

    func record(_ error: any Error) { self.error.withLock { if $0 == nil { $0 = error } } }

    func check() throws { if let error = error.withLock({ $0 }) { throw error } }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
