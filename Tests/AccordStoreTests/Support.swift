@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import Foundation
import Testing

let canonicalizer = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32)))

/// Storage tests touch one shared PostgreSQL database, so they run one at a time.
@Suite(.serialized) struct StorageSuite {}

func report(
    _ ref: String, country: String, type: ScamType = .investment, loss: (String, String)? = nil,
    organisation: String? = "org-\(UUID().uuidString.prefix(4))", indicators: [(IndicatorKind, String)],
    reportedAt: String = "2026-10-01T08:00:00Z"
) -> String {
    var object: [String: Any] = ["external_ref": ref, "country": country, "scam_type": type.rawValue, "reported_at": reportedAt,
                                 "indicators": indicators.map { ["kind": $0.0.rawValue, "value": $0.1] }]
    if let organisation { object["organisation"] = organisation }
    if let loss { object["loss"] = ["amount": loss.0, "currency": loss.1] }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// A line reader over text.
func lines(_ text: String) -> LineReader { LineReader(data: Data(text.utf8)) }

func node(_ store: SQLStore, warnings: WarningList = .defaults(canonicalizer: canonicalizer)) async throws -> Node {
    try await Node.open(store: store, canonicalizer: canonicalizer, warnings: warnings)
}

/// The networks as sets of report ids, for comparing two linkers.
func partition(_ node: Node) async -> Set<Set<UUID>> {
    await node.withLinker { linker in
        Set(linker.networks(minimumReports: 1).map { Set($0.memberIndices.map { linker.reports[Int($0)].id }) })
    }
}
