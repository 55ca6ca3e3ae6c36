import AccordCore
import AccordIntel
import AccordStore
import ArgumentParser
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo network: a deterministic, made-up data set of linked scam reports.",
        discussion: """
            A few thousand reports across thirteen countries, with scam operations that share wallets, \
            phone numbers, mule accounts and domains. Every value is made up (fiction-reserved phone \
            ranges, example.com domains, a DEMO bank, hash-derived wallets). Loading it twice stores \
            nothing new.
            """)

    @Option(help: "How many reports.")
    var reports = 3000

    @Option(help: "The generator's seed: the same seed gives the same data.")
    var seed: UInt64 = 2026

    @Option(help: "Write the reports as NDJSON to this file instead of loading them.")
    var write: String?

    @OptionGroup var node: NodeOptions

    func validate() throws {
        guard (1...1_000_000).contains(reports) else { throw ValidationError("--reports takes 1 to 1,000,000") }
    }

    func run() async throws {
        let lines = DemoNetwork(seed: seed, reportCount: reports).lines()
        if let write {
            try writeOutput(Data((lines.joined(separator: "\n") + "\n").utf8), to: write)
            print("wrote \(Format.count(lines.count, "demo report")) to \(write)")
            return
        }
        let opened = try await node.openNode(canonicalizer: try node.canonicalizer(), ingesting: true)
        let summary: IngestSummary
        do {
            summary = try await opened.ingestNDJSON(LineReader(data: Data((lines.joined(separator: "\n") + "\n").utf8)))
        } catch let error as StoreError {
            try? await opened.store.close()
            throw Self.fail("the demo network was not loaded: \(error.message)")
        }
        print("demo network (seed \(seed)): \(Format.number(summary.reportsStored)) reports stored"
            + (summary.duplicates > 0 ? ", \(Format.number(summary.duplicates)) already loaded" : "")
            + " into \(try node.location)")
        let networks = await opened.networks(crossBorderOnly: true, ranking: .loss, limit: 5)
        let total = await opened.networks(crossBorderOnly: true).count
        print("\(Format.number(total)) cross-border networks; the five largest by loss:\n")
        print(Networks.table(networks))
        // A phone number from the largest operation, so that `check` has something to say.
        let sample = lines.lazy.compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let indicators = object["indicators"] as? [[String: String]] else { return nil }
            return indicators.first { $0["kind"] == "phone" }?["value"]
        }.first ?? "+44 7700 900123"
        print("\nnext: accord networks · accord check '\(sample)' · accord ingest FILE")
        try await opened.store.close()
    }
}
