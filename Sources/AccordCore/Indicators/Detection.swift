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

    /// What `detect(text, country:).first` says, without reading `text` as the kinds after the
    /// first that succeeds: the answer for a search box that takes one reading.
    public func identify(_ text: String, country: String? = nil) -> Detection? {
        let value = text.trimmingWhitespace()
        if value.isEmpty { return nil }
        var firstFailure: Detection?
        for kind in candidateKinds(value) {
            let detection = reading(kind, value, country: country)
            if detection.indicator != nil { return detection }
            if firstFailure == nil { firstFailure = detection }
        }
        return firstFailure
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
        return candidateKinds(refanged, Shape(of: refanged))
    }

    func candidateKinds(_ refanged: String, _ shape: Shape) -> [IndicatorKind] {
        func starts(with prefix: String) -> Bool { Self.hasPrefixIgnoringCase(refanged, prefix) }
        var kinds: [IndicatorKind] = []
        if shape.hasSchemeSeparator || starts(with: "www.") {
            kinds.append(.url)
        } else if !shape.hasSpace, shape.hasSlash, shape.dotBeforeFirstSlash, !shape.startsWithSlash {
            kinds.append(.url)
        }
        if shape.atAfterStart, !shape.hasSchemeSeparator { kinds.append(.email) }
        // A platform's name has letters: a value without any is no handle (and is not looked up).
        if shape.startsWithAt || !starts(with: "mailto:") && shape.letters > 0 && handlePrefix(refanged) {
            kinds.append(.handle)
        }
        if !shape.hasSpace, (25...100).contains(shape.count), shape.walletShaped {
            kinds.append(.wallet)
        }
        if shape.compactCount >= 15, shape.compactStartsWithLetters, shape.compactThenDigits || starts(with: "iban") {
            kinds.append(.bankAccount)
        }
        if !shape.hasSpace, (shape.hasColon && shape.ipv6Shaped) || (shape.ipv4Shaped && shape.dots > 0) {
            kinds.append(.ip)
        }
        if !kinds.contains(.url), !kinds.contains(.email), !shape.hasSpace, shape.dots > 0, shape.letters > 0, !shape.hasSlash {
            kinds.append(.domain)
        }
        if shape.phoneShaped, shape.asciiDigits >= 5 || shape.numbers >= 5, !kinds.contains(.ip) || shape.dots != 3 {
            kinds.append(.phone)
        }
        if shape.cardShaped, (12...19).contains(shape.compactCount), shape.asciiDigits >= 10 {
            kinds.append(.card)
        }
        return kinds
    }

    /// Whether `text` starts with `prefix` (lower-case ASCII) in any case: what `lowercased()`
    /// then `hasPrefix` would say, without making the lower-case copy.
    static func hasPrefixIgnoringCase(_ text: String, _ prefix: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = bytes.next() else { return false }
            let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        return true
    }

    /// What detection asks of a value's characters, found in one pass: over its bytes when it is
    /// printable ASCII (the common case, and where a byte is a character), else over its
    /// characters.
    struct Shape: Equatable {
        var count = 0, asciiDigits = 0, letters = 0, numbers = 0, dots = 0, compactCount = 0
        var hasSpace = false, hasColon = false, hasSlash = false, dotBeforeFirstSlash = false
        /// Contains `://`.
        var hasSchemeSeparator = false
        /// How much of `://` the last characters were (0 to 2).
        private var separatorSeen = 0
        var startsWithSlash = false, startsWithAt = false, atAfterStart = false
        var walletShaped = true, ipv6Shaped = true, ipv4Shaped = true, phoneShaped = true, cardShaped = true
        /// Of the characters other than spaces and hyphens: the first two are ASCII letters, the
        /// next two ASCII digits (an IBAN's country and check digits).
        var compactStartsWithLetters = true, compactThenDigits = true
        private var seenAt = false

        init(of text: String) {
            if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { self.init(bytes: text) } else { self.init(characters: text) }
        }

        /// Each reading on its own, whatever the text (the test holds them equal on ASCII).
        init(characters text: String) { for character in text { add(character) } }
        init(bytes text: String) { for byte in text.utf8 { add(byte) } }

        private mutating func add<S: ShapeSymbol>(_ symbol: S) {
            if count == 0 {
                startsWithSlash = symbol.is(0x2F)
                startsWithAt = symbol.is(0x40)
            }
            count += 1
            let digit = symbol.isASCIIDigit, letter = symbol.isLetter, number = symbol.isNumber
            if digit { asciiDigits += 1 }
            if letter { letters += 1 }
            if number { numbers += 1 }
            let space = symbol.is(0x20), dot = symbol.is(0x2E), colon = symbol.is(0x3A), slash = symbol.is(0x2F)
            if space { hasSpace = true }
            if colon { hasColon = true }
            if dot {
                dots += 1
                if !hasSlash { dotBeforeFirstSlash = true }
            }
            if slash { hasSlash = true }
            if colon {
                separatorSeen = 1
            } else if slash, separatorSeen > 0 {
                separatorSeen += 1
                if separatorSeen == 3 { hasSchemeSeparator = true; separatorSeen = 0 }
            } else {
                separatorSeen = 0
            }
            if symbol.is(0x40) {
                if !seenAt { atAfterStart = count > 1 }
                seenAt = true
            }
            if !space && !symbol.is(0x2D) {
                compactCount += 1
                if compactCount <= 2 {
                    compactStartsWithLetters = compactStartsWithLetters && symbol.isASCII && letter
                } else if compactCount <= 4 {
                    compactThenDigits = compactThenDigits && digit
                }
            }
            walletShaped = walletShaped && symbol.isASCII && (letter || number || colon)
            ipv6Shaped = ipv6Shaped && (symbol.isHexDigit || colon || dot || symbol.is(0x5B) || symbol.is(0x5D))
            ipv4Shaped = ipv4Shaped && (digit || dot)
            phoneShaped = phoneShaped && (number || symbol.isPhonePunctuation)
            cardShaped = cardShaped && (digit || symbol.isCardPunctuation)
        }
    }

    private func handlePrefix(_ value: String) -> Bool {
        guard let split = value.firstIndex(where: { $0 == ":" || $0 == " " }) else { return false }
        return Platform(loose: String(value[..<split])) != nil
    }
}

/// A character as detection sees it, as a `Character` or as a printable ASCII byte.
protocol ShapeSymbol {
    var isASCII: Bool { get }
    var isASCIIDigit: Bool { get }
    var isLetter: Bool { get }
    var isNumber: Bool { get }
    var isHexDigit: Bool { get }
    /// One of ` +-().` NBSP `/` or the fullwidth plus.
    var isPhonePunctuation: Bool { get }
    /// One of ` -*xX•`.
    var isCardPunctuation: Bool { get }
    func `is`(_ ascii: UInt8) -> Bool
}

extension Character: ShapeSymbol {
    var isPhonePunctuation: Bool { " +-().\u{00A0}/".contains(self) || self == "\u{FF0B}" }
    var isCardPunctuation: Bool { " -*xX•".contains(self) }
    func `is`(_ ascii: UInt8) -> Bool { asciiValue == ascii }
}

extension UInt8: ShapeSymbol {
    var isASCII: Bool { self < 0x80 }
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
    var isLetter: Bool { (0x61...0x7A).contains(self | 0x20) }
    var isNumber: Bool { isASCIIDigit }
    var isHexDigit: Bool { isASCIIDigit || (0x61...0x66).contains(self | 0x20) }
    var isPhonePunctuation: Bool {
        switch self {
        case 0x20, 0x2B, 0x2D, 0x28, 0x29, 0x2E, 0x2F: true
        default: false
        }
    }

    var isCardPunctuation: Bool {
        switch self {
        case 0x20, 0x2D, 0x2A, 0x78, 0x58: true
        default: false
        }
    }
    func `is`(_ ascii: UInt8) -> Bool { self == ascii }
}
