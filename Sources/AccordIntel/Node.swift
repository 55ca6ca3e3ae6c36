import AccordCore
import AccordStore
import Foundation

/// A node: its store, the networks linked from it, and the reader that validates what arrives.
/// Opening a node rebuilds its networks from the store in one pass.
public actor Node {
    public let store: any Store
    public let reader: ReportReader
    private let linker: Linker
    /// Indicators linking at least this many reports are reported as hubs.
    public let hubThreshold: Int

    public init(store: any Store, reader: ReportReader, linker: Linker, hubThreshold: Int = 100) {
        self.store = store
        self.reader = reader
        self.linker = linker
        self.hubThreshold = hubThreshold
    }

    public static func open(store: any Store, canonicalizer: Canonicalizer, warnings: WarningList, hubThreshold: Int = 100) async throws -> Node {
        let linker = try await Linker.rebuild(from: store, warnings: warnings)
        return Node(store: store, reader: ReportReader(canonicalizer: canonicalizer), linker: linker, hubThreshold: hubThreshold)
    }

    public var reportCount: Int { linker.reportCount }

    /// Adds stored reports to the networks, in order; the summary counts what linking did.
    func link(_ stored: [(facts: ReportFacts, ids: [IndicatorID])], into summary: inout IngestSummary) {
        for (facts, ids) in stored {
            let addition = linker.add(facts, indicators: ids)
            guard addition.added else { continue }
            summary.newLinks += addition.newLinks
            if addition.networksJoined > 1 { summary.networksMerged += addition.networksJoined - 1 }
            if addition.networksJoined == 0 { summary.newNetworks += 1 }
        }
    }

    /// Networks of two or more reports; cross-border ones only unless `crossBorderOnly` is false.
    public func networks(crossBorderOnly: Bool = true, ranking: NetworkRanking = .loss, country: String? = nil, limit: Int? = nil) -> [NetworkSummary] {
        var networks = linker.networks()
        if crossBorderOnly { networks = networks.filter(\.isCrossBorder) }
        if let country { networks = networks.filter { $0.countries.contains(country) } }
        let ranked = ranking.sort(networks)
        return limit.map { Array(ranked.prefix($0)) } ?? ranked
    }

    /// What the node knows about one canonical indicator.
    public func knowledge(of indicator: CanonicalIndicator) -> IndicatorKnowledge? {
        Self.knowledge(of: indicator, in: linker)
    }

    public static func knowledge(of indicator: CanonicalIndicator, in linker: Linker) -> IndicatorKnowledge? {
        guard let entry = linker.indicators[indicator.id] else { return nil }
        return IndicatorKnowledge(
            reportCount: Int(entry.reportCount), countries: entry.countries.codes,
            scamTypes: ScamType.types(in: entry.scamTypes),
            firstSeen: Date(timeIntervalSince1970: TimeInterval(entry.firstSeen)),
            lastSeen: Date(timeIntervalSince1970: TimeInterval(entry.lastSeen)),
            networkID: entry.warned ? nil : linker.networkID(ofReport: entry.firstReport),
            networkSize: entry.warned ? nil : linker.networkSize(ofReport: entry.firstReport),
            warning: entry.warned ? linker.warnings.entries.first { $0.kind == indicator.kind && $0.value == indicator.value }?.why : nil)
    }

    /// Values linking unusually many reports, with their canonical form.
    public func hubs() async throws -> [(kind: IndicatorKind, value: String, reports: Int)] {
        let hubs = linker.hubs(threshold: hubThreshold)
        let names = try await store.indicators(ids: hubs.map(\.0))
        return hubs.compactMap { id, entry in names[id].map { ($0.kind, $0.value, Int(entry.reportCount)) } }
    }

    /// Runs `body` with the linker, for look-ups that must not wait on the actor per value.
    public func withLinker<T: Sendable>(_ body: (Linker) -> T) -> T { body(linker) }
}

/// What a node knows about one indicator.
public struct IndicatorKnowledge: Sendable, Codable {
    public let reportCount: Int
    public let countries: [String]
    public let scamTypes: [ScamType]
    public let firstSeen: Date
    public let lastSeen: Date
    /// The network the indicator's reports belong to; nil for a warning-listed value.
    public let networkID: UUID?
    public let networkSize: Int?
    /// Why the value never links, when it is on the warning list.
    public let warning: String?

    enum CodingKeys: String, CodingKey {
        case reportCount = "report_count", countries
        case scamTypes = "scam_types"
        case firstSeen = "first_seen", lastSeen = "last_seen"
        case networkID = "network_id", networkSize = "network_size", warning
    }
}
