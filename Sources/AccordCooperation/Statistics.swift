import AccordCore
import AccordStore
import Foundation

/// The figures that show the channel works: requests by kind and by pair of countries, how fast
/// they are acknowledged and executed, and the money held. Drafts and confidential requests are
/// left out.
public struct CooperationStatistics: Codable, Sendable {
    public struct CountryPair: Codable, Sendable {
        public let from: String
        public let to: String
        public let requests: Int
    }

    public let requests: Int
    public let byKind: [String: Int]
    public let byStatus: [String: Int]
    public let byCountry: [CountryPair]
    /// Median seconds from sent to acknowledged, and to executed; nil before any.
    public let medianSecondsToAcknowledge: Int64?
    public let medianSecondsToExecute: Int64?
    /// Per kind, as the overall medians.
    public let medianSecondsToExecuteByKind: [String: Int64]
    /// Money held by stop-payment responses, per currency.
    public let frozen: [Money]
    /// Requests whose clock to acknowledge or execute has run out, now.
    public let overdue: Int

    enum CodingKeys: String, CodingKey {
        case requests, frozen, overdue
        case byKind = "by_kind", byStatus = "by_status", byCountry = "by_country"
        case medianSecondsToAcknowledge = "median_seconds_to_acknowledge", medianSecondsToExecute = "median_seconds_to_execute"
        case medianSecondsToExecuteByKind = "median_seconds_to_execute_by_kind"
    }
}

extension Cooperation {
    /// The node's statistics (any organisation of the node may read them: they name no case).
    public func statistics() async throws -> CooperationStatistics {
        var filter = RequestRowFilter()
        filter.includeConfidential = false
        filter.excludingStatuses = [RequestStatus.draft.rawValue]
        filter.limit = 100_000
        let requests = try await store.requests(filter).map(Self.document)
        let at = now()
        var byKind: [String: Int] = [:], byStatus: [String: Int] = [:], pairs: [String: Int] = [:]
        var acknowledge: [Int64] = [], execute: [Int64] = [], executeByKind: [String: [Int64]] = [:]
        var frozen: [String: Decimal] = [:]
        var overdue = 0
        func seconds(_ from: String?, _ to: String?) -> Int64? {
            guard let start = from.flatMap({ RFC3339.parse($0) }), let end = to.flatMap({ RFC3339.parse($0) }) else { return nil }
            return Int64(end.timeIntervalSince(start).rounded())
        }
        for request in requests {
            byKind[request.kind.rawValue, default: 0] += 1
            byStatus[request.status.rawValue, default: 0] += 1
            pairs["\(request.requester.country)>\(request.recipient.country)", default: 0] += 1
            if let s = seconds(request.clocks.sentAt, request.clocks.acknowledgedAt) { acknowledge.append(s) }
            if let s = seconds(request.clocks.sentAt, request.clocks.executedAt) {
                execute.append(s)
                executeByKind[request.kind.rawValue, default: []].append(s)
            }
            for response in request.responses {
                if let money = response.frozen { frozen[money.currency, default: 0] += Decimal(string: money.amount) ?? 0 }
            }
            if DueItem.items(of: request, now: at).contains(where: { $0.overdueSeconds >= 0 && $0.clock != .preservation }) { overdue += 1 }
        }
        return CooperationStatistics(
            requests: requests.count, byKind: byKind, byStatus: byStatus,
            byCountry: pairs.map { key, count in
                let parts = key.split(separator: ">")
                return CooperationStatistics.CountryPair(from: String(parts[0]), to: String(parts[1]), requests: count)
            }.sorted { ($0.requests, $1.from, $1.to) > ($1.requests, $0.from, $0.to) },
            medianSecondsToAcknowledge: Self.median(acknowledge), medianSecondsToExecute: Self.median(execute),
            medianSecondsToExecuteByKind: executeByKind.compactMapValues(Self.median),
            frozen: frozen.sorted { $0.key < $1.key }.compactMap { try? Money(amount: "\($0.value)", currency: $0.key) }, overdue: overdue)
    }

    /// The median; of an even count, the mean of the middle two (rounded down).
    static func median(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
