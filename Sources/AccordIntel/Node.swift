import AccordCore
import AccordStore
import Foundation
import Synchronization

/// A node: its store, the networks linked from it, and the reader that validates what arrives.
/// Opening a node rebuilds its networks from the store in one pass.
public actor Node {
    public nonisolated let store: any Store
    public nonisolated let reader: ReportReader
    private var linker: Linker {
        didSet { table.withLock { $0 = linker.table } }
    }
    /// The linker's indicator table: read by the public check on any thread, without the actor.
    private nonisolated let table: Mutex<Linker.IndicatorTable>
    /// Indicators linking at least this many reports are reported as hubs.
    public let hubThreshold: Int
    /// Reads the narratives of incoming reports: the indicators they name and a scam score.
    public nonisolated let analyzer: Analyzer?

    public init(store: any Store, reader: ReportReader, linker: Linker, hubThreshold: Int = 100, analyzer: Analyzer? = nil) {
        self.store = store
        self.reader = reader
        self.analyzer = analyzer
        self.linker = linker
        self.table = Mutex(linker.table)
        self.hubThreshold = hubThreshold
    }

    public static func open(store: any Store, canonicalizer: Canonicalizer, warnings: WarningList, hubThreshold: Int = 100,
                            model: ScamModel? = nil) async throws -> Node {
        let linker = try await Linker.rebuild(from: store, warnings: warnings)
        return Node(store: store, reader: ReportReader(canonicalizer: canonicalizer), linker: linker, hubThreshold: hubThreshold,
                    analyzer: model.map { Analyzer(model: $0, extractor: Extractor(canonicalizer: canonicalizer)) })
    }

    public var reportCount: Int { linker.reportCount }

    /// Writes of this node, one after the other: each is stored, then linked, before the next.
    let turns = Turns()
    /// The numbers of the write in progress.
    private var numbering: Numbering?
    /// The linking of a write whose commit is under way.
    private var linking: Task<IngestSummary, Never>?

    /// Starts a write under the store's write lock: first learns what other processes stored since
    /// this node last looked, so that the numbers handed out continue the store's.
    func beginWrite(_ mark: WriteMark) async throws {
        let known = linker.mark
        if mark != known {
            guard mark.lastReport >= known.lastReport, mark.lastIndicator >= known.lastIndicator else {
                throw StoreError("the store holds less than this node has linked (store at \(mark), node at \(known)): was it restored from a backup? Restart the node")
            }
            let scan = ScanCollector()
            try await store.scanLinks(after: known, indicator: { scan.indicator($0, $1) }, report: { scan.report($0, $1) })
            link(scan.taken())
        }
        numbering = Numbering(continuing: mark)
    }

    /// Makes room for this many more reports and indicators.
    func reserveCapacity(reports: Int, indicators: Int) {
        linker.reserveCapacity(reports: linker.reportCount + reports, indicators: linker.indicatorCount + indicators)
    }

    /// Numbers the next reports of the write in progress.
    func number(_ reports: [Report]) -> (batch: WriteBatch, duplicates: Int) {
        precondition(numbering != nil, "number(_:) outside a write")
        return numbering!.number(reports, linker: linker)
    }

    /// Links what a write stored while the database commits it (see `endWrite`).
    func linkWhileCommitting(_ stored: [Links]) {
        let reports = stored.reduce(0) { $0 + $1.reports.count }, indicators = stored.reduce(0) { $0 + $1.indicators.count }
        linking = Task {
            var summary = IngestSummary()
            linker.reserveCapacity(reports: linker.reportCount + reports, indicators: linker.indicatorCount + indicators)
            for links in stored {
                for (number, id) in links.indicators { linker.registerReserved(number, id) }
                for (facts, numbers) in links.reports { summary.count(linker.addReserved(facts, indicators: numbers)) }
            }
            return summary
        }
    }

    /// Ends the write in progress. Committed: waits for its linking and returns what linking did.
    /// Not committed: releases what it reserved; when the commit itself failed after linking
    /// began, the networks are rebuilt from the store, which holds none of it.
    func endWrite(committed: Bool) async throws -> IngestSummary {
        defer {
            numbering = nil
            linking = nil
        }
        if let linking {
            let summary = await linking.value
            if committed { return summary }
            linker = try await Linker.rebuild(from: store, warnings: linker.warnings)
        } else if let numbering {
            linker.release(reports: numbering.reportIDs, indicators: numbering.indicatorIDs)
        }
        return IngestSummary()
    }

    /// Adds what a store scan found to the networks, in order.
    private func link(_ links: Links) {
        for (number, id) in links.indicators { linker.register(number, id) }
        for (facts, numbers) in links.reports { linker.add(facts, indicators: numbers) }
    }

    /// Networks of two or more reports; cross-border ones only unless `crossBorderOnly` is false.
    public func networks(crossBorderOnly: Bool = true, ranking: NetworkRanking = .loss, country: String? = nil, limit: Int? = nil,
                         visibleTo caller: Caller? = nil) -> [NetworkSummary] {
        var networks = linker.networks(visible: caller.map { caller in { $0.isVisible(to: caller) } })
        if crossBorderOnly { networks = networks.filter(\.isCrossBorder) }
        if let country { networks = networks.filter { $0.countries.contains(country) } }
        let ranked = ranking.sort(networks)
        return limit.map { Array(ranked.prefix($0)) } ?? ranked
    }

    /// The network of a report, as `caller` may see it; nil when the report is unknown to it.
    public func network(ofReport id: UUID, visibleTo caller: Caller) -> NetworkSummary? {
        linker.network(ofReport: id) { $0.isVisible(to: caller) }
    }

    /// The sequence numbers of a network's members.
    public func seqs(of network: NetworkSummary) -> [Int64] {
        network.memberIndices.map { linker.reports[Int($0)].seq }
    }

    /// Stored reports in a range of sequence numbers, with the numbers of what each links on.
    public func links(ofReports seqs: ClosedRange<Int64>) async throws -> [(facts: ReportFacts, indicators: [Int64])] {
        let scan = ScanCollector()
        try await store.scanLinks(after: WriteMark(lastReport: seqs.lowerBound - 1, lastIndicator: .max),
                                  indicator: { _, _ in }, report: { facts, numbers in if seqs.contains(facts.seq) { scan.report(facts, numbers) } })
        return scan.taken().reports.map { ($0.0, $0.1) }
    }

    /// What CLEAR reports say of an indicator, from memory: the public check. It reads the
    /// linker's table under its lock, on the caller's thread, without waiting for the node.
    public nonisolated func publicKnowledge(of indicator: CanonicalIndicator) -> IndicatorFacts {
        guard let known = table.withLock({ $0 }).publicFacts(of: indicator.id) else { return IndicatorFacts() }
        func time(_ epoch: Int64) -> String { RFC3339.format(Date(timeIntervalSince1970: TimeInterval(epoch))) }
        return IndicatorFacts(reports: Int(known.reportCount), countries: known.countries.codes,
                              scamTypes: ScamType.types(in: known.scamTypes).map(\.rawValue), firstSeen: time(known.firstSeen), lastSeen: time(known.lastSeen))
    }

    /// What CLEAR reports say of each indicator, and whether it is warning-listed: the analyser's
    /// view for callers who may see only CLEAR reports. Values the node has no word on are left out.
    public func publicRisk(of indicators: [CanonicalIndicator]) -> [CanonicalIndicator: KnownIndicator] {
        var out: [CanonicalIndicator: KnownIndicator] = [:]
        for indicator in indicators where out[indicator] == nil {
            let warned = linker.entry(for: indicator.id)?.warned ?? false
            let facts = linker.publicFacts(of: indicator.id)
            if facts != nil || warned {
                out[indicator] = KnownIndicator(reports: Int(facts?.reportCount ?? 0), countries: facts?.countries.codes ?? [], warned: warned)
            }
        }
        return out
    }

    /// A stored report by its id.
    public func report(id: UUID) async throws -> StoredReport? {
        guard let seq = linker.seq(ofReport: id) else { return nil }
        return try await store.reports(seqs: [seq]).first
    }

    /// How many networks of two or more reports the node holds, and how many cross a border.
    public func networkCounts() -> (networks: Int, crossBorder: Int) { linker.networkCounts() }

    /// What the node knows about one canonical indicator.
    public func knowledge(of indicator: CanonicalIndicator) -> IndicatorKnowledge? {
        Self.knowledge(of: indicator, in: linker)
    }

    public static func knowledge(of indicator: CanonicalIndicator, in linker: Linker) -> IndicatorKnowledge? {
        guard let entry = linker.entry(for: indicator.id) else { return nil }
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
        let names = try await store.indicators(numbers: hubs.map(\.number))
        return hubs.compactMap { number, entry in names[number].map { ($0.kind, $0.value, Int(entry.reportCount)) } }
    }

    /// Runs `body` with the linker, for look-ups that must not wait on the actor per value.
    public func withLinker<T: Sendable>(_ body: (Linker) -> T) -> T { body(linker) }
}

extension ReportFacts {
    /// Whether `caller` may see this report (see `Access`).
    func isVisible(to caller: Caller) -> Bool { Access.canRead(tlp, submittedBy: submittedBy, caller: caller) }
}

/// What linking needs of stored reports: new indicators with their numbers, then reports with
/// the numbers of their linking indicators.
struct Links: Sendable {
    var indicators: [(Int64, IndicatorID)] = []
    var reports: [(ReportFacts, [Int64])] = []

    init() {}

    init(_ batch: WriteBatch) {
        indicators = batch.indicators.map { ($0.number, $0.id) }
        reports = batch.reports.map { (ReportFacts(seq: $0.seq, report: $0.report, submittedBy: batch.submittedBy), $0.indicators) }
    }
}

/// What a store scan hands over, collected off the node and linked on it.
private final class ScanCollector: Sendable {
    private let links = Mutex(Links())

    func indicator(_ number: Int64, _ id: IndicatorID) { links.withLock { $0.indicators.append((number, id)) } }
    func report(_ facts: ReportFacts, _ numbers: [Int64]) { links.withLock { $0.reports.append((facts, numbers)) } }
    func taken() -> Links { links.withLock { $0 } }
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
