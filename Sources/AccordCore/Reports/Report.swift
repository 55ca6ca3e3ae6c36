import Foundation

/// Why a report was refused: the field (`loss.currency`, `indicators[2].kind`) and the rule.
public struct ReportError: Error, Hashable, Sendable, CustomStringConvertible {
    public let field: String?
    public let reason: String

    public init(field: String?, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.map { "\($0): \(reason)" } ?? reason }
}

/// One indicator of a report: the value as it was given, and its canonical form, or why it has
/// none. An invalid value is kept (a victim's words may matter) but links nothing.
public struct ReportIndicator: Hashable, Sendable {
    public let raw: RawIndicator
    public let canonical: CanonicalIndicator?
    public let problem: String?
    /// Found in the narrative by text analysis rather than given as an indicator.
    public let extracted: Bool

    public init(raw: RawIndicator, canonical: CanonicalIndicator?, problem: String?, extracted: Bool = false) {
        self.raw = raw
        self.canonical = canonical
        self.problem = problem
        self.extracted = extracted
    }
}

/// What the scam-text analyser said of a report's narrative when the report was ingested.
public struct NarrativeAnalysis: Hashable, Sendable, Codable {
    /// The model's probability that the narrative is (or quotes) a scam message, 0 to 1.
    public let score: Float
    /// `scam`, `benign` or `unknown` (the text could not be judged).
    public let verdict: String
    /// The scam type the text suggests, when it says one.
    public let scamType: String?

    public init(score: Float, verdict: String, scamType: String?) {
        self.score = score
        self.verdict = verdict
        self.scamType = scamType
    }

    enum CodingKeys: String, CodingKey {
        case score, verdict
        case scamType = "scam_type"
    }
}

/// A report of a scam: from a victim, through a partner, or from another node.
public struct Report: Hashable, Sendable {
    public let id: UUID
    public let externalRef: String?
    public let organisation: String?
    public let reportedAt: Date
    /// `YYYY-MM-DD` or an RFC 3339 time, as given.
    public let occurredAt: String?
    /// ISO 3166-1 alpha-2 code of the victim's country; nil for intelligence feeds (a list of
    /// scam domains has no victim).
    public let country: String?
    public let scamType: ScamType
    public let loss: Money?
    public let narrative: String?
    public let tlp: TLP
    public let pap: PAP
    public let indicators: [ReportIndicator]
    /// Set by a node that analyses narratives on intake.
    public let narrativeAnalysis: NarrativeAnalysis?

    public init(
        id: UUID, externalRef: String? = nil, organisation: String? = nil, reportedAt: Date, occurredAt: String? = nil,
        country: String?, scamType: ScamType, loss: Money? = nil, narrative: String? = nil, tlp: TLP = .amber,
        pap: PAP = .amber, indicators: [ReportIndicator], narrativeAnalysis: NarrativeAnalysis? = nil
    ) {
        self.id = id
        self.externalRef = externalRef
        self.organisation = organisation
        self.reportedAt = reportedAt
        self.occurredAt = occurredAt
        self.country = country
        self.scamType = scamType
        self.loss = loss
        self.narrative = narrative
        self.tlp = tlp
        self.pap = pap
        self.indicators = indicators
        self.narrativeAnalysis = narrativeAnalysis
        self.linking = Self.linking(indicators)
    }

    /// Every canonical indicator the report names, with what they yield (a URL's domain, a
    /// WhatsApp handle's phone), once each, in order, with their identifiers: what the report links
    /// on. Computed once, when the report is made.
    public let linking: [LinkingIndicator]

    public var canonicalIndicators: [CanonicalIndicator] { linking.map(\.indicator) }

    static func linking(_ indicators: [ReportIndicator]) -> [LinkingIndicator] {
        // A report names a handful of indicators: a scan of what is there beats hashing strings.
        var out: [LinkingIndicator] = []
        out.reserveCapacity(indicators.count + 2)
        func add(_ indicator: CanonicalIndicator) {
            if !out.contains(where: { $0.indicator.kind == indicator.kind && $0.indicator.value == indicator.value }) {
                out.append(LinkingIndicator(indicator: indicator, id: indicator.id))
            }
            indicator.derived.forEach(add)
        }
        for indicator in indicators { if let canonical = indicator.canonical { add(canonical) } }
        return out
    }
}

/// A canonical indicator a report links on, with its identifier.
public struct LinkingIndicator: Hashable, Sendable {
    public let indicator: CanonicalIndicator
    public let id: IndicatorID
}

/// RFC 3339 times and plain dates, read by hand: the ingest path reads millions.
public enum RFC3339 {
    /// Seconds since 1970 for `2026-10-01T08:00:00Z`, `2026-10-01T15:00:00+07:00`,
    /// `2026-10-01 08:00:00.123Z`; or for a plain date `2026-10-01` when `allowDate`.
    public static func parse(_ text: String, allowDate: Bool = false) -> Date? {
        let b = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), b.count >= 10, b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D,
              let day = digits(8, 2), (1...12).contains(month), day >= 1, day <= daysIn(month, year) else { return nil }
        if b.count == 10 { return allowDate ? date(year, month, day, 0, 0, 0, 0) : nil }
        guard b.count >= 20, b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
              let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2), b[16] == 0x3A, let second = digits(17, 2),
              hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A, let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2B ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return date(year, month, day, hour, minute, second, -offset).map { $0.addingTimeInterval(fraction) }
    }

    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let (y, m, d) = civil(fromDays: days)
        guard (0...9999).contains(y) else {
            func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
            return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
        }
        // YYYY-MM-DDThh:mm:ssZ written digit by digit: ingest formats one per report.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = 0x30 + UInt8(value % 10)
                    value /= 10
                }
            }
            put(y, 4, at: 0); buffer[4] = 0x2D; put(m, 2, at: 5); buffer[7] = 0x2D; put(d, 2, at: 8); buffer[10] = 0x54
            put(rest / 3600, 2, at: 11); buffer[13] = 0x3A; put(rest % 3600 / 60, 2, at: 14); buffer[16] = 0x3A
            put(rest % 60, 2, at: 17); buffer[19] = 0x5A
            return 20
        }
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func date(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ offset: Int) -> Date? {
        Date(timeIntervalSince1970: TimeInterval(days(fromCivil: y, m, d) * 86400 + h * 3600 + mi * 60 + s + offset))
    }

    // Howard Hinnant's days-from-civil and its inverse.
    private static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
