@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension StorageSuite {
    @Suite("Numbered indicators, writers and migrations") struct NumberingTests {
        @Test("every link names a stored indicator and report, and the numbers have no gaps", arguments: Backend.available)
        func integrity(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            _ = try await node.ingestNDJSON(lines([
                report("A", country: "VN", indicators: [(.phone, "0912 345 678"), (.url, "https://pay-vn.example.com/x")]),
                report("B", country: "TH", indicators: [(.phone, "+84 912 345 678"), (.url, "https://pay-vn.example.com/y")]),
            ].joined(separator: "\n")))
            _ = try await node.ingestNDJSON(lines(report("C", country: "PH", indicators: [(.wallet, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")])))
            // Phone, two URLs, one domain, one wallet: five canonical indicators, numbered 1 to 5.
            #expect(try await store.mark() == WriteMark(lastReport: 3, lastIndicator: 5))
            let orphans = try await store.rows("""
                SELECT COUNT(*) AS n FROM report_links l
                WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.id = l.indicator)
                   OR NOT EXISTS (SELECT 1 FROM reports r WHERE r.seq = l.report_seq)
                """, columns: ["n"])
            #expect(orphans == [["0"]])
            let links = try await store.rows("SELECT indicator, report_seq FROM report_links ORDER BY indicator, report_seq", columns: ["indicator", "report_seq"])
            #expect(links == [["1", "1"], ["1", "2"], ["2", "1"], ["3", "1"], ["3", "2"], ["4", "2"], ["5", "3"]])
            let kinds = try await store.rows("SELECT kind FROM indicators ORDER BY id", columns: ["kind"]).map { $0[0] }
            #expect(kinds == ["phone", "url", "domain", "url", "wallet"])
            try await store.close()
        }

        @Test("a failed ingest releases the numbers it reserved", arguments: Backend.available)
        func failedIngestReleases(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            let fresh = try canonicalizer.canonicalize(.phone, "+66 81 234 5678")
            let bad = [report("A", country: "TH", indicators: [(.phone, "+66 81 234 5678")]), #"{"country":"XX"}"#].joined(separator: "\n")
            await #expect(throws: IngestError.self) { try await node.ingestNDJSON(lines(bad)) }
            #expect(await node.withLinker { $0.number(of: fresh.id) } == nil)
            #expect(await node.withLinker { $0.contains(report: UUID()) } == false)
            // The same report goes in afterwards, numbered from the start.
            let summary = try await node.ingestNDJSON(lines(report("A", country: "TH", indicators: [(.phone, "+66 81 234 5678")])))
            #expect(summary.reportsStored == 1)
            #expect(await node.withLinker { $0.number(of: fresh.id) } == 1)
            #expect(try await store.mark() == WriteMark(lastReport: 1, lastIndicator: 1))
            try await store.close()
        }

        @Test("a commit that fails after linking began leaves the networks as the store has them")
        func failedCommitRebuilds() async throws {
            let inner = try await SQLStore.open(.sqliteMemory)
            let store = FailingCommit(inner: inner)
            let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer))
            _ = try await node.ingestNDJSON(lines(report("A", country: "VN", indicators: [(.phone, "0912 345 678")])))
            store.failNextCommit()
            let bridge = report("B", country: "TH", indicators: [(.phone, "+84 912 345 678")])
            await #expect(throws: CommitFailed.self) { try await node.ingestNDJSON(lines(bridge)) }
            #expect(await node.reportCount == 1)
            #expect(await node.networks(crossBorderOnly: false).isEmpty)
            // Nothing half-linked stays behind: the same report links once it is stored.
            let summary = try await node.ingestNDJSON(lines(bridge))
            #expect(summary.newLinks == 1)
            #expect(await node.networks().count == 1)
            try await inner.close()
        }

        @Test("two processes write one SQLite file: each catches up before it numbers")
        func twoWriters() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(UUID()).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let storeA = try await SQLStore.open(.sqliteFile(path))
            let storeB = try await SQLStore.open(.sqliteFile(path))
            let nodeA = try await node(storeA)
            let nodeB = try await node(storeB)
            _ = try await nodeA.ingestNDJSON(lines(report("A-1", country: "VN", indicators: [(.phone, "0912 345 678"), (.wallet, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")])))
            // B has not seen A's report; its write starts by reading it, so the wallet keeps
            // number 2 and the two reports link across the processes.
            let summary = try await nodeB.ingestNDJSON(lines(report("B-1", country: "TH", indicators: [(.wallet, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), (.phone, "+66 81 234 5678")])))
            #expect(summary.newLinks == 1)
            #expect(await nodeB.reportCount == 2)
            #expect(await nodeB.networks().count == 1)
            #expect(try await storeB.mark() == WriteMark(lastReport: 2, lastIndicator: 3))
            _ = try await nodeA.ingestNDJSON(lines(report("A-2", country: "PH", indicators: [(.phone, "+66 81 234 5678")])))
            #expect(await nodeA.reportCount == 3)
            #expect(await nodeA.networks().first?.reportCount == 3)
            let rebuilt = try await node(storeA)
            #expect(await partition(rebuilt) == partition(nodeA))
            try await storeA.close()
            try await storeB.close()
        }

        @Test("version 1 stores are carried over to numbered indicators", arguments: Backend.available)
        func migrationFromVersion1(backend: Backend) async throws {
            let store: SQLStore
            switch backend {
            case .sqlite: store = try await SQLStore.open(.sqliteMemory, logger: .init(label: "test"), migratingThrough: 1)
            case .postgres:
                store = try await SQLStore.open(.postgres(ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"]!))
                try await store.dropEverything(migratingThrough: 1)
            }
            // Two reports as version 1 stored them: one row per indicator, identifiers as text.
            let phone = try canonicalizer.canonicalize(.phone, "0912 345 678", country: "VN")
            let url = try canonicalizer.canonicalize(.url, "https://pay-vn.example.com/x")
            let domain = url.derived[0]
            try await store.execute("""
                INSERT INTO reports (seq, id, external_ref, organisation, reported_at, reported_epoch, country, scam_type, tlp, pap, ingested_at)
                VALUES (1, '0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b', 'VN-1', 'VN-C05', '2026-10-01T08:00:00Z', 1790841600, 'VN', 'investment', 'amber', 'green', '2026-10-02T00:00:00Z'),
                       (2, '1b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b', 'TH-1', 'TH-CCIB', '2026-10-03T08:00:00Z', 1791014400, 'TH', 'investment', 'green', 'green', '2026-10-04T00:00:00Z')
                """)
            func row(_ seq: Int, _ position: Int, raw: (String, String)?, country: String?, _ canonical: CanonicalIndicator?, problem: String? = nil) -> String {
                func q(_ text: String?) -> String { text.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" } ?? "NULL" }
                return "(\(seq), \(position), \(q(raw?.0)), \(q(raw?.1)), NULL, NULL, NULL, \(q(country)), \(q(canonical?.id.description)), \(q(canonical?.kind.rawValue)), \(q(canonical?.value)), \(q(problem)), 0)"
            }
            try await store.execute("""
                INSERT INTO report_indicators (report_seq, position, raw_kind, raw_value, chain, platform, bank, country, indicator_id, kind, value, problem, extracted) VALUES
                \(row(1, 0, raw: ("phone", "0912 345 678"), country: "VN", phone)),
                \(row(1, 1, raw: ("url", url.value), country: "VN", url)),
                \(row(1, 2, raw: nil, country: nil, domain)),
                \(row(1, 3, raw: ("bank_account", "DE89 3704"), country: "VN", nil, problem: "too short")),
                \(row(2, 0, raw: ("phone", "+84 912 345 678"), country: "VN", phone))
                """)
            try await store.migrate()
            #expect(try await store.appliedMigrations().map(\.0) == Migration.all.map(\.version))
            #expect(try await store.mark() == WriteMark(lastReport: 2, lastIndicator: 3))
            let stored = try await store.reports(seqs: [1, 2])
            #expect(stored.map { $0.report.indicators.map(\.raw.value) } == [["0912 345 678", url.value, "DE89 3704"], ["+84 912 345 678"]])
            #expect(stored[0].report.indicators[2].problem == "too short")
            // The Thai report's phone was written as a Vietnamese number: its country is kept.
            #expect(stored[1].report.indicators[0].raw.country == "VN")
            let node = try await node(store)
            let networks = await node.networks()
            #expect(networks.count == 1)
            #expect(networks.first?.countries == ["TH", "VN"])
            #expect(networks.first?.indicatorCount == 3)
            #expect(await node.knowledge(of: domain)?.reportCount == 1)
            try await store.close()
        }
    }
}

/// A store whose next commit fails after the body ran: the write is rolled back, as when the
/// disk fills at the last moment.
final class FailingCommit: Store, @unchecked Sendable {
    let inner: SQLStore
    private let lock = NSLock()
    private var failing = false

    init(inner: SQLStore) { self.inner = inner }

    func failNextCommit() { lock.withLock { failing = true } }

    var location: DatabaseLocation { inner.location }

    func transaction<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        let fail = lock.withLock { () -> Bool in defer { failing = false }; return failing }
        return try await inner.transaction { writer in
            let result = try await body(writer)
            if fail { throw CommitFailed() }
            return result
        }
    }

    func mark() async throws -> WriteMark { try await inner.mark() }
    func scanLinks(after mark: WriteMark, indicator: @escaping @Sendable (Int64, IndicatorID) -> Void,
                   report: @escaping @Sendable (ReportFacts, [Int64]) -> Void) async throws {
        try await inner.scanLinks(after: mark, indicator: indicator, report: report)
    }
    func reports(seqs: [Int64]) async throws -> [StoredReport] { try await inner.reports(seqs: seqs) }
    func indicators(numbers: [Int64]) async throws -> [Int64: (kind: IndicatorKind, value: String)] { try await inner.indicators(numbers: numbers) }
    func reportCount() async throws -> Int { try await inner.reportCount() }
    func indicatorSample(limit: Int) async throws -> [(kind: IndicatorKind, value: String)] { try await inner.indicatorSample(limit: limit) }
    func close() async throws { try await inner.close() }
}

struct CommitFailed: Error {}
