import AccordCore
import Foundation

/// How long each step may take. The Convention says "as soon as possible" and leaves the hours to
/// practice; these defaults follow it (the 8-hour emergency track and the 10-day production of the
/// EU's e-evidence rules, the hours a stop-payment channel works in). A requester may set a sooner
/// deadline, with its reason.
public enum DeadlinePolicy {
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86_400

    /// How soon a sent request is to be acknowledged.
    public static func acknowledge(_ kind: RequestKind, emergency: Bool) -> TimeInterval {
        if kind == .stopPayment { return 2 * hour }
        if emergency { return 4 * hour }
        switch kind {
        case .preservation, .takedown: return 24 * hour
        case .trafficDisclosure, .subscriberInformation, .spontaneousInformation: return 72 * hour
        case .mutualLegalAssistance, .extradition, .jointInvestigation: return 5 * day
        case .stopPayment: return 2 * hour
        }
    }

    /// How soon a sent request is to be executed; nil where the type sets no clock (an MLA request
    /// takes what it takes, unless the requester sets a deadline).
    public static func execute(_ kind: RequestKind, emergency: Bool, details: [String: JSONValue]) -> TimeInterval? {
        if emergency && [.preservation, .trafficDisclosure, .subscriberInformation].contains(kind) { return 8 * hour }
        switch kind {
        case .stopPayment: return (details["window_hours"]?.number ?? 24) * hour
        case .preservation: return 72 * hour
        case .takedown: return 48 * hour
        case .trafficDisclosure, .subscriberInformation: return 10 * day
        case .mutualLegalAssistance, .extradition, .jointInvestigation, .spontaneousInformation: return nil
        }
    }

    /// How soon a progress query is to be answered.
    public static func answer(emergency: Bool) -> TimeInterval { emergency ? 8 * hour : 72 * hour }

    /// A preservation's reminder comes this long before it lapses.
    public static let preservationReminder: TimeInterval = 7 * day

    /// The clocks of a request sent at `sent`.
    static func started(_ request: inout CooperationRequest, at sent: Date) {
        request.clocks.sentAt = RFC3339.format(sent)
        request.clocks.acknowledgeBy = RFC3339.format(sent.addingTimeInterval(acknowledge(request.kind, emergency: request.emergency)))
        var due = execute(request.kind, emergency: request.emergency, details: request.details).map { sent.addingTimeInterval($0) }
        if let asked = request.dueBy.flatMap({ RFC3339.parse($0, allowDate: true) }), due.map({ asked < $0 }) ?? true { due = asked }
        request.clocks.executeBy = due.map(RFC3339.format)
    }

    /// A preservation executed at `executed` holds for its days (60 unless it asks more).
    static func preserve(_ request: inout CooperationRequest, from executed: Date, days: Int? = nil) {
        let days = days ?? Int(request.details["days"]?.number ?? 60)
        let until = executed.addingTimeInterval(TimeInterval(days) * day)
        request.clocks.preserveUntil = RFC3339.format(until)
        request.clocks.remindFrom = RFC3339.format(until.addingTimeInterval(-preservationReminder))
    }
}

/// A clock that is running on a request: what is due, from whom, by when.
public struct DueItem: Codable, Sendable {
    public enum Clock: String, Codable, Sendable {
        /// The recipient is to acknowledge.
        case acknowledge
        /// The recipient is to execute.
        case execute
        /// The recipient is to answer the requester's progress query.
        case answer
        /// The requester is reminded: the preservation lapses soon (send the MLA request, or extend).
        case preservation
    }

    public let request: RequestSummary
    public let clock: Clock
    /// The side that has to act.
    public let side: Side
    public let due: String
    /// Seconds past due (negative: still to come).
    public let overdueSeconds: Int64

    enum CodingKeys: String, CodingKey {
        case request, clock, side, due
        case overdueSeconds = "overdue_seconds"
    }

    /// The clocks running on a request at `now` (a preservation's from its reminder on).
    static func items(of request: CooperationRequest, now: Date) -> [DueItem] {
        var out: [DueItem] = []
        let summary = RequestSummary(request)
        func add(_ clock: Clock, _ side: Side, _ due: String?, from: String? = nil) {
            guard let due, let date = RFC3339.parse(due) else { return }
            // A reminder shows from its start on; the other clocks run from the request's sending.
            if let start = from.flatMap({ RFC3339.parse($0) }), now < start { return }
            out.append(DueItem(request: summary, clock: clock, side: side, due: due, overdueSeconds: Int64(now.timeIntervalSince(date).rounded())))
        }
        switch request.status {
        case .sent:
            add(.acknowledge, .recipient, request.clocks.acknowledgeBy)
            add(.execute, .recipient, request.clocks.executeBy)
        case .acknowledged, .inProgress, .partiallyExecuted, .postponed:
            add(.execute, .recipient, request.clocks.executeBy)
        case .executed where request.kind == .preservation:
            add(.preservation, .requester, request.clocks.preserveUntil, from: request.clocks.remindFrom)
        default: break
        }
        if !request.status.isClosed { add(.answer, .recipient, request.clocks.queryDue) }
        return out
    }
}

/// A request in a list: enough to choose it.
public struct RequestSummary: Codable, Sendable {
    public let id: RequestID
    public let kind: RequestKind
    public let article: String?
    public let status: RequestStatus
    public let title: String
    public let emergency: Bool
    public let requester: Party
    public let recipient: Party
    public let handling: Handling
    public let createdAt: String
    public let sentAt: String?

    init(_ request: CooperationRequest) {
        id = request.id
        kind = request.kind
        article = request.kind.article
        status = request.status
        title = request.title
        emergency = request.emergency
        requester = request.requester
        recipient = request.recipient
        handling = request.handling
        createdAt = request.clocks.createdAt
        sentAt = request.clocks.sentAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, article, status, title, emergency, requester, recipient, handling
        case createdAt = "created_at", sentAt = "sent_at"
    }
}
