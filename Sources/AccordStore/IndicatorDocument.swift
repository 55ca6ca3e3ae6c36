import AccordCore
import Foundation

/// A report's indicators as given, stored as one JSON array in the report's row: each item has
/// the kind, the value unless it was canonical already, the optional chain, platform, bank and
/// country (the last only when it differs from the report's), the number of the canonical
/// indicator it stands for, or the problem that kept it from having one, and `extracted` when
/// Accord found it in the narrative. Absent members are left out.
///
///     [{"kind":"phone","value":"0912 345 678","indicator":1},{"kind":"wallet","chain":"tron","indicator":2},
///      {"kind":"bank_account","value":"DE89 3704 0044 0532 0130 01","problem":"bad IBAN checksum"}]
enum IndicatorDocument {
    struct Item: Decodable {
        var kind: String
        var value: String?
        var chain: String?
        var platform: String?
        var bank: String?
        var country: String?
        var indicator: Int64?
        var problem: String?
        var extracted: Bool?
    }

    static func read(_ text: String?, report seq: Int64) throws -> [Item] {
        guard let text, !text.isEmpty else { return [] }
        do {
            return try JSONDecoder().decode([Item].self, from: Data(text.utf8))
        } catch {
            throw StoreError("report \(seq): its stored indicators are not readable: \(error)")
        }
    }

    static func write(_ numbered: NumberedReport, to out: inout [UInt8]) {
        let report = numbered.report
        let given = report.indicators, linking = report.linking
        out.append(0x5B)
        for position in given.indices {
            let raw = given[position].raw
            // The linking indicator it stands for: the same kind and canonical value.
            let index = given[position].canonical.flatMap { canonical in
                linking.indices.first { linking[$0].indicator.kind == canonical.kind && linking[$0].indicator.value == canonical.value }
            }
            out.append(contentsOf: position == 0 ? #"{"kind":"#.utf8 : #",{"kind":"#.utf8)
            JSONText.appendQuoted(raw.kind.rawValue, to: &out)
            if index.map({ linking[$0].indicator.value == raw.value }) != true { member("value", raw.value, &out) }
            if let chain = raw.chain { member("chain", chain, &out) }
            if let platform = raw.platform { member("platform", platform, &out) }
            if let bank = raw.bank { member("bank", bank, &out) }
            if let country = raw.country, country != report.country { member("country", country, &out) }
            if let index {
                out.append(contentsOf: #","indicator":"#.utf8)
                out.append(contentsOf: String(numbered.indicators[index]).utf8)
            }
            if let problem = given[position].problem { member("problem", problem, &out) }
            if given[position].extracted { out.append(contentsOf: #","extracted":true"#.utf8) }
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    private static func member(_ name: String, _ value: String, _ out: inout [UInt8]) {
        out.append(0x2C)
        JSONText.appendQuoted(name, to: &out)
        out.append(0x3A)
        JSONText.appendQuoted(value, to: &out)
    }
}
