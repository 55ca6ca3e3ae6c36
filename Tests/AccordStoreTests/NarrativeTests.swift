@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension StorageSuite {
    @Suite("Narratives analysed on intake") struct NarrativeTests {
        @Test("indicators named in a narrative are added, marked extracted, and link; the narrative gets a score", arguments: Backend.available)
        func intake(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer),
                                           model: try ScamModel.shipped.get())
            let first = """
                {"external_ref":"ID-1","country":"ID","scam_type":"loan","reported_at":"2026-10-01T08:00:00Z",\
                "narrative":"Saya dapat SMS: Pinjaman dana cepat bunga 2% tanpa agunan. Minat WA 0852-8336-0989. Saya bayar biaya admin lewat hxxp://pinjol-cepat[.]top",\
                "indicators":[{"kind":"phone","value":"+62 852 8336 0989"}]}
                """
            let second = """
                {"external_ref":"MY-1","country":"MY","scam_type":"loan","reported_at":"2026-10-02T08:00:00Z","indicators":[{"kind":"url","value":"http://pinjol-cepat.top"}]}
                """
            let plain = #"{"external_ref":"VN-1","country":"VN","scam_type":"other","reported_at":"2026-10-03T08:00:00Z","indicators":[{"kind":"phone","value":"+84912345678"}]}"#
            let summary = try await node.ingestNDJSON(lines([first, second, plain].joined(separator: "\n")))
            #expect(summary.reportsStored == 3)
            let stored = try await store.reports(seqs: [1, 2, 3])
            let report = try #require(stored.first { $0.report.externalRef == "ID-1" }).report
            // The given phone is not added again; the WhatsApp account and the link are, marked extracted.
            let extracted = report.indicators.filter(\.extracted).map { "\($0.raw.kind.rawValue):\($0.raw.value)" }
            #expect(extracted.sorted() == ["handle:whatsapp:+6285283360989", "url:http://pinjol-cepat.top/"], "\(extracted)")
            #expect(report.indicators.filter { !$0.extracted }.count == 1)
            let analysis = try #require(report.narrativeAnalysis)
            #expect(analysis.verdict == "scam" && analysis.score > 0.5 && analysis.scamType == "loan")
            #expect(stored.first { $0.report.externalRef == "VN-1" }?.report.narrativeAnalysis == nil, "no narrative, no analysis")
            // The extracted link's domain joins the Malaysian report: a cross-border network.
            let networks = await node.networks()
            #expect(networks.count == 1 && networks.first?.countries == ["ID", "MY"])
            try await store.close()
        }

        @Test("a node without the model stores reports as given")
        func withoutModel() async throws {
            let store = try await SQLStore.open(.sqliteMemory)
            let node = try await node(store)
            let line = #"{"external_ref":"A","country":"ID","scam_type":"loan","reported_at":"2026-10-01T08:00:00Z","narrative":"Minat WA 0852-8336-0989","indicators":[]}"#
            _ = try await node.ingestNDJSON(lines(line))
            let report = try #require(try await store.reports(seqs: [1]).first?.report)
            #expect(report.indicators.isEmpty && report.narrativeAnalysis == nil)
            try await store.close()
        }
    }
}
