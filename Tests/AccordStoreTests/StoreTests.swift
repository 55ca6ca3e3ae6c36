@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension StorageSuite {
    @Suite("Store on SQLite and PostgreSQL") struct StoreTests {
        @Test("migrations are applied once and recorded", arguments: Backend.available)
        func migrations(backend: Backend) async throws {
            let store = try await backend.open()
            let applied = try await store.appliedMigrations()
            #expect(applied.map(\.0) == Migration.all.map(\.version))
            try await store.migrate()  // a second start applies nothing new
            #expect(try await store.appliedMigrations().count == applied.count)
            try await store.close()
        }

        @Test("a SQLite file keeps its reports across restarts")
        func sqliteFile() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(UUID()).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let first = try await SQLStore.open(.sqliteFile(path))
            let node1 = try await node(first)
            _ = try await node1.ingestNDJSON(lines(report("A-1", country: "VN", indicators: [(.phone, "+84912345678")])))
            try await first.close()
            let second = try await SQLStore.open(.sqliteFile(path))
            #expect(try await second.reportCount() == 1)
            try await second.close()
        }

        @Test("a report reads back as it was given", arguments: Backend.available)
        func roundTrip(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            let line = #"{"id":"0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b","external_ref":"VN-2026-1142","organisation":"VN-C05","country":"VN","scam_type":"investment","reported_at":"2026-10-01T08:00:00Z","occurred_at":"2026-09-20","loss":{"amount":"5000","currency":"USDT"},"narrative":"Lời mời đầu tư","tlp":"amber","pap":"green","indicators":[{"kind":"phone","value":"0912 345 678"},{"kind":"wallet","value":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t","chain":"tron"},{"kind":"handle","value":"@invest_mia","platform":"telegram"},{"kind":"bank_account","value":"DE89 3704 0044 0532 0130 01"}]}"#
            let summary = try await node.ingestNDJSON(lines(line))
            #expect(summary.reportsStored == 1)
            #expect(summary.indicators == 3)
            #expect(summary.invalidIndicators == 1)
            let stored = try await store.reports(seqs: [1])
            let report = try #require(stored.first?.report)
            #expect(report.id == UUID(uuidString: "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b"))
            #expect(report.externalRef == "VN-2026-1142")
            #expect(report.country == "VN")
            #expect(report.loss == (try Money(amount: "5000", currency: "USDT")))
            #expect(report.narrative == "Lời mời đầu tư")
            #expect(report.tlp == .amber && report.pap == .green)
            #expect(report.occurredAt == "2026-09-20")
            #expect(report.indicators.map(\.raw.value) == ["0912 345 678", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "@invest_mia", "DE89 3704 0044 0532 0130 01"])
            #expect(report.indicators[3].problem == "bad IBAN checksum")
            try await store.close()
        }

        @Test("re-ingesting the same report id never duplicates", arguments: Backend.available)
        func reingest(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            let text = [report("A-1", country: "VN", organisation: "X", indicators: [(.phone, "+84912345678")]),
                        report("A-2", country: "TH", organisation: "X", indicators: [(.phone, "+84912345678")])].joined(separator: "\n")
            let first = try await node.ingestNDJSON(lines(text))
            let second = try await node.ingestNDJSON(lines(text))
            #expect(first.reportsStored == 2)
            #expect(second.reportsStored == 0)
            #expect(second.duplicates == 2)
            #expect(try await store.reportCount() == 2)
            #expect(await node.reportCount == 2)
            try await store.close()
        }

        @Test("one bad line rejects the whole batch; --skip-invalid stores the rest", arguments: Backend.available)
        func atomicBatch(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            let text = [report("A-1", country: "VN", indicators: [(.phone, "+84912345678")]),
                        #"{"country":"VN","loss":{"amount":"12","currency":"DOLLARS"}}"#,
                        report("A-3", country: "TH", indicators: [(.phone, "+66812345678")])].joined(separator: "\n")
            await #expect(throws: IngestError.self) { try await node.ingestNDJSON(lines(text)) }
            do { _ = try await node.ingestNDJSON(lines(text)) } catch let error as IngestError {
                #expect(error.description.hasPrefix("line 2, field loss.currency: 'DOLLARS' is neither"))
            }
            #expect(try await store.reportCount() == 0)
            #expect(await node.reportCount == 0)
            let summary = try await node.ingestNDJSON(lines(text), options: IngestOptions(skipInvalid: true))
            #expect(summary.reportsStored == 2)
            #expect(summary.rejected.map(\.line) == [2])
            #expect(summary.rejected.first?.field == "loss.currency")
            #expect(try await store.reportCount() == 2)
            try await store.close()
        }

        @Test("invalid UTF-8 names its line and rejects the batch")
        func invalidUTF8() async throws {
            let store = try await SQLStore.open(.sqliteMemory)
            let node = try await node(store)
            var bytes = Array((report("U-1", country: "VN", indicators: [(.phone, "+84912345678")]) + "\n").utf8)
            bytes += Array(#"{"country":"VN","narrative":""#.utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
            do {
                _ = try await node.ingestNDJSON(LineReader(data: Data(bytes)))
                Issue.record("accepted invalid UTF-8")
            } catch let error as IngestError {
                #expect(error.description == "line 2: not valid UTF-8")
            }
            #expect(try await store.reportCount() == 0)
            try await store.close()
        }

        @Test("a UTF-8 byte-order mark (spreadsheets write one) is skipped; UTF-16 input is refused at line 1, saying so")
        func byteOrderMarks() async throws {
            let store = try await SQLStore.open(.sqliteMemory)
            let node = try await node(store)
            let line = report("B-1", country: "VN", indicators: [(.phone, "+84912345678")]) + "\n"
            let ndjson = try await node.ingestNDJSON(LineReader(data: Data([0xEF, 0xBB, 0xBF] + Array(line.utf8))))
            #expect(ndjson.reportsStored == 1)
            let csv = try await node.ingestCSV("\u{FEFF}external_ref,country,phones\r\nB-2,VN,+84912345679\r\n")
            #expect(csv.reportsStored == 1)
            #expect(try ReportCSV.records("\u{FEFF}country\nVN\n").first?.fields == ["country"])
            for mark: [UInt8] in [[0xFF, 0xFE], [0xFE, 0xFF]] {
                let utf16 = mark + line.utf16.flatMap { mark[0] == 0xFF ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                do {
                    _ = try await node.ingestNDJSON(LineReader(data: Data(utf16)))
                    Issue.record("accepted UTF-16")
                } catch let error as IngestError {
                    #expect(error.description == "line 1: " + Node.utf16Advice)
                }
            }
            #expect(try await store.reportCount() == 2)
            try await store.close()
        }

        @Test("a report with no valid indicator is stored and links nothing", arguments: Backend.available)
        func noIndicators(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            let summary = try await node.ingestNDJSON(lines(report("A-1", country: "VN", indicators: [(.phone, "12")]) + "\n" + #"{"country":"PH","narrative":"they called me"}"#))
            #expect(summary.reportsStored == 2)
            #expect(summary.reportsWithoutIndicators == 2)
            #expect(await node.networks(crossBorderOnly: false).isEmpty)
            try await store.close()
        }
    }
}
