/// What a bare string can be: the kinds a person may have meant when pasting it into a search
/// box, each with its canonical form or the reason it is not that kind.
public struct Detection: Sendable {
    public let kind: IndicatorKind
    public let result: Result<CanonicalIndicator, IndicatorError>

    public var indicator: CanonicalIndicator? { try? result.get() }

    public init(kind: IndicatorKind, result: Result<CanonicalIndicator, IndicatorError>) {
        self.kind = kind
        self.result = result
    }
}

extension Canonicalizer {
    /// Detects the kinds `text` can be, most specific first. Successful readings come before
    /// failed ones; a failed reading says why (`EIP-55 checksum mismatch`). `country` reads national
    /// phone numbers and bank codes.
    public func detect(_ text: String, country: String? = nil) -> [Detection] {
        let value = text.trimmingWhitespace()
        if value.isEmpty { return [] }
        var detections: [Detection] = []
        for kind in candidateKinds(value) {
            detections.append(reading(kind, value, country: country))
        }
        let successes = detections.filter { $0.indicator != nil }
        return successes + detections.filter { $0.indicator == nil }
    }

    /// `value` read as `kind`: its canonical form, or why it is not one.
    public func reading(
        _ kind: IndicatorKind, _ value: String, chain: String? = nil, platform: String? = nil,
        bank: String? = nil, country: String? = nil
    ) -> Detection {
        do {
            return Detection(kind: kind, result: .success(try canonicalize(kind, value, chain: chain, platform: platform, bank: bank, country: country)))
        } catch {
            return Detection(kind: kind, result: .failure(error))
        }
    }

    /// The kinds worth trying for `value`, from its shape alone.
    func candidateKinds(_ value: String) -> [IndicatorKind] {
        let refanged = Defang.refang(value)
        let lower = refanged.lowercased()
        let hasSpace = refanged.contains(" ")
        let digitCount = refanged.filter(\.isASCIIDigit).count
        let letterCount = refanged.filter(\.isLetter).count
        var kinds: [IndicatorKind] = []
        if lower.contains("://") || lower.hasPrefix("www.") {
            kinds.append(.url)
        } else if !hasSpace, let slash = refanged.firstIndex(of: "/"), refanged[..<slash].contains("."), !refanged.hasPrefix("/") {
            kinds.append(.url)
        }
        if let at = refanged.firstIndex(of: "@"), at != refanged.startIndex, !lower.contains("://") { kinds.append(.email) }
        if refanged.hasPrefix("@") || lower.hasPrefix("mailto:") == false && handlePrefix(refanged) {
            kinds.append(.handle)
        }
        if !hasSpace, (25...100).contains(refanged.count), refanged.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ":") }) {
            kinds.append(.wallet)
        }
        let compact = refanged.filter { $0 != " " && $0 != "-" }
        if compact.count >= 15, compact.prefix(2).allSatisfy({ $0.isASCII && $0.isLetter }), compact.dropFirst(2).prefix(2).allSatisfy(\.isASCIIDigit) || lower.hasPrefix("iban") {
            kinds.append(.bankAccount)
        }
        if !hasSpace, (refanged.contains(":") && refanged.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "[" || $0 == "]" }) || (refanged.allSatisfy { $0.isASCIIDigit || $0 == "." } && refanged.contains(".")) {
            kinds.append(.ip)
        }
        if !kinds.contains(.url), !kinds.contains(.email), !hasSpace, refanged.contains("."), letterCount > 0, !refanged.contains("/") {
            kinds.append(.domain)
        }
        let phoneShaped = refanged.allSatisfy { $0.isNumber || " +-().\u{00A0}/".contains($0) || $0 == "\u{FF0B}" }
        if phoneShaped, digitCount >= 5 || refanged.filter(\.isNumber).count >= 5, !kinds.contains(.ip) || refanged.filter({ $0 == "." }).count != 3 {
            kinds.append(.phone)
        }
        let cardShaped = refanged.allSatisfy { $0.isASCIIDigit || " -*xX•".contains($0) }
        if cardShaped, (12...19).contains(compact.count), digitCount >= 10 {
            kinds.append(.card)
        }
        return kinds
    }

    private func handlePrefix(_ value: String) -> Bool {
        guard let split = value.firstIndex(where: { $0 == ":" || $0 == " " }) else { return false }
        return Platform(loose: String(value[..<split])) != nil
    }
}
