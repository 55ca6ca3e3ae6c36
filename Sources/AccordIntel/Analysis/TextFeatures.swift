import Foundation

/// The features of a short message, for the scam classifier: words and word pairs, and the
/// character n-grams (2 to 5) of each word, which carry Chinese, Vietnamese and Indonesian without
/// a tokenizer; each hashed (FNV-1a, 64 bits) into one of `dimension` slots, present or not.
///
/// Before that the text is normalised the same way everywhere: Unicode compatibility forms (NFKC:
/// full-width letters and digits become ASCII), lower case, every digit `0` (a number's shape
/// matters, not its value), zero-width and direction-control characters removed. Only the first
/// `maxCharacters` characters are read, so the work per message is bounded.
public struct TextFeatures: Sendable, Equatable {
    public let dimension: Int
    public let maxCharacters: Int

    public init(dimension: Int = 1 << 20, maxCharacters: Int = 2_000) {
        precondition(dimension > 0 && dimension & (dimension - 1) == 0, "the dimension is a power of two")
        self.dimension = dimension
        self.maxCharacters = maxCharacters
    }

    /// Characters that change nothing a reader sees: zero-width spaces and joiners, the BOM, the
    /// word joiner, and the bidirectional controls.
    static func invisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0x00AD: true
        default: false
        }
    }

    /// The text as the features read it.
    public func normalise(_ text: String) -> String {
        let head = text.count > maxCharacters ? String(text.prefix(maxCharacters)) : text
        var out = String.UnicodeScalarView()
        for scalar in head.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars where !Self.invisible(scalar) {
            if scalar.properties.numericType == .decimal { out.append("0") } else { out.append(scalar) }
        }
        return String(out)
    }

    /// The words of normalised text: runs of letters, marks and digits; and, each on its own, the
    /// symbols scams lean on (currency signs, `!`, `?`, `%`, `@`).
    public func words(_ normalised: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var index = normalised.startIndex
        while index < normalised.endIndex {
            let character = normalised[index]
            let next = normalised.index(after: index)
            if character.isLetter || character.isNumber || character.unicodeScalars.first.map({ $0.properties.generalCategory == .nonspacingMark }) == true {
                if start == nil { start = index }
            } else {
                if let first = start { words.append(normalised[first..<index]) }
                start = nil
                if character.isCurrencySymbol || "!?%@".contains(character) { words.append(normalised[index..<next]) }
            }
            index = next
        }
        if let first = start { words.append(normalised[first...]) }
        return words
    }

    /// The named features of `text`: each with its slot. Used to explain a prediction.
    public func named(_ text: String) -> [(name: String, slot: Int)] {
        var out: [(String, Int)] = []
        enumerate(text) { name, slot in out.append((name, slot)) }
        return out
    }

    /// The slots present in `text`, sorted, each once.
    public func slots(_ text: String) -> [Int] {
        var slots: [Int] = []
        enumerate(text) { _, slot in slots.append(slot) }
        slots.sort()
        var unique: [Int] = []
        unique.reserveCapacity(slots.count)
        for slot in slots where unique.last != slot { unique.append(slot) }
        return unique
    }

    private func enumerate(_ text: String, _ body: (String, Int) -> Void) {
        let words = self.words(normalise(text))
        func emit(_ kind: UInt8, _ name: String) {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            hash = (hash ^ UInt64(kind)) &* 0x0000_0100_0000_01B3
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            body(kind == 0x77 ? name : kind == 0x62 ? name : "«\(name)»", Int(hash & UInt64(dimension - 1)))
        }
        for (index, word) in words.enumerated() {
            emit(0x77, String(word))  // "w": the word
            if index + 1 < words.count { emit(0x62, "\(word) \(words[index + 1])") }  // "b": the pair
            // "c": the word's character n-grams, the word padded with a space each side.
            let characters = [" "] + word.map(String.init) + [" "]
            for length in 2...5 where length <= characters.count {
                for start in 0...(characters.count - length) {
                    emit(0x63, characters[start..<start + length].joined())
                }
            }
        }
    }
}
