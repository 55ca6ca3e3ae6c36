@testable import AccordCore
import AccordTestSupport
import Foundation
import Testing

/// The canonicaliser the tests use, with a fixed card key so card fingerprints are stable.
let canonicalizer = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32)))

/// Canonicalises or fails the test with the reason.
func canonical(_ kind: IndicatorKind, _ value: String, chain: String? = nil, platform: String? = nil, bank: String? = nil, country: String? = nil) throws -> CanonicalIndicator {
    try canonicalizer.canonicalize(kind, value, chain: chain, platform: platform, bank: bank, country: country)
}

/// The reason `value` is refused as `kind`, or nil when it is accepted.
func rejection(_ kind: IndicatorKind, _ value: String, chain: String? = nil, platform: String? = nil, bank: String? = nil, country: String? = nil) -> String? {
    do {
        _ = try canonicalizer.canonicalize(kind, value, chain: chain, platform: platform, bank: bank, country: country)
        return nil
    } catch {
        return error.reason
    }
}

extension SharedData {
    static let skipMessage: Comment = "../shared/data is absent: real-data tests skipped (set ACCORD_SHARED_DATA to run them)"
}

/// Counts of outcomes over a corpus, with the rejects grouped by reason.
struct CorpusTally: CustomStringConvertible {
    var accepted = 0
    var rejected: [String: [String]] = [:]

    var total: Int { accepted + rejected.values.reduce(0) { $0 + $1.count } }
    var share: Double { total == 0 ? 0 : Double(accepted) / Double(total) }

    mutating func record(_ value: String, _ body: () throws(IndicatorError) -> Void) {
        do {
            try body()
            accepted += 1
        } catch {
            rejected[error.reason, default: []].append(value)
        }
    }

    var description: String {
        var lines = ["\(accepted)/\(total) accepted (\(String(format: "%.2f", share * 100)) %)"]
        for (reason, values) in rejected.sorted(by: { $0.value.count > $1.value.count }) {
            lines.append("  \(values.count) × \(reason)  e.g. \(values.prefix(3).joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}
