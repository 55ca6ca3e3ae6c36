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
    /// One page of the reports `visibility` may see, newest first.
    public func listReports(_ filter: ReportFilter, visibility: Visibility) async throws -> [ReportSummary] {
        var query = SQLQueryString("SELECT seq, id, organisation, country, scam_type, reported_epoch, loss_amount, loss_currency, tlp, submitted_by FROM reports WHERE ")
        // Markings, as `Access.canRead` decides them.
        if let organisation = visibility.organisationID {
            query.appendLiteral("(tlp IN ('clear', 'green') OR submitted_by = ")
            query.appendInterpolation(bind: organisation)
            query.appendLiteral(visibility.receivesAmber ? " OR tlp = 'amber')" : ")")
        } else {
            query.appendLiteral("tlp = 'clear'")
        }
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
        return try await database.raw(query).all().map { row in
            let facts = try Self.facts(row)
            return ReportSummary(id: facts.id.lowercasedString, seq: facts.seq, organisation: facts.organisation, country: facts.country,
                                 scamType: facts.scamType.rawValue, reportedAt: RFC3339.format(Date(timeIntervalSince1970: TimeInterval(facts.reportedAt))),
                                 loss: facts.loss, tlp: facts.tlp.rawValue)
        }
    }
}
