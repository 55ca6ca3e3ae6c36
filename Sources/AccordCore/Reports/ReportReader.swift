import Foundation

/// Reads reports from their JSON shape (one NDJSON line each), strictly: an unknown field, a value
/// of the wrong type, an oversized field or a closed-vocabulary word out of its list is refused
/// with the field named. Indicators are canonicalised on the way in; one that does not validate is
/// kept with its reason and links nothing.
public struct ReportReader: Sendable {
    public let canonicalizer: Canonicalizer
    /// The time given to reports that carry no `reported_at`.
    public let now: @Sendable () -> Date

    public static let maxLineBytes = 1 << 20
    public static let maxNarrativeBytes = 100_000
    public static let maxShortFieldBytes = 256
    public static let maxIndicators = 500

    /// The namespace of report ids derived from an external reference or from the report's text.
    public static let idNamespace = UUID(uuidString: "a6f3c1de-52b0-4b8e-9c7d-3e1f0a2b4c5d")!

    public init(canonicalizer: Canonicalizer, now: @escaping @Sendable () -> Date = { Date() }) {
        self.canonicalizer = canonicalizer
        self.now = now
    }

    /// One report from its JSON text.
    public func read(json line: String) throws(ReportError) -> Report {
        try read(json: line, fastPath: true)
    }

    func read(json line: String, fastPath: Bool) throws(ReportError) -> Report {
        if line.utf8.count > Self.maxLineBytes { throw ReportError(field: nil, "line longer than \(Self.maxLineBytes) bytes") }
        if fastPath, let wire = ReportJSONFastPath.read(line) { return try build(wire, text: line) }
        let wire: WireReport
        do {
            wire = try JSONDecoder().decode(WireReport.self, from: Data(line.utf8))
        } catch let error as ReportError {
            throw error
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw ReportError(field: nil, "not valid JSON")
        }
        return try build(wire, text: line)
    }

    /// A report from already-decoded fields (the CSV reader and the HTTP API use this too).
    public func build(_ wire: WireReport, text: String) throws(ReportError) -> Report {
        func short(_ value: String?, _ field: String) throws(ReportError) -> String? {
            guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
            if value.utf8.count > Self.maxShortFieldBytes { throw ReportError(field: field, "longer than \(Self.maxShortFieldBytes) bytes") }
            // Printable ASCII needs no look-up; anything else is checked scalar by scalar.
            if !value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
               value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw ReportError(field: field, "contains control characters")
            }
            return value
        }
        let externalRef = try short(wire.external_ref, "external_ref")
        let organisation = try short(wire.organisation, "organisation")
        var country: String?
        if let countryText = wire.country, !countryText.isEmpty {
            guard let code = Countries.code(countryText) else { throw ReportError(field: "country", "'\(countryText)' is not an ISO 3166-1 alpha-2 code such as VN, TH or PH") }
            country = code
        }
        var scamType = ScamType.other
        if let text = wire.scam_type {
            guard let type = ScamType(rawValue: text.lowercased()) else {
                throw ReportError(field: "scam_type", "'\(text)' is not one of \(ScamType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            scamType = type
        }
        var reportedAt = now()
        if let text = wire.reported_at {
            guard let date = RFC3339.parse(text) else { throw ReportError(field: "reported_at", "'\(text)' is not an RFC 3339 time such as 2026-10-01T08:00:00Z") }
            reportedAt = date
        }
        var occurredAt: String?
        if let text = wire.occurred_at {
            guard RFC3339.parse(text, allowDate: true) != nil else { throw ReportError(field: "occurred_at", "'\(text)' is not a date (2026-09-20) or an RFC 3339 time") }
            occurredAt = text
        }
        var loss: Money?
        if let wireLoss = wire.loss {
            guard let amount = wireLoss.amount else { throw ReportError(field: "loss.amount", "missing") }
            guard let currency = wireLoss.currency else { throw ReportError(field: "loss.currency", "missing") }
            loss = try Money(amount: amount, currency: currency)
        }
        var narrative: String?
        if let text = wire.narrative, !text.isEmpty {
            if text.utf8.count > Self.maxNarrativeBytes { throw ReportError(field: "narrative", "longer than \(Self.maxNarrativeBytes) bytes") }
            narrative = text
        }
        var tlp = TLP.amber
        if let text = wire.tlp {
            guard let value = TLP(loose: text) else { throw ReportError(field: "tlp", "'\(text)' is not a TLP 2.0 marking: clear, green, amber, amber+strict or red") }
            tlp = value
        }
        var pap = PAP.amber
        if let text = wire.pap {
            guard let value = PAP(loose: text) else { throw ReportError(field: "pap", "'\(text)' is not a PAP marking: clear, green, amber or red") }
            pap = value
        }
        let wireIndicators = wire.indicators ?? []
        if wireIndicators.count > Self.maxIndicators { throw ReportError(field: "indicators", "more than \(Self.maxIndicators) indicators") }
        var indicators: [ReportIndicator] = []
        indicators.reserveCapacity(wireIndicators.count)
        for (index, item) in wireIndicators.enumerated() {
            let field = "indicators[\(index)]"
            guard let kindText = item.kind else { throw ReportError(field: "\(field).kind", "missing") }
            guard let kind = IndicatorKind(rawValue: kindText) ?? IndicatorKind(loose: kindText) else {
                throw ReportError(field: "\(field).kind", "'\(kindText)' is not one of \(IndicatorKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let value = item.value, !value.trimmingWhitespace().isEmpty else { throw ReportError(field: "\(field).value", "missing") }
            if value.utf8.count > Canonicalizer.maxValueLength { throw ReportError(field: "\(field).value", "longer than \(Canonicalizer.maxValueLength) bytes") }
            let raw = RawIndicator(kind: kind, value: value, chain: item.chain, platform: item.platform, bank: item.bank,
                                   country: item.country ?? country)
            do {
                indicators.append(ReportIndicator(raw: raw, canonical: try canonicalizer.canonicalize(raw), problem: nil))
            } catch {
                indicators.append(ReportIndicator(raw: raw, canonical: nil, problem: error.reason))
            }
        }
        let id: UUID
        if let text = wire.id {
            guard let uuid = UUID(uuidString: text) else { throw ReportError(field: "id", "'\(text)' is not a UUID") }
            id = uuid
        } else if let externalRef {
            id = UUIDv5.make(namespace: Self.idNamespace, name: "ref\u{1F}\(organisation ?? "")\u{1F}\(externalRef)")
        } else {
            id = UUIDv5.make(namespace: Self.idNamespace, name: "text\u{1F}" + text)
        }
        return Report(id: id, externalRef: externalRef, organisation: organisation, reportedAt: reportedAt, occurredAt: occurredAt,
                      country: country, scamType: scamType, loss: loss, narrative: narrative, tlp: tlp, pap: pap, indicators: indicators)
    }

    /// A decoding error as the field it happened at and what was wrong, in words.
    public static func describe(_ error: DecodingError) -> ReportError {
        func path(_ context: DecodingError.Context) -> String? {
            let parts = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            let text = parts.joined().trimmingCharacters(in: ".")
            return text.isEmpty ? nil : text.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            let wanted = type == String.self ? "a string" : "\(type)".hasPrefix("Array") ? "an array" : "\(type)"
            return ReportError(field: path(context), "should be \(wanted)")
        case .valueNotFound(_, let context):
            return ReportError(field: path(context), "null is not allowed here")
        case .keyNotFound(let key, let context):
            return ReportError(field: [path(context), key.stringValue].compactMap { $0 }.joined(separator: "."), "missing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return ReportError(field: nil, "not valid JSON") }
            return ReportError(field: path(context), context.debugDescription)
        @unknown default:
            return ReportError(field: nil, "not valid JSON")
        }
    }
}

/// The wire shape of a report. Field names are the contract (`external_ref`, `scam_type`, …).
public struct WireReport: Decodable, Sendable {
    public var id: String?
    public var external_ref: String?
    public var organisation: String?
    public var reported_at: String?
    public var occurred_at: String?
    public var country: String?
    public var scam_type: String?
    public var loss: WireLoss?
    public var narrative: String?
    public var tlp: String?
    public var pap: String?
    public var indicators: [WireIndicator]?

    static let fields: Set<String> = ["id", "external_ref", "organisation", "reported_at", "occurred_at", "country", "scam_type", "loss", "narrative", "tlp", "pap", "indicators"]

    public init() {}

    /// Sets one of the report's text fields by its wire name; false for a name that is not one.
    public mutating func set(_ field: String, _ value: String?) -> Bool {
        switch field {
        case "id": id = value
        case "external_ref": external_ref = value
        case "organisation": organisation = value
        case "reported_at": reported_at = value
        case "occurred_at": occurred_at = value
        case "country": country = value
        case "scam_type": scam_type = value
        case "narrative": narrative = value
        case "tlp": tlp = value
        case "pap": pap = value
        default: return false
        }
        return true
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        try AnyKey.refuseUnknown(container, known: Self.fields, in: nil)
        func string(_ name: String) throws -> String? { try container.decodeIfPresent(String.self, forKey: AnyKey(name)) }
        id = try string("id")
        external_ref = try string("external_ref")
        organisation = try string("organisation")
        reported_at = try string("reported_at")
        occurred_at = try string("occurred_at")
        country = try string("country")
        scam_type = try string("scam_type")
        loss = try container.decodeIfPresent(WireLoss.self, forKey: AnyKey("loss"))
        narrative = try string("narrative")
        tlp = try string("tlp")
        pap = try string("pap")
        indicators = try container.decodeIfPresent([WireIndicator].self, forKey: AnyKey("indicators"))
    }
}

public struct WireLoss: Decodable, Sendable {
    public var amount: String?
    public var currency: String?

    public init(amount: String?, currency: String?) {
        self.amount = amount
        self.currency = currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        try AnyKey.refuseUnknown(container, known: ["amount", "currency"], in: "loss")
        // The contract asks for a string; a plain JSON number is read without loss of digits.
        if let text = try? container.decodeIfPresent(String.self, forKey: AnyKey("amount")) {
            amount = text
        } else if let number = try container.decodeIfPresent(Decimal.self, forKey: AnyKey("amount")) {
            amount = "\(number)"
        }
        currency = try container.decodeIfPresent(String.self, forKey: AnyKey("currency"))
    }
}

public struct WireIndicator: Decodable, Sendable {
    public var kind: String?
    public var value: String?
    public var chain: String?
    public var platform: String?
    public var bank: String?
    public var country: String?

    public init(kind: String?, value: String?, chain: String? = nil, platform: String? = nil, bank: String? = nil, country: String? = nil) {
        self.kind = kind
        self.value = value
        self.chain = chain
        self.platform = platform
        self.bank = bank
        self.country = country
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let field = "indicators[\(decoder.codingPath.last?.intValue ?? 0)]"
        try AnyKey.refuseUnknown(container, known: ["kind", "value", "chain", "platform", "bank", "country"], in: field)
        func string(_ name: String) throws -> String? { try container.decodeIfPresent(String.self, forKey: AnyKey(name)) }
        kind = try string("kind")
        value = try string("value")
        chain = try string("chain")
        platform = try string("platform")
        bank = try string("bank")
        country = try string("country")
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    static func refuseUnknown(_ container: KeyedDecodingContainer<AnyKey>, known: Set<String>, in parent: String?) throws {
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            let field = [parent, unknown.stringValue].compactMap { $0 }.joined(separator: ".")
            throw ReportError(field: field, "unknown field (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
