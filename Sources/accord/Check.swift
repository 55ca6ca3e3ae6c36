import AccordCore
import AccordIntel
import ArgumentParser
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Detect what a value is, print its canonical form and what the node knows of it.",
        discussion: """
            Reads a phone number, e-mail address, URL, domain, IP address, crypto wallet, bank account \
            (IBAN or national), payment card or platform handle as a person would type it.

              accord check '0912 345 678' --country VN
              accord check 0x52908400098527886E0F7030069857D2E4169EE7
              accord check @invest_mia --platform telegram
              accord check 'DE89 3704 0044 0532 0130 00'
            """)

    @Argument(help: "The value to check.")
    var value: String

    @Option(name: .shortAndLong, help: "ISO 3166-1 country the value was reported in; reads national phone numbers (VN, TH, US…).")
    var country: String?

    @Option(name: .shortAndLong, help: "Read the value as this kind only: \(IndicatorKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String?

    @Option(help: "For a wallet: the chain (bitcoin, ethereum, bsc, tron, …).")
    var chain: String?

    @Option(help: "For a handle: the platform (\(Platform.allCases.map(\.rawValue).joined(separator: ", "))).")
    var platform: String?

    @Option(help: "For a national bank account: the bank's BIC, routing number or sort code.")
    var bank: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var node: NodeOptions

    func validate() throws {
        if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }) {
            throw ValidationError("--country takes a two-letter ISO 3166-1 code such as VN, TH or US, not '\(country)'")
        }
        if let kind, IndicatorKind(loose: kind) == nil {
            throw ValidationError("unknown kind '\(kind)': use one of \(IndicatorKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the value is empty")
        }
    }

    func run() async throws {
        let looksLikeCard = value.filter(\.isNumber).count >= 12 || kind.flatMap(IndicatorKind.init(loose:)) == .card
        let canonicalizer = Canonicalizer(cardKey: try node.dataDirectory.cardKey(create: looksLikeCard))
        let explicitKind = kind.flatMap(IndicatorKind.init(loose:))
            ?? (chain != nil ? .wallet : platform != nil ? .handle : bank != nil ? .bankAccount : nil)
        let detections = explicitKind.map {
            [canonicalizer.reading($0, value, chain: chain, platform: platform, bank: bank, country: country)]
        } ?? canonicalizer.detect(value, country: country)
        let found = detections.compactMap(\.indicator)
        // What the node knows: only when it has a store (checking never creates one).
        var knowledge: [IndicatorID: IndicatorKnowledge] = [:]
        var nodeOpen = false
        if !found.isEmpty, node.storeExists {
            let opened = try await node.openNode(canonicalizer: canonicalizer)
            nodeOpen = true
            func collect(_ indicator: CanonicalIndicator) async {
                if let known = await opened.knowledge(of: indicator) { knowledge[indicator.id] = known }
                for derived in indicator.derived { await collect(derived) }
            }
            for indicator in found { await collect(indicator) }
            try await opened.store.close()
        }
        if json {
            print(try CheckReport(detections: detections, knowledge: nodeOpen ? knowledge : nil).json())
        } else {
            for indicator in found { print(Self.describe(indicator, knowledge: nodeOpen ? knowledge : nil)) }
            if !found.isEmpty && !nodeOpen { print("(this node holds no reports yet: `accord demo` loads a demo network)") }
            let failures = detections.filter { $0.indicator == nil }
            if found.isEmpty {
                var message = "accord: '\(value)' is not a valid indicator"
                if failures.isEmpty {
                    message += ": it looks like none of \(IndicatorKind.allCases.map(\.rawValue).joined(separator: ", "))"
                }
                FileHandle.standardError.write(Data((message + "\n").utf8))
                for failure in failures {
                    if case .failure(let error) = failure.result {
                        FileHandle.standardError.write(Data("  not \(Self.article(failure.kind)) \(failure.kind.rawValue): \(error.reason)\n".utf8))
                    }
                }
            }
        }
        if found.isEmpty { throw ExitCode(1) }
    }

    static func article(_ kind: IndicatorKind) -> String {
        kind == .email || kind == .ip || kind == .url ? "an" : "a"
    }

    static func describe(_ indicator: CanonicalIndicator, knowledge: [IndicatorID: IndicatorKnowledge]?, indent: String = "") -> String {
        var lines = ["\(indent)\(indicator.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(indicator.value)"]
        func line(_ label: String, _ value: String?) {
            if let value { lines.append("\(indent)  \(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(value)") }
        }
        let d = indicator.details
        line("id", indicator.id.description)
        line("stix id", indicator.stixID)
        line("chain", d.chain.map { c in d.network.map { "\(c.rawValue) (\($0))" } ?? c.rawValue })
        if indicator.details.chain == .evm { line("checksum", WalletAddress.eip55(indicator.value)) }
        line("platform", d.platform?.rawValue)
        line("region", d.region)
        line("type", d.numberType?.replacingOccurrences(of: "_", with: " "))
        line("bank", d.bank)
        if indicator.kind == .domain || indicator.kind == .url, indicator.value.contains("xn--") {
            line("looks like", DomainName.unicode(indicator.kind == .domain ? indicator.value : d.registrableDomain ?? ""))
        }
        line("registrable", d.registrableDomain)
        if d.isPlatformHost == true { line("note", "shared platform host: never links reports on its own") }
        line("brand", d.cardBrand)
        if d.partial == true { line("note", "masked number: links only with the same masked number") }
        if let knowledge {
            if let known = knowledge[indicator.id] {
                line("reported", "\(Format.number(known.reportCount)) report\(known.reportCount == 1 ? "" : "s") · \(known.countries.joined(separator: " ")) · "
                    + known.scamTypes.map { $0.rawValue }.joined(separator: ", ")
                    + " · \(Format.day(known.firstSeen)) … \(Format.day(known.lastSeen))")
                if let network = known.networkID, let size = known.networkSize, size > 1 {
                    line("network", "\(network.lowercasedString.prefix(8)) (\(Format.number(size)) linked reports)")
                }
                if let warning = known.warning { line("never links", warning) }
            } else {
                line("reported", "no report on this node names it")
            }
        }
        for derived in indicator.derived {
            lines.append("\(indent)  yields")
            lines.append(describe(derived, knowledge: knowledge, indent: indent + "    "))
        }
        return lines.joined(separator: "\n")
    }
}

/// The JSON shape of `accord check --json`.
struct CheckReport: Encodable {
    struct Reading: Encodable {
        let kind: IndicatorKind
        let value: String?
        let id: String?
        let stixID: String?
        let details: IndicatorDetails?
        let derived: [Reading]?
        let known: IndicatorKnowledge?
        let error: String?

        enum CodingKeys: String, CodingKey {
            case kind, value, id
            case stixID = "stix_id"
            case details, derived, known, error
        }

        init(_ indicator: CanonicalIndicator, knowledge: [IndicatorID: IndicatorKnowledge]?) {
            kind = indicator.kind
            value = indicator.value
            id = indicator.id.description
            stixID = indicator.stixID
            details = indicator.details
            derived = indicator.derived.isEmpty ? nil : indicator.derived.map { Reading($0, knowledge: knowledge) }
            known = knowledge?[indicator.id]
            error = nil
        }

        init(kind: IndicatorKind, error: IndicatorError) {
            self.kind = kind
            value = nil
            id = nil
            stixID = nil
            details = nil
            derived = nil
            known = nil
            self.error = error.reason
        }
    }

    let readings: [Reading]

    init(detections: [Detection], knowledge: [IndicatorID: IndicatorKnowledge]?) {
        readings = detections.map { detection in
            switch detection.result {
            case .success(let indicator): Reading(indicator, knowledge: knowledge)
            case .failure(let error): Reading(kind: detection.kind, error: error)
            }
        }
    }

    func json() throws -> String {
        try Format.json(readings)
    }
}
