import AccordCore
import Foundation

/// Values that must never link reports: shared, benign or placeholder values a victim may type
/// (a token contract given as a wallet, a burn address, a documentation IP). They are still counted
/// for `check`, but they join no networks. Seeded with defaults; a node adds its own.
public struct WarningList: Sendable {
    public private(set) var ids: Set<IndicatorID> = []
    public private(set) var entries: [(kind: IndicatorKind, value: String, why: String)] = []

    public init() {}

    /// The defaults: token contracts and burn addresses, reserved domains and addresses, and
    /// placeholder numbers.
    public static func defaults(canonicalizer: Canonicalizer) -> WarningList {
        var list = WarningList()
        let seeds: [(IndicatorKind, String, String?, String)] = [
            (.wallet, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", nil, "USDT token contract on Tron, not a wallet"),
            (.wallet, "0xdac17f958d2ee523a2206206994597c13d831ec7", nil, "USDT token contract on Ethereum"),
            (.wallet, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", nil, "USDC token contract on Ethereum"),
            (.wallet, "0x55d398326f99059ff775485246999027b3197955", nil, "USDT token contract on BNB Chain"),
            (.wallet, "0x0000000000000000000000000000000000000000", nil, "the zero address"),
            (.wallet, "0x000000000000000000000000000000000000dead", nil, "a burn address"),
            (.wallet, "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", nil, "the Tron zero address"),
            (.wallet, "1111111111111111111114oLvT2", nil, "the Bitcoin burn address"),
            (.domain, "example.com", nil, "reserved for documentation (RFC 2606)"),
            (.domain, "example.org", nil, "reserved for documentation (RFC 2606)"),
            (.domain, "example.net", nil, "reserved for documentation (RFC 2606)"),
            (.email, "test@example.com", nil, "placeholder address"),
            (.ip, "127.0.0.1", nil, "loopback"),
            (.ip, "0.0.0.0", nil, "unspecified address"),
            (.phone, "+10000000000", nil, "placeholder number"),
        ]
        for (kind, value, country, why) in seeds {
            if let indicator = try? canonicalizer.canonicalize(kind, value, country: country) {
                list.add(indicator, why: why)
            }
        }
        return list
    }

    public mutating func add(_ indicator: CanonicalIndicator, why: String) {
        if ids.insert(indicator.id).inserted { entries.append((indicator.kind, indicator.value, why)) }
    }

    /// Reads lines `kind value [# why]`, as in a node's `link-warnings.txt`. Returns the problems.
    public mutating func load(text: String, canonicalizer: Canonicalizer) -> [String] {
        var problems: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var content = Substring(line)
            var why = "listed by this node"
            if let hash = content.firstIndex(of: "#") {
                why = content[content.index(after: hash)...].trimmingCharacters(in: .whitespaces)
                content = content[..<hash]
            }
            let parts = content.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !parts.isEmpty, !parts[0].isEmpty else { continue }
            guard parts.count == 2, let kind = IndicatorKind(loose: parts[0]) else {
                problems.append("line \(number + 1): expected 'kind value', such as 'wallet 0x…'")
                continue
            }
            do { add(try canonicalizer.canonicalize(kind, parts[1]), why: why) } catch {
                problems.append("line \(number + 1): \(error.reason)")
            }
        }
        return problems
    }

    public func contains(_ id: IndicatorID) -> Bool { ids.contains(id) }
}
