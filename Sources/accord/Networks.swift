import AccordCore
import AccordIntel
import ArgumentParser
import Foundation

struct Networks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the cross-border scam networks, ranked by loss or by victims.",
        discussion: "Losses are shown in their own currencies; ranking by loss converts them at rough fixed rates.")

    @Flag(help: "Include networks within one country.")
    var all = false

    @Option(help: "loss or victims.")
    var sort = "loss"

    @Option(name: .shortAndLong, help: "Only networks with victims in this country (ISO 3166-1).")
    var country: String?

    @Option(help: "How many networks to show.")
    var limit = 20

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var node: NodeOptions

    func validate() throws {
        guard NetworkRanking(rawValue: sort) != nil else { throw ValidationError("--sort takes loss or victims, not '\(sort)'") }
        if let country, Countries.code(country) == nil { throw ValidationError("--country takes an ISO 3166-1 code such as VN, not '\(country)'") }
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() async throws {
        guard node.storeExists else {
            throw Self.fail("this node holds no reports yet: load the demo network with `accord demo` or your own with `accord ingest FILE`")
        }
        let opened = try await node.openNode(canonicalizer: try node.canonicalizer(createCardKey: false))
        let networks = await opened.networks(crossBorderOnly: !all, ranking: NetworkRanking(rawValue: sort)!,
                                             country: country.flatMap(Countries.code), limit: limit)
        if json {
            print(try Format.json(networks.map { NetworkView($0) }))
        } else if networks.isEmpty {
            print(all ? "no networks: no two reports share an indicator yet" : "no cross-border networks yet (--all shows networks within one country)")
        } else {
            print(Self.table(networks))
        }
        try await opened.store.close()
    }

    static func table(_ networks: [NetworkSummary]) -> String {
        var rows = [["#", "network", "reports", "countries", "indicators", "loss", "seen", "types"]]
        for (rank, network) in networks.enumerated() {
            rows.append([
                "\(rank + 1)", String(network.id.lowercasedString.prefix(8)), Format.number(network.reportCount),
                network.countries.joined(separator: " "), Format.number(network.indicatorCount), Format.losses(network.losses),
                "\(Format.day(network.firstSeen))…\(Format.day(network.lastSeen))",
                network.scamTypes.prefix(2).map(\.rawValue).joined(separator: ", ") + (network.scamTypes.count > 2 ? ", …" : ""),
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 || column == 2 || column == 4 ? String(repeating: " ", count: widths[column] - cell.count) + cell
                    : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
