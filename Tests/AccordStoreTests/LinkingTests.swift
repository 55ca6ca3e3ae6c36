@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension StorageSuite {
    @Suite("Linking reports into networks") struct LinkingTests {
        @Test("a third report merges two networks", arguments: Backend.available)
        func merge(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            // A Vietnamese victim writes the number nationally; the Philippine report writes it
            // internationally: one canonical phone.
            let vn = report("VN-1", country: "VN", loss: ("5000", "USDT"), indicators: [(.phone, "0912 345 678"), (.handle, "telegram:invest_mia")])
            let th = report("TH-1", country: "TH", loss: ("150000", "THB"), indicators: [(.wallet, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")])
            _ = try await node.ingestNDJSON(lines(vn + "\n" + th))
            #expect(await node.networks(crossBorderOnly: false).isEmpty)  // two single reports
            let bridge = report("PH-1", country: "PH", loss: ("20000", "PHP"), indicators: [(.phone, "+84 912 345 678"), (.wallet, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")])
            let summary = try await node.ingestNDJSON(lines(bridge))
            #expect(summary.newLinks == 2)
            #expect(summary.networksMerged == 1)
            let networks = await node.networks()
            #expect(networks.count == 1)
            let network = try #require(networks.first)
            #expect(network.reportCount == 3)
            #expect(network.countries == ["PH", "TH", "VN"])
            #expect(network.isCrossBorder)
            #expect(network.losses == ["USDT": "5000", "THB": "150000", "PHP": "20000"])
            #expect(network.indicatorCount == 3)
            // The network is named by its oldest report, and keeps that name.
            let oldest = await node.withLinker { $0.reports[0].id }
            #expect(network.id == oldest)
            try await store.close()
        }

        @Test("a warning-listed value does not link", arguments: Backend.available)
        func warningList(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await node(store)
            // Victims often paste the USDT contract as the "wallet": it must not merge the world.
            let usdt = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
            _ = try await node.ingestNDJSON(lines([
                report("A", country: "VN", indicators: [(.wallet, usdt)]),
                report("B", country: "TH", indicators: [(.wallet, usdt)]),
            ].joined(separator: "\n")))
            #expect(await node.networks(crossBorderOnly: false).isEmpty)
            let knowledge = try #require(await node.knowledge(of: try canonicalizer.canonicalize(.wallet, usdt)))
            #expect(knowledge.reportCount == 2)
            #expect(knowledge.networkID == nil)
            #expect(knowledge.warning == "USDT token contract on Tron, not a wallet")
            try await store.close()
        }

        @Test("a node's own warning list is read with its errors named")
        func warningListFile() {
            var list = WarningList()
            let problems = list.load(text: "phone +84 912 345 678 # our hotline\nwallet nonsense\nfax 123\n\n# comment", canonicalizer: canonicalizer)
            #expect(list.ids.count == 1)
            #expect(problems.count == 2)
            #expect(problems[0].hasPrefix("line 2:"))
            #expect(problems[1] == "line 3: expected 'kind value', such as 'wallet 0x…'")
        }

        @Test("a value linking unusually many reports is reported, not capped", arguments: Backend.available)
        func hubs(backend: Backend) async throws {
            let store = try await backend.open()
            let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: WarningList(), hubThreshold: 5)
            let text = (0..<6).map { report("H-\($0)", country: $0 % 2 == 0 ? "VN" : "TH", indicators: [(.phone, "+84912000111")]) }.joined(separator: "\n")
            _ = try await node.ingestNDJSON(lines(text))
            let hubs = try await node.hubs()
            #expect(hubs.map(\.value) == ["+84912000111"])
            #expect(hubs.first?.reports == 6)
            #expect(await node.networks().first?.reportCount == 6)  // still linked: nothing is capped
            try await store.close()
        }

        @Test("networks rank by loss or by victims")
        func ranking() async throws {
            let store = try await SQLStore.open(.sqliteMemory)
            let node = try await node(store)
            var text: [String] = []
            // Network 1: two victims, large loss. Network 2: three victims, small loss.
            text.append(report("1a", country: "VN", loss: ("90000", "USDT"), indicators: [(.phone, "+84911111111")]))
            text.append(report("1b", country: "TH", loss: ("1000", "USDT"), indicators: [(.phone, "+84911111111")]))
            for i in 0..<3 { text.append(report("2\(i)", country: i == 0 ? "PH" : "MY", loss: ("100", "USD"), indicators: [(.phone, "+84922222222")])) }
            _ = try await node.ingestNDJSON(lines(text.joined(separator: "\n")))
            #expect(await node.networks(ranking: .loss).map(\.reportCount) == [2, 3])
            #expect(await node.networks(ranking: .victims).map(\.reportCount) == [3, 2])
            #expect(await node.networks(country: "PH").count == 1)
            try await store.close()
        }

        @Test("incremental networks equal a full rebuild after random ingests", arguments: Backend.available)
        func propertyRebuild(backend: Backend) async throws {
            let store = try await backend.open()
            let live = try await node(store)
            var rng = SystemRandomNumberGenerator()
            // A small pool of values so that reports collide often, merging networks in every order.
            let phones = (0..<40).map { "+8491\(String(format: "%07d", $0 * 7919 % 10_000_000))" }
            let wallets = (0..<25).map { String(format: "0x%040x", $0 + 1) }
            let countries = ["VN", "TH", "PH", "MY", "KH", "ID"]
            var number = 0
            for _ in 0..<12 {
                var batch: [String] = []
                for _ in 0..<Int.random(in: 1...25, using: &rng) {
                    number += 1
                    var indicators: [(IndicatorKind, String)] = []
                    for _ in 0..<Int.random(in: 0...3, using: &rng) {
                        indicators.append(Bool.random(using: &rng) ? (.phone, phones.randomElement(using: &rng)!) : (.wallet, wallets.randomElement(using: &rng)!))
                    }
                    batch.append(report("R-\(number)", country: countries.randomElement(using: &rng)!, organisation: "O", indicators: indicators))
                    // Now and then, the same report again.
                    if Int.random(in: 0..<10, using: &rng) == 0 { batch.append(batch.last!) }
                }
                _ = try await live.ingestNDJSON(lines(batch.joined(separator: "\n")))
            }
            let rebuilt = try await node(store)
            let liveNetworks = await partition(live)
            let rebuiltNetworks = await partition(rebuilt)
            #expect(liveNetworks == rebuiltNetworks)
            #expect(await live.reportCount == number)
            // The counts the CLI prints agree with the summaries.
            let all = await live.networks(crossBorderOnly: false)
            let counts = await live.networkCounts()
            #expect(counts.networks == all.count)
            #expect(counts.crossBorder == all.filter(\.isCrossBorder).count)
            let liveIDs = Set(await live.networks(crossBorderOnly: false).map(\.id))
            let rebuiltIDs = Set(await rebuilt.networks(crossBorderOnly: false).map(\.id))
            #expect(liveIDs == rebuiltIDs)
            try await store.close()
        }
    }
}
