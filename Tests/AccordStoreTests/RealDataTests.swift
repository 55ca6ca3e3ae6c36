@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

/// One report as an NDJSON line.
func ndjsonLine(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

extension StorageSuite {
    @Suite("Real scam data") struct RealDataTests {
        @Test("the real indicator lists ingest and link into networks",
              .enabled(if: SharedData.isAvailable, "../shared/data is absent: real-data ingest skipped (set ACCORD_SHARED_DATA to run it)"))
        func ingestRealLists() async throws {
            var lines: [String] = []  // NDJSON
            // ScamSniffer (GPL-3.0): phishing domains with the drainer wallets found on them.
            let combined = try JSONSerialization.jsonObject(with: Data(try SharedData.text("indicators/scamsniffer_combined.json").utf8)) as! [String: [String]]
            // The list has one entry under an empty host name: its wallets are kept, without a domain.
            for (domain, addresses) in combined.sorted(by: { $0.key < $1.key }) {
                let domainIndicator: [[String: String]] = domain.isEmpty ? [] : [["kind": "domain", "value": domain]]
                lines.append(ndjsonLine(["external_ref": "scamsniffer:\(domain)", "organisation": "ScamSniffer", "scam_type": "phishing", "tlp": "clear",
                                              "indicators": domainIndicator + addresses.map { ["kind": "wallet", "value": $0, "chain": "evm"] }]))
            }
            // CryptoScamDB: scam URLs with the addresses they asked for.
            var byURL: [String: [[String: String]]] = [:]
            let chains = ["ETH": "ethereum", "BTC": "bitcoin", "XRP": "xrp", "LTC": "litecoin", "BCH": "bitcoin_cash", "TRX": "tron", "DOGE": "dogecoin"]
            for row in try SharedData.text("indicators/cryptoscamdb_addresses.csv").split(whereSeparator: \.isNewline).dropFirst() {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 3, let chain = chains[fields[0]] else { continue }
                byURL[fields[2], default: []].append(["kind": "wallet", "value": fields[1], "chain": chain])
            }
            for (url, wallets) in byURL.sorted(by: { $0.key < $1.key }) {
                lines.append(ndjsonLine(["external_ref": "cryptoscamdb:\(url)", "organisation": "CryptoScamDB", "scam_type": "crypto_giveaway",
                                              "indicators": [["kind": "url", "value": url]] + wallets]))
            }
            // polkadot{.js} (Apache-2.0): scam sites and incidents with their SS58 addresses.
            let polkadot = try JSONSerialization.jsonObject(with: Data(try SharedData.text("indicators/polkadot_phishing_address.json").utf8)) as! [String: [String]]
            for (key, addresses) in polkadot.sorted(by: { $0.key < $1.key }) {
                lines.append(ndjsonLine(["external_ref": "polkadot:\(key)", "organisation": "polkadot.js", "scam_type": "phishing",
                                              "indicators": addresses.map { ["kind": "wallet", "value": $0] }]))
            }
            // FTC Do-Not-Call complaints (US public domain): one report per complaint, US victims.
            for (number, record) in try ReportCSV.records(try SharedData.text("indicators/ftc_dnc_complaint_numbers_2021-07-08.csv.gz")).dropFirst().enumerated() {
                let fields = record.fields
                guard fields.count >= 7 else { continue }
                let subject = fields[6]
                let type = subject.contains("pretending to be government") ? "impersonation_authority" : subject.contains("technical support") ? "tech_support" : subject.contains("debt") ? "loan" : "other"
                var object: [String: Any] = ["external_ref": "ftc:2021-07-07:\(number)", "organisation": "FTC", "country": "US", "scam_type": type,
                                             "reported_at": fields[1].replacingOccurrences(of: " ", with: "T") + "Z"]
                if !fields[0].isEmpty { object["indicators"] = [["kind": "phone", "value": fields[0], "country": "US"]] }
                lines.append(ndjsonLine(object))
            }

            let store = try await SQLStore.open(.sqliteMemory)
            let node = try await node(store)
            let summary: IngestSummary
            do { summary = try await node.ingestNDJSON(AccordStoreTests.lines(lines.joined(separator: "\n"))) } catch {
                try await store.close()
                Issue.record("ingest failed: \(error)")
                return
            }
            #expect(summary.reportsStored == lines.count)
            #expect(summary.rejected.isEmpty)
            let networks = await node.networks(crossBorderOnly: false, ranking: .victims)
            print("real lists: \(summary.reportsStored) reports, \(summary.indicators) indicators (\(summary.invalidIndicators) invalid, kept unlinked), \(summary.newLinks) links, \(networks.count) networks")
            for network in networks.prefix(5) {
                print("  \(network.reportCount) reports, \(network.indicatorCount) indicators, from \(network.organisations.joined(separator: ", "))")
            }
            // Drainer wallets reused across phishing domains, and numbers complained about again and again.
            #expect(networks.count > 500)
            #expect(networks.contains { $0.organisations == ["ScamSniffer"] && $0.reportCount >= 10 })
            #expect(networks.contains { $0.organisations == ["FTC"] && $0.reportCount >= 10 })
            try await store.close()
        }
    }
}
