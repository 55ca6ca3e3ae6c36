import AccordCore
import Foundation
import SQLKit

/// A report as the store returns it, with its ingest sequence number.
public struct StoredReport: Sendable {
    public let seq: Int64
    public let report: Report
    /// The organisation of the node that submitted it over the API; nil when loaded from a file.
    public let submittedBy: Int64?
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
    /// The organisation of the node that submitted it over the API (markings depend on it).
    public let submittedBy: Int64?

    public init(seq: Int64, id: UUID, country: String?, organisation: String?, scamType: ScamType, reportedAt: Int64, loss: Money?, tlp: TLP,
                submittedBy: Int64? = nil) {
        self.seq = seq
        self.id = id
        self.country = country
        self.organisation = organisation
        self.scamType = scamType
        self.reportedAt = reportedAt
        self.loss = loss
        self.tlp = tlp
        self.submittedBy = submittedBy
    }

    public init(seq: Int64, report: Report, submittedBy: Int64? = nil) {
        self.init(seq: seq, id: report.id, country: report.country, organisation: report.organisation, scamType: report.scamType,
                  reportedAt: Int64(report.reportedAt.timeIntervalSince1970), loss: report.loss, tlp: report.tlp, submittedBy: submittedBy)
    }
}

/// How far a store has been written: the last report sequence number and the last indicator
/// number. Both are dense and only grow; whoever holds the write lock hands out the next ones.
public struct WriteMark: Sendable, Hashable, CustomStringConvertible {
    public var lastReport: Int64
    public var lastIndicator: Int64

    public init(lastReport: Int64 = 0, lastIndicator: Int64 = 0) {
        self.lastReport = lastReport
        self.lastIndicator = lastIndicator
    }

    public static let empty = WriteMark()

    public var description: String { "report \(lastReport), indicator \(lastIndicator)" }
}

/// A report ready to store: its sequence number, and the number of each of its linking
/// indicators (`report.linking`, in the same order).
public struct NumberedReport: Sendable {
    public let seq: Int64
    public let report: Report
    public let indicators: [Int64]

    public init(seq: Int64, report: Report, indicators: [Int64]) {
        precondition(indicators.count == report.linking.count, "one number per linking indicator")
        self.seq = seq
        self.report = report
        self.indicators = indicators
    }
}

/// A canonical indicator stored for the first time, with the number it is known by.
public struct NumberedIndicator: Sendable {
    public let number: Int64
    public let kind: IndicatorKind
    public let value: String
    public let id: IndicatorID

    public init(number: Int64, kind: IndicatorKind, value: String, id: IndicatorID) {
        self.number = number
        self.kind = kind
        self.value = value
        self.id = id
    }
}

/// One write: new canonical indicators, then the reports that name them. Numbers continue the
/// store's `WriteMark` without gaps.
public struct WriteBatch: Sendable {
    public var indicators: [NumberedIndicator] = []
    public var reports: [NumberedReport] = []
    /// The organisation submitting the reports, when they come over the API.
    public var submittedBy: Int64?

    public init(indicators: [NumberedIndicator] = [], reports: [NumberedReport] = [], submittedBy: Int64? = nil) {
        self.indicators = indicators
        self.reports = reports
        self.submittedBy = submittedBy
    }
}

/// A node's storage. One implementation, `SQLStore`, runs on SQLite and PostgreSQL; the HTTP layer
/// and the CLI never write SQL.
///
/// Canonical indicators are numbered densely in the order they are first stored, and reports name
/// them by number: the index from indicator to reports then grows at its end, which keeps ingest
/// fast on a large store. The numbers are handed out by the one writer holding the store's write
/// lock (a transaction takes it), which reads the `WriteMark` first.
public protocol Store: Sendable {
    var location: DatabaseLocation { get }

    /// Runs `body` in one transaction holding the write lock: everything it wrote is kept, or
    /// nothing when it throws. Transactions run one at a time.
    func transaction<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T

    /// How far the store has been written.
    func mark() async throws -> WriteMark

    /// The canonical indicators numbered after `mark.lastIndicator`, then the reports after
    /// `mark.lastReport` with their linking indicators' numbers, both in order: a full rebuild
    /// from `.empty`, or catching up with what another process wrote.
    func scanLinks(after mark: WriteMark, indicator: @escaping @Sendable (Int64, IndicatorID) -> Void,
                   report: @escaping @Sendable (ReportFacts, [Int64]) -> Void) async throws

    /// The stored reports with these sequence numbers, in that order.
    func reports(seqs: [Int64]) async throws -> [StoredReport]

    /// Kind and value of stored canonical indicators, by number.
    func indicators(numbers: [Int64]) async throws -> [Int64: (kind: IndicatorKind, value: String)]

    func reportCount() async throws -> Int

    /// Up to `limit` stored canonical indicators, spread over the table (for benchmarks and samples).
    func indicatorSample(limit: Int) async throws -> [(kind: IndicatorKind, value: String)]

    func close() async throws
}

/// Writes inside a transaction.
public protocol StoreWriter: Sendable {
    /// How far the store has been written, read under the write lock.
    func mark() async throws -> WriteMark

    /// Turns a batch into the statements that store it: pure work, which the caller can do while
    /// the previous batch is being written.
    func prepare(_ batch: WriteBatch) -> PreparedWrite

    /// Stores new canonical indicators and reports with their indicators. A report id stored
    /// before, or a number that does not continue the mark, fails the write.
    func insert(_ write: PreparedWrite) async throws
}

extension StoreWriter {
    public func insert(_ batch: WriteBatch) async throws { try await insert(prepare(batch)) }
}

/// A batch as the statements that store it (see `StoreWriter.prepare`).
public struct PreparedWrite: Sendable {
    enum Step: Sendable {
        case statement(SQLQueryString)
        /// PostgreSQL's `COPY … FROM STDIN`.
        case copy(BulkRows)
    }

    let steps: [Step]
    let firstReport: Int64?
    let firstIndicator: Int64?
}
