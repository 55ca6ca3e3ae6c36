import AccordCore
import Foundation

/// A request as its author writes it, before it is checked: `POST /api/v1/requests` and
/// `accord request create` take this JSON.
public struct RequestDraft: Codable, Sendable {
    public var kind: String?
    /// The recipient organisation, by name or id.
    public var recipient: String?
    public var title: String?
    public var emergency: Bool?
    public var emergencyReason: String?
    public var confidential: Bool?
    public var noNotification: Bool?
    public var useLimitation: String?
    public var caseReference: String?
    public var dueBy: String?
    public var dueReason: String?
    public var details: [String: JSONValue]?
    public var links: Links?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, recipient, title, emergency, confidential, details, links
        case emergencyReason = "emergency_reason", noNotification = "no_notification", useLimitation = "use_limitation"
        case caseReference = "case_reference", dueBy = "due_by", dueReason = "due_reason"
    }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        // The recipient by name, or by its id as a number.
        if let id = try? container.decodeIfPresent(Int64.self, forKey: .recipient) { recipient = String(id) }
        else { recipient = try container.decodeIfPresent(String.self, forKey: .recipient) }
        title = try container.decodeIfPresent(String.self, forKey: .title)
        emergency = try container.decodeIfPresent(Bool.self, forKey: .emergency)
        emergencyReason = try container.decodeIfPresent(String.self, forKey: .emergencyReason)
        confidential = try container.decodeIfPresent(Bool.self, forKey: .confidential)
        noNotification = try container.decodeIfPresent(Bool.self, forKey: .noNotification)
        useLimitation = try container.decodeIfPresent(String.self, forKey: .useLimitation)
        caseReference = try container.decodeIfPresent(String.self, forKey: .caseReference)
        dueBy = try container.decodeIfPresent(String.self, forKey: .dueBy)
        dueReason = try container.decodeIfPresent(String.self, forKey: .dueReason)
        details = try container.decodeIfPresent([String: JSONValue].self, forKey: .details)
        links = try container.decodeIfPresent(Links.self, forKey: .links)
    }
}

/// Checks a draft's own fields (not yet who may send it to whom, nor its links).
enum DraftCheck {
    static let maxText = 20_000

    static func kind(_ draft: RequestDraft) throws(CooperationError) -> RequestKind {
        guard let name = draft.kind else {
            throw .invalid("kind", "a request needs a kind: \(RequestKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let kind = RequestKind(rawValue: name) else {
            throw .invalid("kind", "'\(name)' is not a kind of request; the kinds are \(RequestKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    static func text(_ value: String?, _ field: String, max: Int = maxText) throws(CooperationError) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field, "is empty; leave it out or write it") }
        guard trimmed.utf8.count <= max else { throw .invalid(field, "is \(trimmed.utf8.count) bytes; at most \(max)") }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }) else {
            throw .invalid(field, "holds control characters")
        }
        return trimmed
    }

    /// The type's fields: each required one present, each present one of the right shape, no
    /// field the type does not have. Values come back in canonical form.
    static func details(_ given: [String: JSONValue], kind: RequestKind, canonicalizer: Canonicalizer, now: Date) throws(CooperationError) -> ([String: JSONValue], [IndicatorRef]) {
        let fields = kind.fields
        if let unknown = given.keys.sorted().first(where: { name in !fields.contains { $0.name == name } }) {
            throw .invalid("details.\(unknown)", "\(kind.named) has no field '\(unknown)'; its fields are \(fields.map(\.name).joined(separator: ", "))")
        }
        var out: [String: JSONValue] = [:]
        var indicators: [IndicatorRef] = []
        for spec in fields {
            let path = "details.\(spec.name)"
            guard let value = given[spec.name], value != .null else {
                if spec.required {
                    throw .invalid(path, "\(kind.named) needs '\(spec.name)': \(spec.meaning)")
                }
                continue
            }
            func wrong(_ expected: String) -> CooperationError { .invalid(path, "takes \(expected), not \(value.typeName)") }
            switch spec.kind {
            case .text:
                guard let text = value.string else { throw wrong("text") }
                out[spec.name] = .string(try Self.text(text, path)!)
            case .confirmation:
                guard value == .bool(true) else {
                    throw .invalid(path, "\(kind.named) must state \(spec.meaning): set it to true")
                }
                out[spec.name] = .bool(true)
            case .integer(let range):
                guard let number = value.number, number == number.rounded(), let integer = Int(exactly: number) else { throw wrong("a whole number") }
                guard range.contains(integer) else {
                    throw .invalid(path, "is \(integer); \(spec.meaning), from \(range.lowerBound) to \(range.upperBound)")
                }
                out[spec.name] = .number(Double(integer))
            case .period:
                guard let object = value.object, let from = object["from"]?.string, let to = object["to"]?.string else {
                    throw .invalid(path, "takes {\"from\": \"2026-09-01\", \"to\": \"2026-10-31\"}")
                }
                guard let start = RFC3339.parse(from, allowDate: true), let end = RFC3339.parse(to, allowDate: true) else {
                    throw .invalid(path, "takes dates such as 2026-09-01 or RFC 3339 times, not '\(from)' to '\(to)'")
                }
                guard start <= end else { throw .invalid(path, "starts (\(from)) after it ends (\(to))") }
                out[spec.name] = .object(["from": .string(from), "to": .string(to)])
            case .money:
                guard let object = value.object, let amount = object["amount"], let currency = object["currency"]?.string else {
                    throw .invalid(path, "takes {\"amount\": \"1250.50\", \"currency\": \"USD\"}")
                }
                out[spec.name] = .object(json(try money(amount, currency, path)))
            case .indicators(let kinds):
                guard let items = value.array, !items.isEmpty else { throw .invalid(path, "takes a list of one or more {\"kind\": …, \"value\": …}") }
                guard items.count <= 1000 else { throw .invalid(path, "has \(items.count) entries; at most 1000") }
                var canonical: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    let found = try indicator(item, allowed: kinds, path: "\(path)[\(index)]", canonicalizer: canonicalizer)
                    indicators.append(found)
                    canonical.append(.object(["kind": .string(found.kind.rawValue), "value": .string(found.value)]))
                }
                out[spec.name] = .array(canonical)
            case .transactions:
                guard let items = value.array, !items.isEmpty else {
                    throw .invalid(path, "takes a list of one or more {\"reference\": …, \"amount\": …, \"currency\": …, \"at\": …}")
                }
                guard items.count <= 1000 else { throw .invalid(path, "has \(items.count) entries; at most 1000") }
                var checked: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    let at = "\(path)[\(index)]"
                    guard let object = item.object, let reference = object["reference"]?.string, let amount = object["amount"],
                          let currency = object["currency"]?.string, let time = object["at"]?.string else {
                        throw .invalid(at, "takes {\"reference\": \"FT2609…\", \"amount\": \"5000\", \"currency\": \"USD\", \"at\": \"2026-11-20T09:30:00Z\"}")
                    }
                    guard let date = RFC3339.parse(time, allowDate: true) else { throw .invalid("\(at).at", "'\(time)' is not a date or RFC 3339 time") }
                    guard date <= now.addingTimeInterval(300) else { throw .invalid("\(at).at", "\(time) is in the future") }
                    var entry: [String: JSONValue] = ["reference": .string(try text(reference, "\(at).reference", max: 200)!),
                                                      "at": .string(time)]
                    entry.merge(json(try money(amount, currency, at))) { $1 }
                    checked.append(.object(entry))
                }
                out[spec.name] = .array(checked)
            case .countries:
                guard let items = value.array, !items.isEmpty else { throw .invalid(path, "takes a list of ISO 3166-1 codes such as [\"VN\", \"TH\"]") }
                var codes: [JSONValue] = []
                for item in items {
                    guard let text = item.string, let code = Countries.code(text) else {
                        throw .invalid(path, "'\(item.string ?? item.typeName)' is not an ISO 3166-1 alpha-2 code such as VN, TH or PH")
                    }
                    if !codes.contains(.string(code)) { codes.append(.string(code)) }
                }
                out[spec.name] = .array(codes)
            case .requestReference:
                guard let text = value.string, let id = UUID(uuidString: text) else { throw .invalid(path, "takes the id of a request on this node") }
                out[spec.name] = .string(id.uuidString.lowercased())
            }
        }
        return (out, indicators)
    }

    /// An amount given as text (or a whole number) and a currency, checked.
    static func money(_ amount: JSONValue, _ currency: String, _ path: String) throws(CooperationError) -> Money {
        let text: String
        switch amount {
        case .string(let value): text = value
        case .number(let value) where value >= 0 && value == value.rounded() && value < 1e15: text = String(Int64(value))
        default: throw .invalid("\(path).amount", "takes a decimal amount as text, such as \"1250.50\"")
        }
        do { return try Money(amount: text, currency: currency) } catch { throw .invalid(path, error.reason) }
    }

    static func json(_ money: Money) -> [String: JSONValue] { ["amount": .string(money.amount), "currency": .string(money.currency)] }

    static func indicator(_ item: JSONValue, allowed: [IndicatorKind], path: String, canonicalizer: Canonicalizer) throws(CooperationError) -> IndicatorRef {
        guard let object = item.object, let kindName = object["kind"]?.string, let value = object["value"]?.string else {
            throw .invalid(path, "takes {\"kind\": \"\(allowed[0].rawValue)\", \"value\": …}")
        }
        guard let kind = IndicatorKind(loose: kindName), allowed.contains(kind) else {
            throw .invalid("\(path).kind", "'\(kindName)' is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        let raw = RawIndicator(kind: kind, value: value, chain: object["chain"]?.string, platform: object["platform"]?.string,
                               bank: object["bank"]?.string, country: object["country"]?.string)
        do {
            let canonical = try canonicalizer.canonicalize(raw)
            return IndicatorRef(kind: canonical.kind, value: canonical.value)
        } catch {
            throw .invalid("\(path).value", "'\(value)': \(error.reason)")
        }
    }
}
