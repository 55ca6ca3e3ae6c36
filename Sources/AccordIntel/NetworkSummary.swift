import AccordCore
import AccordStore
import Foundation

/// A network of linked reports: who was hit, where, when, and for how much.
public struct NetworkSummary: Sendable {
    /// The id of the network's oldest report: stable as the network grows.
    public let id: UUID
    public let reportCount: Int
    public let indicatorCount: Int
    public let countries: [String]
    public let organisations: [String]
    public let scamTypes: [ScamType]
    public let firstSeen: Date
    public let lastSeen: Date
    /// Losses summed per currency, as decimal text.
    public let losses: [String: String]
    /// The losses in approximate US dollars, for ranking only.
    public let approximateLossUSD: Double
    /// Dense indices of the member reports in the linker, oldest first.
    public let memberIndices: [Int32]

    public var isCrossBorder: Bool { countries.count >= 2 }

    init(reports: [ReportFacts], indicatorCount: Int, memberIndices: [Int32]) {
        let ordered = zip(reports, memberIndices).sorted { $0.0.seq < $1.0.seq }
        id = ordered[0].0.id
        reportCount = reports.count
        self.indicatorCount = indicatorCount
        countries = Set(reports.compactMap(\.country)).sorted()
        organisations = Set(reports.compactMap(\.organisation)).sorted()
        scamTypes = ScamType.allCases.filter { type in reports.contains { $0.scamType == type } }
        firstSeen = Date(timeIntervalSince1970: TimeInterval(reports.map(\.reportedAt).min()!))
        lastSeen = Date(timeIntervalSince1970: TimeInterval(reports.map(\.reportedAt).max()!))
        var sums: [String: Decimal] = [:]
        for report in reports {
            if let loss = report.loss, let amount = Decimal(string: loss.amount) { sums[loss.currency, default: 0] += amount }
        }
        losses = sums.mapValues { "\($0)" }
        approximateLossUSD = sums.reduce(0) { $0 + NSDecimalNumber(decimal: $1.value).doubleValue * (ApproximateRates.usd[$1.key] ?? 0) }
        self.memberIndices = ordered.map(\.1)
    }
}

/// How cross-border networks are ranked.
public enum NetworkRanking: String, CaseIterable, Sendable {
    case loss, victims

    public func sort(_ networks: [NetworkSummary]) -> [NetworkSummary] {
        networks.sorted { a, b in
            switch self {
            case .loss:
                if a.approximateLossUSD != b.approximateLossUSD { return a.approximateLossUSD > b.approximateLossUSD }
                if a.reportCount != b.reportCount { return a.reportCount > b.reportCount }
            case .victims:
                if a.reportCount != b.reportCount { return a.reportCount > b.reportCount }
                if a.approximateLossUSD != b.approximateLossUSD { return a.approximateLossUSD > b.approximateLossUSD }
            }
            return a.id.uuidString < b.id.uuidString
        }
    }
}

/// Rough US-dollar values of the currencies scams are paid in, used only to rank networks whose
/// losses are in several currencies. Amounts are always shown in their own currency.
public enum ApproximateRates {
    public static let usd: [String: Double] = [
        "USD": 1, "USDT": 1, "USDC": 1, "DAI": 1, "BUSD": 1, "EUR": 1.08, "GBP": 1.27, "JPY": 0.0067, "CNY": 0.14,
        "VND": 0.00004, "THB": 0.028, "PHP": 0.018, "MYR": 0.22, "SGD": 0.74, "IDR": 0.000063, "KHR": 0.00025,
        "LAK": 0.000047, "MMK": 0.00048, "INR": 0.012, "KRW": 0.00073, "HKD": 0.128, "TWD": 0.031, "AUD": 0.66,
        "NZD": 0.60, "CAD": 0.73, "BRL": 0.18, "MXN": 0.055, "NGN": 0.00065, "ZAR": 0.055, "AED": 0.27, "SAR": 0.27,
        "TRY": 0.029, "RUB": 0.011, "PKR": 0.0036, "BDT": 0.0083, "CHF": 1.12, "SEK": 0.095, "PLN": 0.25,
        "BTC": 90000, "ETH": 3000, "TRX": 0.25, "BNB": 600, "SOL": 150, "XRP": 2, "LTC": 90, "DOGE": 0.2, "BCH": 450,
    ]
}

/// The JSON shape of a network summary, for the CLI and the API.
public struct NetworkView: Encodable, Sendable {
    public let id: String
    public let reports: Int
    public let indicators: Int
    public let countries: [String]
    public let organisations: [String]
    public let scamTypes: [String]
    public let firstSeen: String
    public let lastSeen: String
    public let losses: [String: String]
    public let crossBorder: Bool

    /// `indicators`, when given, replaces the summary's count (worked out from visible reports).
    public init(_ network: NetworkSummary, indicators: Int? = nil) {
        id = network.id.lowercasedString
        reports = network.reportCount
        self.indicators = indicators ?? network.indicatorCount
        countries = network.countries
        organisations = network.organisations
        scamTypes = network.scamTypes.map(\.rawValue)
        firstSeen = RFC3339.format(network.firstSeen)
        lastSeen = RFC3339.format(network.lastSeen)
        losses = network.losses
        crossBorder = network.isCrossBorder
    }

    enum CodingKeys: String, CodingKey {
        case id, reports, indicators, countries, organisations
        case scamTypes = "scam_types", firstSeen = "first_seen", lastSeen = "last_seen", losses
        case crossBorder = "cross_border"
    }
}
