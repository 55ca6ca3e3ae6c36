import AccordCore
import AccordStore
import Foundation
import Hummingbird
import Synchronization

/// Requests per client address in a sliding minute: the public check answers anyone, so it
/// answers each address only so often.
final class RateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let state = Mutex<[String: [TimeInterval]]>([:])

    init(limit: Int, per window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// nil when `client` may go on; else the seconds until it may.
    func retryAfter(_ client: String, now: TimeInterval = Date().timeIntervalSince1970) -> Int? {
        state.withLock { clients in
            var times = clients[client, default: []].filter { $0 > now - window }
            defer {
                clients[client] = times
                // Forget quiet clients now and then, so the table stays small.
                if clients.count > 10_000 { clients = clients.filter { $0.value.contains { $0 > now - window } } }
            }
            guard times.count < limit else { return max(1, Int((times[0] + window - now).rounded(.up))) }
            times.append(now)
            return nil
        }
    }
}

/// The public check's answer: never a narrative, a victim, or anything but CLEAR reports.
struct CheckAnswer: ResponseEncodable {
    enum Verdict: String, Encodable { case unknown, reported, highRisk = "high_risk" }

    let value: String
    let kind: String
    let verdict: Verdict
    let reports: Int
    let countries: [String]
    let scamTypes: [String]
    let firstSeen: String?
    let lastSeen: String?

    enum CodingKeys: String, CodingKey {
        case value, kind, verdict, reports, countries
        case scamTypes = "scam_types", firstSeen = "first_seen", lastSeen = "last_seen"
    }

    /// High risk: reported three times or more, or from two countries or more.
    init(_ indicator: CanonicalIndicator, _ known: IndicatorFacts) {
        value = indicator.value
        kind = indicator.kind.rawValue
        verdict = known.reports == 0 ? .unknown : (known.reports >= 3 || known.countries.count >= 2 ? .highRisk : .reported)
        reports = known.reports
        countries = known.countries
        scamTypes = known.scamTypes
        firstSeen = known.firstSeen
        lastSeen = known.lastSeen
    }
}
