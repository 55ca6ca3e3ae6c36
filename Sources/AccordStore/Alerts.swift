import AccordCore
import Foundation
import SQLKit

/// An alert as stored: for whom, about which new report, through which indicators.
public struct StoredAlert: Sendable {
    public let seq: Int64
    public let organisationID: Int64
    public let reportSeq: Int64
    public let indicators: [Int64]
    public let createdAt: String
}

/// A report that shares indicators with a new one: who submitted it, from where, and its marking.
public struct LinkedReport: Sendable {
    public let seq: Int64
    public let submittedBy: Int64?
    public let country: String?
    public let tlp: TLP
}

extension SQLStore {
    /// For each of these indicators, the reports that name it: one query per few hundred
    /// indicators, however many reports ask.
    public func reportsNaming(_ indicators: [Int64]) async throws -> [Int64: [LinkedReport]] {
        var out: [Int64: [LinkedReport]] = [:]
        for chunk in Array(Set(indicators)).sorted().chunked(Self.rowsPerStatement) {
            let binds = chunk.map { $0 as any Encodable & Sendable }
            for row in try await database.raw("""
                SELECT l.indicator, r.seq, r.submitted_by, r.country, r.tlp FROM report_links l JOIN reports r ON r.seq = l.report_seq
                WHERE l.indicator IN (\(binds: binds))
                """).all() {
                out[try row.decode(column: "indicator", as: Int64.self), default: []].append(LinkedReport(
                    seq: try row.decode(column: "seq", as: Int64.self),
                    submittedBy: try row.decodeNil(column: "submitted_by") ? nil : row.decode(column: "submitted_by", as: Int64.self),
                    country: try Self.optional(row, "country"),
                    tlp: TLP(rawValue: try row.decode(column: "tlp", as: String.self)) ?? .red))
            }
        }
        return out
    }

    /// Stores alerts, all or none; returns them with their sequence numbers.
    public func addAlerts(_ alerts: [(organisationID: Int64, reportSeq: Int64, indicators: [Int64])]) async throws -> [StoredAlert] {
        guard !alerts.isEmpty else { return [] }
        return try await transaction { _ in try await self.insertAlerts(alerts) }
    }

    private func insertAlerts(_ alerts: [(organisationID: Int64, reportSeq: Int64, indicators: [Int64])]) async throws -> [StoredAlert] {
        let now = RFC3339.format(Date())
        var stored: [StoredAlert] = []
        for alert in alerts {
            let text = "[" + alert.indicators.map(String.init).joined(separator: ",") + "]"
            let row = try await database.raw("""
                INSERT INTO alerts (organisation_id, report_seq, indicators, created_at)
                VALUES (\(bind: alert.organisationID), \(bind: alert.reportSeq), \(bind: text), \(bind: now)) RETURNING seq
                """).first()
            guard let seq = try row?.decode(column: "seq", as: Int64.self) else { throw StoreError("the alert was not stored") }
            stored.append(StoredAlert(seq: seq, organisationID: alert.organisationID, reportSeq: alert.reportSeq, indicators: alert.indicators, createdAt: now))
        }
        return stored
    }

    /// An organisation's alerts, newest first, older than `before` when given.
    public func alerts(for organisationID: Int64, before: Int64? = nil, limit: Int = 50) async throws -> [StoredAlert] {
        var query = SQLQueryString("SELECT seq, organisation_id, report_seq, indicators, created_at FROM alerts WHERE organisation_id = ")
        query.appendInterpolation(bind: organisationID)
        if let before { query.appendLiteral(" AND seq < "); query.appendInterpolation(bind: before) }
        query.appendLiteral(" ORDER BY seq DESC LIMIT ")
        query.appendInterpolation(bind: max(1, min(limit, 500)))
        return try await database.raw(query).all().map { row in
            let text = try row.decode(column: "indicators", as: String.self)
            return StoredAlert(seq: try row.decode(column: "seq", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                               reportSeq: try row.decode(column: "report_seq", as: Int64.self),
                               indicators: text.split(whereSeparator: { $0 == "," || $0 == "[" || $0 == "]" }).compactMap { Int64($0) },
                               createdAt: try row.decode(column: "created_at", as: String.self))
        }
    }
}
