import AccordCore
import Crypto
import Foundation

/// A message with what it is known to be: the training and evaluation data of the scam model.
public struct LabelledMessage: Sendable, Hashable {
    public let text: String
    /// The data set it comes from (`uci_sms`, `zh_telecom`, …).
    public let set: String
    /// BCP 47 language of the set.
    public let language: String
    public let scam: Bool
    /// The scam type, when the set says it; nil for benign messages and for untyped spam.
    public let type: ScamType?
    /// The set's own label (`ham`, `loan_or_credit_card`, …), for confusion matrices.
    public let label: String

    public init(text: String, set: String, language: String, scam: Bool, type: ScamType?, label: String) {
        self.text = text
        self.set = set
        self.language = language
        self.scam = scam
        self.type = type
        self.label = label
    }
}

/// Why a data set could not be read.
public struct CorpusError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The labelled message sets Accord's scam model is trained and evaluated on, read from the data
/// directory (`../shared/data` in the repository's layout). Each set's origin and licence are in
/// that directory's `SOURCES.md`.
public enum Corpus {
    public struct DataSet: Sendable {
        public let name: String
        public let file: String
        public let language: String
        public let licence: String
        let read: @Sendable (String) throws -> [LabelledMessage]
    }

    public static let sets: [DataSet] = [
        DataSet(name: "uci_sms", file: "messages/uci_sms_spam_collection.tsv", language: "en", licence: "CC BY 4.0") { text in
            text.split(whereSeparator: \.isNewline).compactMap { line in
                guard let tab = line.firstIndex(of: "\t") else { return nil }
                let label = String(line[..<tab]), body = String(line[line.index(after: tab)...])
                guard label == "ham" || label == "spam" else { return nil }
                return LabelledMessage(text: body, set: "uci_sms", language: "en", scam: label == "spam", type: nil, label: label)
            }
        },
        DataSet(name: "id_sms", file: "messages/indonesia_sms_spam_bopbi.csv", language: "id", licence: "CC0 1.0") { text in
            try CSV.rows(text).dropFirst().compactMap { row in
                guard row.count >= 3 else { throw CorpusError("indonesia_sms_spam_bopbi.csv: a row has \(row.count) columns, not 3") }
                let type: ScamType? = row[0] == "loan" ? .loan : row[0] == "prize" ? .prize : nil
                return LabelledMessage(text: row[2], set: "id_sms", language: "id", scam: true, type: type, label: row[0])
            }
        },
        DataSet(name: "zh_telecom", file: "messages/zh_telecom_fraud_texts_5.csv.gz", language: "zh",
                licence: "research use only, no commercial use (GPL-3.0 file)") { text in
            try CSV.rows(text).dropFirst().map { row in
                guard row.count >= 4 else { throw CorpusError("zh_telecom_fraud_texts_5.csv: a row has \(row.count) columns, not 4") }
                let types: [String: ScamType] = [
                    "impersonating_police_or_government": .impersonationAuthority, "loan_or_credit_card": .loan,
                    "impersonating_customer_service": .impersonationBusiness, "impersonating_leader_or_acquaintance": .impersonationAcquaintance,
                ]
                guard row[1] == "normal" || types[row[1]] != nil else { throw CorpusError("zh_telecom_fraud_texts_5.csv: unknown label '\(row[1])'") }
                return LabelledMessage(text: row[3], set: "zh_telecom", language: "zh", scam: row[1] != "normal", type: types[row[1]], label: row[1])
            }
        },
        DataSet(name: "nazario_phishing", file: "messages/nazario_phishing_emails_curated.csv.gz", language: "en",
                licence: "CC BY 4.0 (curated release); original corpus without a licence") { text in
            try CSV.rows(text).dropFirst().map { row in
                guard row.count >= 5 else { throw CorpusError("nazario_phishing_emails_curated.csv: a row has \(row.count) columns, not 7") }
                return LabelledMessage(text: row[3] + "\n" + row[4], set: "nazario_phishing", language: "en", scam: true, type: .phishing, label: "phishing")
            }
        },
    ]

    /// The messages of the named sets (all by default) under `directory`, in file order.
    public static func load(directory: URL, sets names: [String]? = nil) throws -> [(set: DataSet, messages: [LabelledMessage], sha256: String)] {
        let chosen = try (names ?? sets.map(\.name)).map { name in
            guard let set = sets.first(where: { $0.name == name }) else {
                throw CorpusError("unknown data set '\(name)': use \(sets.map(\.name).joined(separator: ", "))")
            }
            return set
        }
        return try chosen.map { set in
            let url = directory.appendingPathComponent(set.file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CorpusError("cannot read \(url.path): is the data directory right? (--data)")
            }
            let bytes = set.file.hasSuffix(".gz") ? try gunzip(url) : data
            guard let text = String(data: bytes, encoding: .utf8) else { throw CorpusError("\(url.path) is not UTF-8 text") }
            return (set, try set.read(text), Hex.encode(SHA256.hash(data: data)))
        }
    }

    /// Keeps the first of each exactly equal text (whatever its set or label): after this no
    /// message can be on both sides of a split.
    public static func deduplicate(_ messages: [LabelledMessage]) -> [LabelledMessage] {
        var seen = Set<String>()
        return messages.filter { seen.insert($0.text).inserted }
    }

    /// A split of each set into training and test messages, stratified by label, fixed by `seed`.
    public static func split(_ messages: [LabelledMessage], testFraction: Double, seed: UInt64) -> (train: [LabelledMessage], test: [LabelledMessage]) {
        var random = LinearModel.SplitMix(state: seed)
        var groups: [String: [LabelledMessage]] = [:]
        var order: [String] = []
        for message in messages {
            let key = message.set + "\u{1F}" + message.label
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(message)
        }
        var train: [LabelledMessage] = [], test: [LabelledMessage] = []
        for key in order {
            var group = groups[key]!
            group.shuffle(using: &random)
            let cut = Int((Double(group.count) * testFraction).rounded())
            test += group[..<cut]
            train += group[cut...]
        }
        return (train, test)
    }

    static func gunzip(_ url: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw CorpusError("cannot run gzip to read \(url.path): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CorpusError("gzip could not read \(url.path)") }
        return data
    }
}

/// Comma-separated values as RFC 4180 writes them: quoted fields may hold commas, line breaks and
/// doubled quotes.
public enum CSV {
    public static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if quoted {
                if byte == 0x22 {
                    if bytes.first == 0x22 { field.append(0x22); bytes.removeFirst() } else { quoted = false }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
            case 0x2C:
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case 0x0A, 0x0D:
                if byte == 0x0D, bytes.first == 0x0A { bytes.removeFirst() }
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            default:
                field.append(byte)
            }
        }
        if quoted { throw CorpusError("a quoted field is not closed before the end of the file") }
        if !field.isEmpty || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        return rows
    }
}
