import AccordCore
import Foundation

/// A report as the store returns it, with its ingest sequence number.
public struct StoredReport: Sendable {
    public let seq: Int64
    public let report: Report
}

/// The facts about one report that linking needs, read back in one pass to rebuild networks.
public struct ReportFacts: Sendable, Hashable {
    public let seq: Int64
    public let id: UUID
    public let country: String?
    public let organisation: String?
    public let scamType: ScamType
    public let reportedAt: Int64
    public let loss: Money?
    public let tlp: TLP

    public init(seq: Int64, id: UUID, country: String?, organisation: String?, scamType: ScamType, reportedAt: Int64, loss: Money?, tlp: TLP) {
        self.seq = seq
        self.id = id
        self.country = country
        self.organisation = organisation
        self.scamType = scamType
        self.reportedAt = reportedAt
        self.loss = loss
        self.tlp = tlp
    }

    public init(seq: Int64, report: Report) {
        self.init(seq: seq, id: report.id, country: report.country, organisation: report.organisation, scamType: report.scamType,
                  reportedAt: Int64(report.reportedAt.timeIntervalSince1970), loss: report.loss, tlp: report.tlp)
    }
}

/// What a write stored: the reports that were new, with their sequence numbers. Reports whose id
/// was already stored are left out (re-ingesting never duplicates).
public struct StoredBatch: Sendable {
    public var inserted: [(seq: Int64, report: Report)] = []
    public var duplicates = 0

    public init() {}
}

/// A node's storage. One implementation, `SQLStore`, runs on SQLite and PostgreSQL; the HTTP layer
/// and the CLI never write SQL.
public protocol Store: Sendable {
    var location: DatabaseLocation { get }

    /// Runs `body` in one transaction: everything it wrote is kept, or nothing when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T

    /// Every report's linking facts and linking indicators, in ingest order, for a rebuild.
    func scanLinks(_ visit: @Sendable (ReportFacts, [IndicatorID]) -> Void) async throws

    /// The stored reports with these sequence numbers, in that order.
    func reports(seqs: [Int64]) async throws -> [StoredReport]

    /// Kind and value of stored canonical indicators.
    func indicators(ids: [IndicatorID]) async throws -> [IndicatorID: (kind: IndicatorKind, value: String)]

    func reportCount() async throws -> Int

    /// Up to `limit` stored canonical indicators, spread over the table (for benchmarks and samples).
    func indicatorSample(limit: Int) async throws -> [(kind: IndicatorKind, value: String)]

    func close() async throws
}

/// Writes inside a transaction.
public protocol StoreWriter: Sendable {
    /// Stores the reports that are not stored yet, with their indicators and links.
    func insert(_ reports: [Report]) async throws -> StoredBatch
}
