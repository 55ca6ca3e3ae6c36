import AccordCore
import Foundation

/// What the node knows of an indicator found in a message, for the risk score.
public struct KnownIndicator: Sendable, Equatable {
    public let reports: Int
    public let countries: [String]
    /// On the warning list (a bank's real hotline, a shared host): never a sign of a scam.
    public let warned: Bool

    public init(reports: Int, countries: [String], warned: Bool = false) {
        self.reports = reports
        self.countries = countries
        self.warned = warned
    }

    /// How strongly the node's knowledge alone says "scam": 0.5 for a value reported once, up to
    /// 0.8 for four reports or more, 0.9 when its reports come from two countries or more; nothing
    /// for a warning-listed value.
    public var risk: Float {
        if warned || reports == 0 { return 0 }
        if countries.count >= 2 { return 0.9 }
        return 0.5 + 0.1 * Float(min(reports - 1, 3))
    }
}

/// Runs of a text written in the base64 or hex alphabet (ASCII letters and digits, `+/=_-`), 20
/// characters or more with letters and digits both: a key, a token or a file pasted as text.
enum EncodedRuns {
    static func alphabet(_ value: UInt32) -> (letter: Bool, digit: Bool)? {
        switch value {
        case 0x30...0x39: (false, true)
        case 0x41...0x5A, 0x61...0x7A: (true, false)
        case 0x2B, 0x2F, 0x3D, 0x5F, 0x2D: (false, false)
        default: nil
        }
    }

    /// Whether four characters in five, or more, of the first `limit` that are not white space
    /// are in such runs. The characters of the indicators found (a wallet, a link) are neither
    /// counted nor part of a run.
    static func mostly(_ text: String, indicators: [FoundIndicator], limit: Int) -> Bool {
        let indicators = indicators.sorted { $0.start < $1.start }
        var next = 0, written = 0, inRuns = 0, offset = 0
        var run = 0, letters = false, digits = false
        func close() {
            if run >= 20, letters, digits { inRuns += run }
            run = 0; letters = false; digits = false
        }
        for scalar in text.unicodeScalars.prefix(limit) {
            defer { offset += 1 }
            while next < indicators.count, indicators[next].end <= offset { next += 1 }
            let value = scalar.value
            if next < indicators.count && indicators[next].start <= offset || value <= 0x20 || scalar.properties.isWhitespace {
                close()
                continue
            }
            written += 1
            if let kind = alphabet(value) {
                run += 1
                letters = letters || kind.letter
                digits = digits || kind.digit
            } else {
                close()
            }
        }
        close()
        return inRuns > 0 && inRuns * 5 >= written * 4
    }
}

/// What the analyser says of one message.
public struct MessageAnalysis: Sendable {
    public enum Verdict: String, Sendable, Codable { case scam, benign, unknown }

    public let verdict: Verdict
    /// The risk, 0 to 1: the text's probability combined with what the node knows of the
    /// indicators in it (`1 − (1 − text) × Π (1 − indicator risk)`); without a text score, the
    /// indicators' part alone.
    public let score: Float
    /// The detector's probability that the text is a scam; nil when the text cannot be judged.
    public let textScore: Float?
    /// A scam type of Accord's typology, or `unknown`; nil unless the verdict is `scam`.
    public let scamType: String?
    public let typeConfidence: Float?
    public let indicators: [(found: FoundIndicator, known: KnownIndicator?)]
    /// The features that weighed most towards the verdict, strongest first.
    public let reasons: [(feature: String, weight: Float)]
    /// Why the text could not be judged, or that only its beginning was read.
    public let note: String?
}

/// The scam-text analyser: indicators found in the text, the model's verdict and type, and the
/// node's knowledge of the indicators, in one risk score.
public struct Analyzer: Sendable {
    public let model: ScamModel
    public let extractor: Extractor

    public init(model: ScamModel, extractor: Extractor) {
        self.model = model
        self.extractor = extractor
    }

    /// Why `text` cannot be judged by the model, or nil when it can. `found` are the indicators
    /// in it: a wallet or a link is not taken for encoded data.
    func unjudgeable(_ text: String, slots: [Int], found: [FoundIndicator]) -> String? {
        // One pass over what the model reads: control characters, digits, letters per script.
        // Latin and Han, the most of the letters met, are counted apart from the table.
        var controls = 0, total = 0, digits = 0, latin = 0, han = 0
        var scripts: [String: Int] = [:]
        var run = 0, longestRun = 0  // of the base64 and hex alphabet: is a closer look at encoded data worth it?
        for scalar in text.unicodeScalars {
            if total == model.metadata.maxCharacters { break }
            total += 1
            let value = scalar.value
            if value < 0x80, EncodedRuns.alphabet(value) != nil { run += 1 } else { longestRun = max(longestRun, run); run = 0 }
            if value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D || value == 0xFFFD || value == 0x7F { controls += 1 }
            if let script = ScamModel.script(of: scalar) {
                if script == "latin" { latin += 1 } else if script == "han" { han += 1 } else { scripts[script, default: 0] += 1 }
            } else if value < 0x80 ? value >= 0x30 && value <= 0x39 : scalar.properties.numericType != nil {
                digits += 1
            }
        }
        if latin > 0 { scripts["latin"] = latin }
        if han > 0 { scripts["han"] = han }
        if total > 0, controls * 10 > total { return "this looks like binary data, not a message" }
        if max(longestRun, run) >= 20, EncodedRuns.mostly(text, indicators: found, limit: model.metadata.maxCharacters) {
            return "this looks like encoded data (base64 or hex), not a message"
        }
        if slots.isEmpty || scripts.isEmpty && digits == 0 { return "there are no words to judge" }
        let letters = scripts.values.reduce(0, +)
        let known = model.knownScripts
        let unknown = scripts.filter { !known.contains($0.key) }
        if letters > 0, unknown.values.reduce(0, +) * 2 > letters {
            let names = unknown.sorted { $0.value > $1.value }.map(\.key)
            return "the text is mostly in \(names.joined(separator: " and ")) script, which the model was not trained on (it knows \(known.sorted().joined(separator: ", ")))"
        }
        return nil
    }

    public func analyze(_ text: String, country: String? = nil, explain: Int = 5,
                        knowledge: (CanonicalIndicator) -> KnownIndicator? = { _ in nil }) -> MessageAnalysis {
        analyze(text, found: extractor.extract(text, country: country), explain: explain, knowledge: knowledge)
    }

    /// The analysis of `text` whose indicators were found already (by `extractor`, with the
    /// message's country): for callers that look up what the node knows of them first.
    public func analyze(_ text: String, found: [FoundIndicator], explain: Int = 5,
                        knowledge: (CanonicalIndicator) -> KnownIndicator? = { _ in nil }) -> MessageAnalysis {
        var indicators: [(found: FoundIndicator, known: KnownIndicator?)] = []
        var clean: Float = 1
        for hit in found {
            // A link's domain or account counts too: the strongest of the values it names.
            let known = ([hit.indicator] + hit.indicator.derived).compactMap(knowledge).max { $0.risk < $1.risk }
            indicators.append((hit, known))
            if let known { clean *= 1 - known.risk }
        }
        var scratch = TextFeatures.Scratch()
        var slots: [Int] = []
        let beforeShapes = model.features.slots(text, scratch: &scratch, into: &slots)
        let threshold = model.metadata.threshold
        var note: String? = text.unicodeScalars.dropFirst(model.metadata.maxCharacters).first != nil
            ? "only the first \(model.metadata.maxCharacters) characters were read" : nil
        if let why = unjudgeable(text, slots: slots, found: found) {
            let score = 1 - clean
            let verdict: MessageAnalysis.Verdict = score >= threshold ? .scam : .unknown
            note = verdict == .scam ? "\(why); the verdict comes from what the node knows of its indicators" : why
            return MessageAnalysis(verdict: verdict, score: score, textScore: nil, scamType: verdict == .scam ? "unknown" : nil,
                                   typeConfidence: nil, indicators: indicators, reasons: [], note: note)
        }
        let textScore = model.scamProbability(slots: slots) ?? 0.5
        let score = 1 - (1 - textScore) * clean
        let scam = score >= threshold
        let type = scam ? model.type(slots: slots) : nil
        if scam, textScore < threshold {
            note = [note, "the text alone scores below the threshold; what the node knows of its indicators makes it a scam"].compactMap { $0 }.joined(separator: "; ")
        }
        return MessageAnalysis(verdict: scam ? .scam : .benign, score: score, textScore: textScore, scamType: type?.type,
                               typeConfidence: type?.confidence, indicators: indicators,
                               reasons: explain > 0 ? model.explain(text, slots: slots, beforeShapes: beforeShapes, towardsScam: scam, top: explain) : [],
                               note: note)
    }
}

/// An analysis as JSON: what `accord analyze --json` prints a line of, and `POST /api/v1/analyze` answers.
public struct AnalysisDocument: Codable, Sendable {
    public struct Indicator: Codable, Sendable {
        public let kind: String
        public let value: String
        /// The value as written in the text, and where (code points, the end excluded).
        public let text: String
        public let start: Int
        public let end: Int
        /// What the value names on its own: a link's domain or account, a WhatsApp account's number.
        public let derived: [String]?
        public let known: Known?
    }

    public struct Known: Codable, Sendable {
        public let reports: Int
        public let countries: [String]
        public let warned: Bool
    }

    public struct Reason: Codable, Sendable {
        public let feature: String
        public let weight: Float
    }

    public let verdict: String
    public let score: Float
    public let textScore: Float?
    public let scamType: String?
    public let typeConfidence: Float?
    public let indicators: [Indicator]
    public let reasons: [Reason]
    public let note: String?
    public let model: String

    enum CodingKeys: String, CodingKey {
        case verdict, score, indicators, reasons, note, model
        case textScore = "text_score", scamType = "scam_type", typeConfidence = "type_confidence"
    }

    public init(_ analysis: MessageAnalysis, model: String) {
        func rounded(_ value: Float) -> Float { (value * 10_000).rounded() / 10_000 }
        verdict = analysis.verdict.rawValue
        score = rounded(analysis.score)
        textScore = analysis.textScore.map(rounded)
        scamType = analysis.scamType
        typeConfidence = analysis.typeConfidence.map(rounded)
        indicators = analysis.indicators.map { found, known in
            Indicator(kind: found.indicator.kind.rawValue, value: found.indicator.value, text: found.written, start: found.start, end: found.end,
                      derived: found.indicator.derived.isEmpty ? nil : found.indicator.derived.map(\.description),
                      known: known.map { Known(reports: $0.reports, countries: $0.countries, warned: $0.warned) })
        }
        reasons = analysis.reasons.map { Reason(feature: $0.feature, weight: rounded($0.weight)) }
        note = analysis.note
        self.model = model
    }
}

extension Analyzer {
    /// `report` with what its narrative says: the indicators it names that the report did not
    /// give (marked extracted; card numbers are left out, they are usually the victim's own), and
    /// the text's score, verdict and type. Read with the report's country, so national phone
    /// numbers are understood.
    public func enrich(_ report: Report) -> Report {
        guard let narrative = report.narrative, !narrative.isEmpty else { return report }
        let analysis = analyze(narrative, country: report.country, explain: 0)
        var given = Set(report.canonicalIndicators)
        var added: [ReportIndicator] = []
        for (found, _) in analysis.indicators where found.indicator.kind != .card && given.insert(found.indicator).inserted {
            let indicator = found.indicator
            added.append(ReportIndicator(
                raw: RawIndicator(kind: indicator.kind, value: indicator.value, platform: indicator.details.platform?.rawValue, country: report.country),
                canonical: indicator, problem: nil, extracted: true))
        }
        return Report(id: report.id, externalRef: report.externalRef, organisation: report.organisation, reportedAt: report.reportedAt,
                      occurredAt: report.occurredAt, country: report.country, scamType: report.scamType, loss: report.loss,
                      narrative: report.narrative, tlp: report.tlp, pap: report.pap, indicators: report.indicators + added,
                      narrativeAnalysis: NarrativeAnalysis(score: analysis.score, verdict: analysis.verdict.rawValue, scamType: analysis.scamType))
    }
}
