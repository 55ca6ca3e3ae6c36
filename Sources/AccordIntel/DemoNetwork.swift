import AccordCore
import Foundation

/// A realistic, deterministic demo data set: a few thousand reports across a dozen countries, with
/// scam operations that reuse cash-out wallets, phone numbers, mule accounts and domains the way
/// real ones do (a few large cross-border networks, many small ones, realistic losses).
///
/// Every value is made up and cannot belong to a real person: phone numbers come from the ranges
/// regulators reserve for fiction (US 555-01xx, UK 07700 900xxx, Australia 0491 570xxx); domains
/// and e-mail addresses sit under the reserved `example.com/.net/.org`; bank accounts are at the
/// made-up bank `DEMO`; wallets are derived from a hash, so nobody holds their keys; handles start
/// with `acd_demo`.
public struct DemoNetwork: Sendable {
    public let seed: UInt64
    public let reportCount: Int

    public init(seed: UInt64 = 2026, reportCount: Int = 3000) {
        self.seed = seed
        self.reportCount = reportCount
    }

    struct Country {
        let code: String
        let organisation: String
        let currency: String
        /// A typical loss in the local currency.
        let scale: Double
    }

    static let countries: [Country] = [
        Country(code: "VN", organisation: "VN-A05", currency: "VND", scale: 120_000_000),
        Country(code: "TH", organisation: "TH-CCIB", currency: "THB", scale: 180_000),
        Country(code: "PH", organisation: "PH-ACG", currency: "PHP", scale: 250_000),
        Country(code: "MY", organisation: "MY-CCID", currency: "MYR", scale: 25_000),
        Country(code: "SG", organisation: "SG-ASC", currency: "SGD", scale: 30_000),
        Country(code: "ID", organisation: "ID-SIBER", currency: "IDR", scale: 60_000_000),
        Country(code: "KH", organisation: "KH-CCD", currency: "USD", scale: 4_000),
        Country(code: "IN", organisation: "IN-I4C", currency: "INR", scale: 400_000),
        Country(code: "KR", organisation: "KR-KNPA", currency: "KRW", scale: 20_000_000),
        Country(code: "JP", organisation: "JP-NPA", currency: "JPY", scale: 2_500_000),
        Country(code: "AU", organisation: "AU-NASC", currency: "AUD", scale: 30_000),
        Country(code: "US", organisation: "US-IC3", currency: "USD", scale: 25_000),
        Country(code: "GB", organisation: "GB-AF", currency: "GBP", scale: 15_000),
    ]

    /// One scam operation: its type, where its victims are, and the traces it reuses.
    struct Operation {
        let type: ScamType
        let countries: [Int]
        var phones: [String]
        var wallets: [(String, String)]
        var accounts: [(String, String)]
        var domains: [String]
        var handles: [String]
        let size: Int
    }

    /// The reports as NDJSON lines, in the report JSON shape.
    public func lines() -> [String] {
        var rng = SplitMix64(seed: seed)
        var serial = 0
        func next() -> Int { serial += 1; return serial }
        // Each number is drawn once, so operations link only through what they really share.
        var usedPhones = Set<String>()
        func phone() -> String {
            while true {
                let number: String
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<7: number = "+1 \(Int.random(in: 201...989, using: &rng)) 555 01\(String(format: "%02d", Int.random(in: 0...99, using: &rng)))"
                case 7..<9: number = "+44 7700 900\(String(format: "%03d", Int.random(in: 0...999, using: &rng)))"
                default: number = "+61 491 570 \(String(format: "%03d", Int.random(in: 6...159, using: &rng)))"
                }
                if usedPhones.insert(number).inserted || usedPhones.count > 80_000 { return number }
            }
        }
        func hashBytes(_ label: String, _ count: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            var state = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: label.hashValueStable))
            while bytes.count < count { withUnsafeBytes(of: state.next()) { bytes.append(contentsOf: $0) } }
            return Array(bytes.prefix(count))
        }
        func wallet() -> (String, String) {
            let n = next()
            if Bool.random(using: &rng) {
                return (WalletAddress.tron(account: hashBytes("tron-\(n)", 20)), "tron")
            }
            return (WalletAddress.evm(account: hashBytes("evm-\(n)", 20)), "bsc")
        }
        func account(_ country: Country) -> (String, String) {
            (String(format: "%010d", Int.random(in: 1_000_000...9_999_999_999, using: &rng)), "DEMO\(country.code == "KH" ? "KH" : country.code)XX")
        }
        let words = ["gold", "trade", "vip", "profit", "asset", "invest", "crypto", "fx", "lucky", "mentor", "global", "smart"]
        func domain() -> String {
            "\(words.randomElement(using: &rng)!)-\(words.randomElement(using: &rng)!)-\(next()).example.\(["com", "net", "org"].randomElement(using: &rng)!)"
        }
        func handle() -> String { "telegram:acd_demo_\(words.randomElement(using: &rng)!)\(next())" }

        // A few large cross-border operations, a tail of small ones.
        var operations: [Operation] = []
        let big: [(ScamType, [String], Int)] = [
            (.investment, ["VN", "TH", "PH", "MY", "SG", "KH"], 420), (.romance, ["US", "GB", "AU", "PH", "MY"], 260),
            (.jobTask, ["IN", "VN", "ID", "TH", "PH"], 300), (.impersonationAuthority, ["IN", "SG", "MY", "KR"], 180),
            (.investment, ["KR", "JP", "TH", "VN"], 150), (.cryptoGiveaway, ["US", "GB", "AU", "JP"], 90),
        ]
        // Asked for fewer reports than these hold, each shrinks in proportion (to one report at least).
        let held = big.reduce(0) { $0 + $1.2 }
        var left = reportCount
        for (type, codes, full) in big where left > 0 {
            let size = reportCount >= held ? full : min(left, max(1, full * reportCount / held))
            left -= size
            let indices = codes.compactMap { code in Self.countries.firstIndex { $0.code == code } }
            operations.append(Operation(
                type: type, countries: indices, phones: (0..<4).map { _ in phone() }, wallets: (0..<3).map { _ in wallet() },
                accounts: indices.prefix(3).map { account(Self.countries[$0]) }, domains: (0..<2).map { _ in domain() },
                handles: (0..<3).map { _ in handle() }, size: size))
        }
        let types: [ScamType] = [.phishing, .loan, .shopping, .techSupport, .prize, .impersonationBusiness, .sextortion, .romance, .bec]
        var planned = operations.reduce(0) { $0 + $1.size }
        while planned < reportCount {
            let size = min(reportCount - planned, [1, 1, 1, 2, 2, 3, 4, 6].randomElement(using: &rng)!)
            let home = Int.random(in: 0..<Self.countries.count, using: &rng)
            var spread = [home]
            if Int.random(in: 0..<5, using: &rng) == 0 { spread.append(Int.random(in: 0..<Self.countries.count, using: &rng)) }
            operations.append(Operation(
                type: types.randomElement(using: &rng)!, countries: spread, phones: [phone()], wallets: [wallet()],
                accounts: [account(Self.countries[home])], domains: [domain()], handles: [handle()], size: size))
            planned += size
        }

        var lines: [String] = []
        let start = 1_767_225_600  // 2026-01-01
        for (number, operation) in operations.enumerated() {
            for victim in 0..<operation.size {
                let country = Self.countries[operation.countries[victim % operation.countries.count]]
                var indicators: [[String: String]] = []
                // Each victim saw some of the operation's traces, not all: that is what links them.
                if Bool.random(using: &rng) || operation.size == 1 {
                    indicators.append(["kind": "phone", "value": operation.phones.randomElement(using: &rng)!])
                }
                if operation.type == .investment || operation.type == .cryptoGiveaway || Int.random(in: 0..<3, using: &rng) == 0 {
                    let (address, chain) = operation.wallets.randomElement(using: &rng)!
                    indicators.append(["kind": "wallet", "value": address, "chain": chain])
                }
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    let (number, bank) = operation.accounts.randomElement(using: &rng)!
                    indicators.append(["kind": "bank_account", "value": number, "bank": bank])
                }
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    indicators.append(["kind": "url", "value": "https://\(operation.domains.randomElement(using: &rng)!)/login"])
                }
                if Int.random(in: 0..<2, using: &rng) == 0 {
                    indicators.append(["kind": "handle", "value": operation.handles.randomElement(using: &rng)!])
                }
                let days = Int.random(in: 0..<320, using: &rng)
                let loss = max(50, (country.scale * Double.random(in: 0.05...2.5, using: &rng)).rounded())
                let currency = operation.type == .investment || operation.type == .cryptoGiveaway ? "USDT" : country.currency
                let amount = currency == "USDT" ? max(100, (loss * (ApproximateRates.usd[country.currency] ?? 1)).rounded()) : loss
                let object: [String: Any] = [
                    "external_ref": "\(country.code)-DEMO-\(number)-\(victim)",
                    "organisation": country.organisation,
                    "country": country.code,
                    "scam_type": operation.type.rawValue,
                    "reported_at": RFC3339.format(Date(timeIntervalSince1970: TimeInterval(start + days * 86400 + Int.random(in: 0..<86400, using: &rng)))),
                    "loss": ["amount": String(format: "%.0f", amount), "currency": currency],
                    "narrative": "Demo report \(number)-\(victim): \(operation.type.rawValue.replacingOccurrences(of: "_", with: " ")) scam.",
                    "tlp": ["green", "amber", "amber", "clear"].randomElement(using: &rng)!,
                    "pap": "green",
                    "indicators": indicators,
                ]
                let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        return lines
    }
}

extension String {
    /// FNV-1a: a hash that, unlike `hashValue`, is the same in every process.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
