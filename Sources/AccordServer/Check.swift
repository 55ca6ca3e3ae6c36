import AccordCore
import AccordStore
import Foundation
import Hummingbird
import Synchronization

/// A token bucket per client address: `limit` requests a `window`, refilled continuously, so a
/// client that waits gets its requests back a little at a time. O(1) per request.
final class RateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let buckets = Mutex<[String: (tokens: Double, at: TimeInterval)]>([:])

    init(limit: Int, per window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// nil when `client` may go on; else the seconds until it may.
    func retryAfter(_ client: String, now: TimeInterval = Date().timeIntervalSince1970) -> Int? {
        let rate = Double(limit) / window
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? (Double(limit), now)
            bucket.tokens = min(Double(limit), bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            defer {
                buckets[client] = bucket
                // Forget full buckets now and then, so the table stays small.
                if buckets.count > 10_000 { buckets = buckets.filter { $0.value.tokens + (now - $0.value.at) * rate < Double(limit) } }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}

/// A count any thread may add to.
final class Count: Sendable {
    private let value = Atomic<Int>(0)

    func add() { value.add(1, ordering: .relaxed) }

    var current: Int { value.load(ordering: .relaxed) }
}

/// The public check's answer: never a narrative, a victim, or anything but CLEAR reports.
struct CheckAnswer: Encodable, ResponseGenerator {
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

extension CheckAnswer {
    /// The answer as JSON, written directly: the public check is the node's busiest path, and
    /// `JSONEncoder` costs as much as the rest of it. `Encodable` gives the same members (a test
    /// holds the two together).
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: body()))
    }

    static let contentType = "application/json; charset=utf-8"

    func body() -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(192)
        func member(_ name: String, _ write: (inout [UInt8]) -> Void) {
            out.append(out.isEmpty ? 0x7B : 0x2C)
            JSONText.appendQuoted(name, to: &out)
            out.append(0x3A)
            write(&out)
        }
        func strings(_ values: [String]) -> (inout [UInt8]) -> Void {
            { out in
                out.append(0x5B)
                for (index, value) in values.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    JSONText.appendQuoted(value, to: &out)
                }
                out.append(0x5D)
            }
        }
        member("value") { JSONText.appendQuoted(value, to: &$0) }
        member("kind") { JSONText.appendQuoted(kind, to: &$0) }
        member("verdict") { JSONText.appendQuoted(verdict.rawValue, to: &$0) }
        member("reports") { $0.append(contentsOf: String(reports).utf8) }
        member("countries", strings(countries))
        member("scam_types", strings(scamTypes))
        if let firstSeen { member("first_seen") { JSONText.appendQuoted(firstSeen, to: &$0) } }
        if let lastSeen { member("last_seen") { JSONText.appendQuoted(lastSeen, to: &$0) } }
        out.append(0x7D)
        return ByteBuffer(bytes: out)
    }
}
