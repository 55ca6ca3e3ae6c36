import AccordCore
import AccordIntel
import AccordStore
import Foundation
import Hummingbird

/// Alerts: when a new report shares an indicator with reports of another organisation or
/// another country, each organisation concerned learns of it, within its markings.
///
/// - The organisations whose reports share the indicator are alerted when they may read the new
///   report (a report they may not see raises nothing for them: its existence is information).
/// - The submitting organisation is alerted when what it shares with is another organisation's
///   or another country's.
///
/// What an alert shows is worked out when it is read, with the reader's markings.
extension AccordServer {
    /// Raises the alerts of reports just stored.
    func raiseAlerts(for seqs: ClosedRange<Int64>) async throws {
        // Nobody to alert on a node without organisations (a bulk load before any key exists).
        guard try await !store.organisations().isEmpty else { return }
        let stored = try await node.links(ofReports: seqs)
        var alerts: [(organisationID: Int64, reportSeq: Int64, indicators: [Int64])] = []
        var organisations: [Int64: Organisation] = [:]
        // Only what links (named by another report too) can raise an alert: the rest needs no query.
        let reports = await node.withLinker { linker in stored.map { ($0.facts, $0.indicators.filter { linker.links($0) }) }.filter { !$0.1.isEmpty } }
        let naming = try await store.reportsNaming(reports.flatMap(\.1))
        for (facts, linking) in reports {
            let shared = linking.flatMap { naming[$0] ?? [] }.filter { $0.seq != facts.seq }
            guard !shared.isEmpty else { continue }
            // The indicators it shares, for the alert to name.
            let sharedNumbers = linking.filter { number in naming[number]?.contains { $0.seq != facts.seq } == true }
            var concerned = Set(shared.compactMap(\.submittedBy))
            if let own = facts.submittedBy { concerned.remove(own) }
            for id in concerned.sorted() {
                if organisations[id] == nil { organisations[id] = try await store.organisation(id: id) }
                guard let organisation = organisations[id],
                      Access.canRead(facts.tlp, submittedBy: facts.submittedBy, caller: Caller(organisation: organisation, role: .reader)) else { continue }
                alerts.append((id, facts.seq, sharedNumbers))
            }
            if let own = facts.submittedBy, shared.contains(where: { $0.submittedBy != own || $0.country != facts.country }) {
                alerts.append((own, facts.seq, sharedNumbers))
            }
        }
        hub.publish(try await store.addAlerts(alerts).map { ($0.organisationID, $0) })
        ServerMetrics.alertsRaised.increment(by: alerts.count)
    }

    struct AlertView: Encodable {
        let id: String
        let createdAt: String
        /// The new report.
        let report: ReportSummary
        /// What it shares.
        let linked: [IndicatorView]
        /// The reports it links to that the reader may see, and their countries.
        let reports: [ReportSummary]
        let countries: [String]
        /// Its network, named by the oldest report of it the reader may see.
        let network: String?

        enum CodingKeys: String, CodingKey {
            case id, report, linked, reports, countries, network
            case createdAt = "created_at"
        }
    }

    struct AlertPage: ResponseEncodable {
        let alerts: [AlertView]
        let nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case alerts
            case nextCursor = "next_cursor"
        }
    }

    /// The caller's organisation's alerts, newest first.
    func listAlerts(_ request: Request, _ context: AccordContext) async throws -> AlertPage {
        let organisation = try Self.reader(context, "alerts belong to an organisation: reading them")
        var before: Int64?
        if let text = request.uri.formParameters.get("cursor") {
            guard let cursor = Int64(text), cursor > 0 else { throw Problem(.badRequest, "cursor takes the next_cursor of the previous page, not '\(text)'") }
            before = cursor
        }
        let stored = try await store.alerts(for: organisation.id, before: before)
        var views: [AlertView] = []
        for alert in stored {
            guard let view = try await view(of: alert, for: context.caller) else { continue }
            views.append(view)
        }
        return AlertPage(alerts: views, nextCursor: stored.count == 50 ? stored.last.map { String($0.seq) } : nil)
    }

    func view(of alert: StoredAlert, for caller: Caller) async throws -> AlertView? {
        guard let report = try await store.reportSummaries(seqs: [alert.reportSeq]).first,
              let reportID = UUID(uuidString: report.id) else { return nil }
        let visibility = Visibility(caller)
        var filter = ReportFilter()
        var linked: [ReportSummary] = []
        for number in alert.indicators {
            filter.indicator = number
            linked += try await store.listReports(filter, visibility: visibility).filter { $0.seq != alert.reportSeq }
        }
        var seen = Set<Int64>()
        linked = linked.filter { seen.insert($0.seq).inserted }.sorted { $0.seq > $1.seq }
        let names = try await store.indicators(numbers: alert.indicators)
        let network = await node.network(ofReport: reportID, visibleTo: caller)
        return AlertView(id: String(alert.seq), createdAt: alert.createdAt, report: report,
                         linked: alert.indicators.compactMap { names[$0].map { IndicatorView(kind: $0.kind.rawValue, value: $0.value) } },
                         reports: linked, countries: Set(linked.compactMap(\.country)).sorted(), network: network?.id.lowercasedString)
    }
}
