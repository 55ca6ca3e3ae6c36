import AccordCore
import Foundation
import SQLKit

/// Which reports a list asks for, newest first, a page at a time.
public struct ReportFilter: Sendable {
    public var country: String?
    public var scamType: ScamType?
    /// The submitting organisation (its id on the node).
    public var submittedBy: Int64?
    public var since: Date?
    public var until: Date?
    /// Reports naming this canonical indicator (its number).
    public var indicator: Int64?
    /// Reports older than this sequence number (the cursor of the previous page).
    public var before: Int64?
    public var limit = 50

    public init() {}
}

/// What a caller may see, as the store needs it to filter: an organisation's id and whether it
/// receives other organisations' AMBER (see `Access`). The public sees CLEAR only.
public struct Visibility: Sendable {
    public let organisationID: Int64?
    public let receivesAmber: Bool

    public init(_ caller: Caller) {
        organisationID = caller.role?.canRead == true ? caller.organisation?.id : nil
        receivesAmber = organisationID != nil && caller.organisation?.kind.receivesAmber == true
    }
}

/// A report in a list: what it is about, never its narrative or raw indicators.
public struct ReportSummary: Sendable, Codable {
    public let id: String
    public let seq: Int64
    public let organisation: String?
    public let country: String?
    public let scamType: String
    public let reportedAt: String
    public let loss: Money?
    public let tlp: String

    enum CodingKeys: String, CodingKey {
        case id, seq, organisation, country, loss, tlp
        case scamType = "scam_type", reportedAt = "reported_at"
    }
}

extension SQLStore {
    /// Summaries of these reports, in the order given (no marking check: the caller has made it).
    public func reportSummaries(seqs: [Int64]) async throws -> [ReportSummary] {
        var bySeq: [Int64: ReportSummary] = [:]
        for chunk in seqs.chunked(Self.rowsPerStatement) {
            let binds = chunk.map { $0 as any Encodable & Sendable }
            for row in try await database.raw("""
                SELECT seq, id, organisation, country, scam_type, reported_epoch, loss_amount, loss_currency, tlp, submitted_by FROM reports WHERE seq IN (\(binds: binds))
                """).all() {
                let summary = try Self.summary(row)
                bySeq[summary.seq] = summary
            }
        }
        return seqs.compactMap { bySeq[$0] }
    }

    static func summary(_ row: any SQLRow) throws -> ReportSummary {
        let facts = try facts(row)
        return ReportSummary(id: facts.id.lowercasedString, seq: facts.seq, organisation: facts.organisation, country: facts.country,
                             scamType: facts.scamType.rawValue, reportedAt: RFC3339.format(Date(timeIntervalSince1970: TimeInterval(facts.reportedAt))),
                             loss: facts.loss, tlp: facts.tlp.rawValue)
    }

    /// One page of the reports `visibility` may see, newest first.
    public func listReports(_ filter: ReportFilter, visibility: Visibility) async throws -> [ReportSummary] {
        var query = SQLQueryString("SELECT seq, id, organisation, country, scam_type, reported_epoch, loss_amount, loss_currency, tlp, submitted_by FROM reports WHERE ")
        // Markings, as `Access.canRead` decides them.
        query.appendInterpolation(visibility.condition)
        if let country = filter.country { query.appendLiteral(" AND country = "); query.appendInterpolation(bind: country) }
        if let type = filter.scamType { query.appendLiteral(" AND scam_type = "); query.appendInterpolation(bind: type.rawValue) }
        if let submitter = filter.submittedBy { query.appendLiteral(" AND submitted_by = "); query.appendInterpolation(bind: submitter) }
        if let since = filter.since { query.appendLiteral(" AND reported_epoch >= "); query.appendInterpolation(bind: Int64(since.timeIntervalSince1970)) }
        if let until = filter.until { query.appendLiteral(" AND reported_epoch < "); query.appendInterpolation(bind: Int64(until.timeIntervalSince1970)) }
        if let indicator = filter.indicator {
            query.appendLiteral(" AND seq IN (SELECT report_seq FROM report_links WHERE indicator = ")
            query.appendInterpolation(bind: indicator)
            query.appendLiteral(")")
        }
        if let before = filter.before { query.appendLiteral(" AND seq < "); query.appendInterpolation(bind: before) }
        query.appendLiteral(" ORDER BY seq DESC LIMIT ")
        query.appendInterpolation(bind: max(1, min(filter.limit, 1000)))
        return try await database.raw(query).all().map(Self.summary)
    }
}

extension SQLStore {
    /// The canonical indicators some reports link on, by number, each once.
    public func linkedIndicators(ofReports seqs: [Int64]) async throws -> [Int64] {
        var numbers = Set<Int64>()
        for chunk in seqs.chunked(Self.rowsPerStatement) {
            let binds = chunk.map { $0 as any Encodable & Sendable }
            for row in try await database.raw("SELECT DISTINCT indicator FROM report_links WHERE report_seq IN (\(binds: binds))").all() {
                numbers.insert(try row.decode(column: "indicator", as: Int64.self))
            }
        }
        return numbers.sorted()
    }
}

/// Counts over the reports a caller may see.
public struct ReportStatistics: Sendable, Codable {
    public struct Group: Sendable, Codable {
        public let key: String
        public let reports: Int
        /// Losses summed per currency, as decimal text.
        public let losses: [String: String]
    }

    public let reports: Int
    public let byCountry: [Group]
    public let byScamType: [Group]
    public let byMonth: [Group]

    enum CodingKeys: String, CodingKey {
        case reports
        case byCountry = "by_country", byScamType = "by_scam_type", byMonth = "by_month"
    }
}

extension SQLStore {
    /// Reports and losses by country, scam type and month (of `reported_at`), over what
    /// `visibility` may see. Each report is one victim.
    public func statistics(visibility: Visibility, since: Date? = nil, until: Date? = nil) async throws -> ReportStatistics {
        var rows: [(country: String, type: String, month: String, currency: String?, amount: String?)] = []
        var query = SQLQueryString("SELECT country, scam_type, reported_at, loss_currency, loss_amount FROM reports WHERE ")
        query.appendInterpolation(visibility.condition)
        if let since { query.appendLiteral(" AND reported_epoch >= "); query.appendInterpolation(bind: Int64(since.timeIntervalSince1970)) }
        if let until { query.appendLiteral(" AND reported_epoch < "); query.appendInterpolation(bind: Int64(until.timeIntervalSince1970)) }
        for row in try await database.raw(query).all() {
            rows.append((try Self.optional(row, "country") ?? "unknown", try row.decode(column: "scam_type", as: String.self),
                         String(try row.decode(column: "reported_at", as: String.self).prefix(7)),
                         try Self.optional(row, "loss_currency"), try Self.optional(row, "loss_amount")))
        }
        func groups(_ key: (Int) -> String) -> [ReportStatistics.Group] {
            var counts: [String: Int] = [:]
            var sums: [String: [String: Decimal]] = [:]
            for (index, row) in rows.enumerated() {
                let k = key(index)
                counts[k, default: 0] += 1
                if let currency = row.currency, let amount = row.amount.flatMap({ Decimal(string: $0) }) { sums[k, default: [:]][currency, default: 0] += amount }
            }
            return counts.keys.sorted().map { k in
                ReportStatistics.Group(key: k, reports: counts[k]!, losses: (sums[k] ?? [:]).mapValues { "\($0)" })
            }
        }
        return ReportStatistics(reports: rows.count, byCountry: groups { rows[$0].country }, byScamType: groups { rows[$0].type },
                                byMonth: groups { rows[$0].month })
    }
}

extension Visibility {
    /// The SQL condition on `reports` that `Access.canRead` amounts to.
    var condition: SQLQueryString {
        guard let organisation = organisationID else { return "tlp = 'clear'" }
        var query = SQLQueryString("(tlp IN ('clear', 'green') OR submitted_by = ")
        query.appendInterpolation(bind: organisation)
        query.appendLiteral(receivesAmber ? " OR tlp = 'amber')" : ")")
        return query
    }
}

/// What the reports a caller may see say about one canonical indicator.
public struct IndicatorFacts: Sendable, Codable {
    public let reports: Int
    public let countries: [String]
    public let scamTypes: [String]
    public let firstSeen: String?
    public let lastSeen: String?

    public init(reports: Int = 0, countries: [String] = [], scamTypes: [String] = [], firstSeen: String? = nil, lastSeen: String? = nil) {
        self.reports = reports
        self.countries = countries
        self.scamTypes = scamTypes
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    enum CodingKeys: String, CodingKey {
        case reports, countries
        case scamTypes = "scam_types", firstSeen = "first_seen", lastSeen = "last_seen"
    }
}

extension SQLStore {
    public func indicatorFacts(number: Int64, visibility: Visibility) async throws -> IndicatorFacts {
        var query = SQLQueryString("SELECT country, scam_type, reported_epoch FROM reports WHERE ")
        query.appendInterpolation(visibility.condition)
        query.appendLiteral(" AND seq IN (SELECT report_seq FROM report_links WHERE indicator = ")
        query.appendInterpolation(bind: number)
        query.appendLiteral(")")
        var countries = Set<String>(), types = Set<String>(), first = Int64.max, last = Int64.min, count = 0
        for row in try await database.raw(query).all() {
            count += 1
            if let country = try Self.optional(row, "country") { countries.insert(country) }
            types.insert(try row.decode(column: "scam_type", as: String.self))
            let epoch = try row.decode(column: "reported_epoch", as: Int64.self)
            first = min(first, epoch)
            last = max(last, epoch)
        }
        func time(_ epoch: Int64) -> String? { count == 0 ? nil : RFC3339.format(Date(timeIntervalSince1970: TimeInterval(epoch))) }
        return IndicatorFacts(reports: count, countries: countries.sorted(), scamTypes: types.sorted(), firstSeen: time(first), lastSeen: time(last))
    }
}
