import Foundation

/// The features of a short message, for the scam classifier. Words and word pairs, and the
/// character n-grams of each word (2 to 5 characters, the word padded with a space each side);
/// in scripts written without spaces (Chinese, Japanese, Thai, Khmer, Lao, Burmese), where a
/// "word" is a whole clause, characters and their pairs and triples instead. Each feature is
/// hashed (FNV-1a, 64 bits) into one of `dimension` slots, present or not.
///
/// Before that the text is normalised the same way everywhere: Unicode compatibility forms (NFKC:
/// full-width letters and digits become ASCII), lower case, every decimal digit the ASCII digit of
/// its value (or, with `rawDigits` false, `0`: a number's shape alone), zero-width and
/// direction-control characters removed. Only the first
/// `maxCharacters` characters are read, so the work per message is bounded.
///
/// With `shapes`, five features of the message as written are added, which the normalised text
/// no longer shows: its length, how much of it is capitals, how many all-capital words it has, how
/// many digits, and its longest number (see `Shape`).
public struct TextFeatures: Sendable, Equatable {
    public let dimension: Int
    public let maxCharacters: Int
    public let shapes: Bool

    /// Whether the character n-grams of Latin and other spaced scripts are read over runs of
    /// anything but white space (`£1.50`, `www.x.com`, `txt:`: punctuation and symbols in their
    /// place) instead of over words alone. False in files made before there were runs.
    public let runs: Bool

    /// Whether a digit is read as itself (`0906`, `1500`) rather than as `0` (`0000`): a premium
    /// number's prefix and a prize's round sum tell spam from the rest, a phone number or a date
    /// written out says less. False in files made when every digit was read as `0`.
    public let rawDigits: Bool

    public init(dimension: Int = 1 << 18, maxCharacters: Int = 2_000, shapes: Bool = true, runs: Bool = true, rawDigits: Bool = true) {
        precondition(dimension > 0 && dimension & (dimension - 1) == 0, "the dimension is a power of two")
        self.dimension = dimension
        self.maxCharacters = maxCharacters
        self.shapes = shapes
        self.runs = runs
        self.rawDigits = rawDigits
    }

    /// Characters that change nothing a reader sees: zero-width spaces and joiners, the BOM, the
    /// word joiner, and the bidirectional controls.
    static func invisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0x00AD: true
        default: false
        }
    }

    /// Whether NFKC and lower-casing leave `scalar` as it is, or do only what `simple` does:
    /// ASCII, Latin-1 but for the forms NFKC changes (`ª`, `²`, `½`, `µ`, the spacing accents) and
    /// the soft hyphen (the no-break space becomes a space), the dashes, the bullet, the euro sign,
    /// Han ideographs, CJK punctuation without a compatibility form, and the full-width forms of
    /// ASCII (NFKC makes them ASCII). Most Chinese messages, all but a few English ones and most
    /// e-mails are made of these alone.
    static func isSimple(_ value: UInt32) -> Bool {
        switch value {
        case 0...0x7F, 0xA0...0xA7, 0xA9, 0xAB, 0xAC, 0xAE, 0xB0, 0xB1, 0xB6, 0xB7, 0xBB, 0xBF, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF,
             0x2013, 0x2014, 0x2022, 0x20AC, 0x3000...0x3011, 0x4E00...0x9FFF, 0xFF01...0xFF5E, 0x2018...0x201D: true
        default: false
        }
    }

    /// NFKC and lower case for the scalars `isSimple` accepts, every digit `0` unless `rawDigits`.
    static func simple(_ value: UInt32, rawDigits: Bool) -> UInt32 {
        var value = value
        if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }  // full-width ASCII
        if value == 0x3000 || value == 0xA0 { return 0x20 }  // the ideographic and the no-break space
        if value >= 0x41 && value <= 0x5A { return value | 0x20 }
        if value >= 0x30 && value <= 0x39 { return rawDigits ? value : 0x30 }
        if value >= 0xC0 && value <= 0xDE { return value | 0x20 }  // Latin-1 capitals (× is not simple)
        return value
    }

    /// The text as the features read it.
    public func normalise(_ text: String) -> String {
        // Only the part read is looked at: ASCII (a byte is a character, and compatibility forms
        // change nothing), the simple forms, or anything else.
        let bytes = text.utf8.prefix(maxCharacters)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            let out = bytes.map { UInt8(Self.simple(UInt32($0), rawDigits: rawDigits)) }
            return String(decoding: out, as: UTF8.self)
        }
        let head = text.unicodeScalars.prefix(maxCharacters)
        let simple = head.allSatisfy { Self.isSimple($0.value) }
        if simple {
            var out = String.UnicodeScalarView()
            for scalar in head { out.append(Unicode.Scalar(Self.simple(scalar.value, rawDigits: rawDigits))!) }
            return String(out)
        }
        return Self.general(String(text.prefix(maxCharacters)), rawDigits: rawDigits)
    }

    /// The normalisation itself, by Foundation: what the ASCII and simple paths must agree with.
    static func general(_ text: String, rawDigits: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars where !invisible(scalar) {
            guard scalar.properties.numericType == .decimal else { out.append(scalar); continue }
            // A decimal digit of any script reads as the ASCII digit of its value (`٣` as `3`).
            let value = rawDigits ? UInt32(scalar.properties.numericValue ?? 0) : 0
            out.append(Unicode.Scalar(0x30 + value)!)
        }
        return String(out)
    }

    /// How a character takes part in words.
    enum Role: Equatable {
        /// Letters, marks and digits of scripts written with spaces.
        case spaced
        /// Letters of scripts written without spaces between words.
        case spaceless
        /// A symbol scams lean on (currency signs, `!`, `?`, `%`, `@`): a word of its own.
        case symbol
        case separator
    }

    static func role(_ scalar: Unicode.Scalar) -> Role {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x61...0x7A, 0x41...0x5A, 0x30...0x39: return .spaced
            case 0x24, 0x21, 0x3F, 0x25, 0x40: return .symbol
            default: return .separator
            }
        }
        switch value {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x3FFFF:
            return .spaceless
        default:
            break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .decimalNumber, .letterNumber, .otherNumber:
            return .spaced
        case .currencySymbol:
            return .symbol
        default:
            return .separator
        }
    }

    /// The words of normalised text: runs of letters, marks and digits (a change between a script
    /// written with spaces and one without ends a word), and, each on its own, the symbols scams
    /// lean on.
    public func words(_ normalised: String) -> [String] {
        var scratch = Scratch()
        scratch.load(normalised)
        return scratch.words.map { String(decoding: scratch.bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    /// The slots of `text`'s features, each once, in the order first met.
    public func slots(_ text: String) -> [Int] {
        var scratch = Scratch()
        var slots: [Int] = []
        self.slots(text, scratch: &scratch, into: &slots)
        return slots
    }

    /// The slots of `text`'s features into `slots` (emptied first), with reusable scratch space;
    /// returns how many come before the shape features.
    @discardableResult
    public func slots(_ text: String, scratch: inout Scratch, into slots: inout [Int]) -> Int {
        slots.removeAll(keepingCapacity: true)
        let mask = UInt64(dimension - 1)
        var shape = Shape()
        if !scratch.loadASCII(text, maxCharacters: maxCharacters, rawDigits: rawDigits, shape: &shape)
            && !scratch.loadSimple(text, maxCharacters: maxCharacters, rawDigits: rawDigits, shape: &shape) {
            scratch.load(normalise(text))
            if shapes { shape = Shape(text, maxCharacters: maxCharacters) }
        }
        // Each slot once: a bit per slot, set when met and cleared again after.
        if scratch.seen.count != dimension / 64 + 1 { scratch.seen = [UInt64](repeating: 0, count: dimension / 64 + 1) }
        var seen = scratch.seen
        scratch.seen = []
        var beforeShapes = 0
        seen.withUnsafeMutableBufferPointer { seen in
            func mark(_ hash: UInt64) {
                let slot = Int(truncatingIfNeeded: hash & mask)
                let bit: UInt64 = 1 << UInt64(slot & 63)
                if seen[slot >> 6] & bit == 0 {
                    seen[slot >> 6] |= bit
                    slots.append(slot)
                }
            }
            scratch.visit(runs: runs) { hash, _ in mark(hash) }
            beforeShapes = slots.count
            // A text without words has no features at all: nothing to judge.
            if shapes && !slots.isEmpty { shape.forEach { mark(Shape.hash($0, $1)) } }
            for slot in slots { seen[slot >> 6] = 0 }
        }
        scratch.seen = seen
        return beforeShapes
    }

    /// The named features of `text`, each with its slot, in the order met. Used to explain a
    /// prediction.
    public func named(_ text: String) -> [(name: String, slot: Int)] {
        named(text) { _ in true }
    }

    /// The named features of `text` in the slots `wanted` takes, in the order met; only their
    /// names are built (a message has hundreds of features, an explanation names five).
    public func named(_ text: String, where wanted: (Int) -> Bool) -> [(name: String, slot: Int)] {
        var out: [(String, Int)] = []
        var scratch = Scratch()
        scratch.load(normalise(text))
        let mask = UInt64(dimension - 1)
        var any = false
        scratch.visit(runs: runs) { hash, name in
            any = true
            let slot = Int(truncatingIfNeeded: hash & mask)
            if wanted(slot) { out.append((name(), slot)) }
        }
        if shapes && any {
            Shape(text, maxCharacters: maxCharacters).forEach { key, bucket in
                let slot = Int(truncatingIfNeeded: Shape.hash(key, bucket) & mask)
                if wanted(slot) { out.append((Shape.name(key, bucket), slot)) }
            }
        }
        return out
    }

    /// For each shape feature, the slots of all its buckets (one of them is in every message's
    /// features).
    public var shapeBucketSlots: [[Int]] {
        guard shapes else { return [] }
        return Shape.keys.indices.map { key in (0...Shape.topBuckets[key]).map { Int(truncatingIfNeeded: Shape.hash(key, $0) & UInt64(dimension - 1)) } }
    }

    enum Kind {
        static let word: UInt8 = 0x77, pair: UInt8 = 0x62, ngram: UInt8 = 0x63, shape: UInt8 = 0x73
    }

    /// What normalisation takes away, read from the message as written (its first `maxCharacters`
    /// characters): spam is long, shouts in capitals and carries long numbers (short codes, premium
    /// lines). Capitals are counted among ASCII letters only.
    struct Shape {
        var characters = 0, letters = 0, capitals = 0, capitalWords = 0, digits = 0, longestNumber = 0
        var wordLetters = 0, wordAllCapitals = true, run = 0

        init() {}

        init(_ text: String, maxCharacters: Int) {
            for byte in text.utf8 {
                if byte & 0xC0 != 0x80 {  // a new scalar
                    if characters == maxCharacters { break }
                    characters += 1
                }
                read(byte)
            }
            finish()
        }

        /// Counts one byte of UTF-8 (the caller counts the characters).
        @inline(__always)
        mutating func read(_ byte: UInt8) {
            switch byte {
            case 0x41...0x5A:
                letters += 1
                capitals += 1
                wordLetters += 1
            case 0x61...0x7A:
                letters += 1
                wordLetters += 1
                wordAllCapitals = false
            default:
                if wordLetters >= 2 && wordAllCapitals { capitalWords += 1 }
                wordLetters = 0
                wordAllCapitals = true
            }
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                run += 1
                longestNumber = max(longestNumber, run)
            } else {
                run = 0
            }
        }

        mutating func finish() {
            if wordLetters >= 2 && wordAllCapitals { capitalWords += 1 }
            wordLetters = 0
        }

        /// The five features: which (an index into `keys`) and the bucket the message falls in.
        func forEach(_ body: (_ key: Int, _ bucket: Int) -> Void) {
            let top = Self.topBuckets
            body(0, min(capitalWords, top[0]))
            body(1, min(characters / 20, top[1]))
            body(2, digits == 0 ? 0 : min(digits / 4 + 1, top[2]))
            body(3, min(longestNumber, top[3]))
            if letters > 0 { body(4, min(capitals * 10 / letters, top[4])) }
        }

        static let keys = ["caps", "len", "digits", "run", "upper"]
        /// Each key's last bucket, which takes everything above it.
        static let topBuckets = [6, 10, 5, 14, 10]
        /// FNV-1a over the kind and each key, ready for the bucket's byte.
        static let prefixes: [UInt64] = keys.map { key in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in [Kind.shape] + Array(key.utf8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return hash
        }

        @inline(__always)
        static func hash(_ key: Int, _ bucket: Int) -> UInt64 {
            (prefixes[key] ^ UInt64(UInt8(truncatingIfNeeded: bucket))) &* 0x0000_0100_0000_01B3
        }

        /// A feature as people read it.
        static func name(_ key: Int, _ bucket: Int) -> String {
            let last = bucket == topBuckets[key]
            let text = switch key {
            case 0: last ? "\(bucket)+ words in capitals" : "\(bucket) words in capitals"
            case 1: last ? "\(bucket * 20)+ characters" : "\(bucket * 20)-\(bucket * 20 + 19) characters"
            case 2: bucket == 0 ? "no digits" : last ? "\((bucket - 1) * 4)+ digits" : "\((bucket - 1) * 4)-\((bucket - 1) * 4 + 3) digits"
            case 3: last ? "a number of \(bucket)+ digits" : "longest number \(bucket) digits"
            default: last ? "all capitals" : "\(bucket * 10)-\(bucket * 10 + 9) % capitals"
            }
            return "[\(text)]"
        }
    }

    /// Buffers reused from one message to the next: the normalised text's bytes and the words'.
    public struct Scratch {
        var bytes: [UInt8] = []
        /// Each word: its byte range and whether it is spaceless.
        var words: [(start: Int, end: Int, spaceless: Bool)] = []
        /// Where each character of a word starts, and the hashes of the n-grams from each, for
        /// `visit`.
        var offsets: [Int] = []
        var grams: [UInt64] = []
        /// A bit per slot, all clear between messages.
        var seen: [UInt64] = []

        public init() {}

        /// `load(normalise(text))` and the text's shape in one pass, for text whose part read is
        /// ASCII (most messages in Latin script); false, and nothing usable, for any other.
        mutating func loadASCII(_ text: String, maxCharacters: Int, rawDigits: Bool, shape: inout Shape) -> Bool {
            shape = Shape()
            bytes.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
            var start = -1
            for byte in text.utf8 {
                if bytes.count == maxCharacters { break }
                guard byte < 0x80 else { return false }
                shape.read(byte)
                let index = bytes.count
                switch byte {
                case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
                    if start < 0 { start = index }
                    bytes.append(byte >= 0x41 ? byte | 0x20 : rawDigits ? byte : 0x30)
                    continue
                case 0x24, 0x21, 0x3F, 0x25, 0x40:
                    if start >= 0 { words.append((start, index, false)) }
                    start = -1
                    words.append((index, index + 1, false))
                default:
                    if start >= 0 { words.append((start, index, false)) }
                    start = -1
                }
                bytes.append(byte)
            }
            if start >= 0 { words.append((start, bytes.count, false)) }
            shape.characters = bytes.count
            shape.finish()
            return true
        }

        /// `load(normalise(text))` and the text's shape in one pass, for text whose part read is
        /// made of the scalars `isSimple` accepts (most Chinese messages); false, and nothing
        /// usable, for any other.
        mutating func loadSimple(_ text: String, maxCharacters: Int, rawDigits: Bool, shape: inout Shape) -> Bool {
            shape = Shape()
            bytes.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
            var start = -1, spaceless = false, characters = 0
            for scalar in text.unicodeScalars {
                if characters == maxCharacters { break }
                guard TextFeatures.isSimple(scalar.value) else { return false }
                characters += 1
                shape.read(scalar.value < 0x80 ? UInt8(scalar.value) : 0x80)
                let value = TextFeatures.simple(scalar.value, rawDigits: rawDigits)
                let index = bytes.count
                if value < 0x80 {
                    bytes.append(UInt8(value))
                } else if value < 0x800 {  // Latin-1
                    bytes.append(UInt8(0xC0 | value >> 6))
                    bytes.append(UInt8(0x80 | value & 0x3F))
                } else {  // the other simple scalars take three bytes
                    bytes.append(UInt8(0xE0 | value >> 12))
                    bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
                    bytes.append(UInt8(0x80 | value & 0x3F))
                }
                // Han, the most of a Chinese message, and the letters of Latin-1 without the
                // general look-up.
                let role: Role = value >= 0x4E00 && value <= 0x9FFF ? .spaceless
                    : value >= 0xC0 && value <= 0xFF ? .spaced : TextFeatures.role(Unicode.Scalar(value)!)
                split(role, from: index, to: bytes.count, start: &start, spaceless: &spaceless)
            }
            if start >= 0 { words.append((start, bytes.count, spaceless)) }
            shape.characters = characters
            shape.finish()
            return true
        }

        mutating func load(_ normalised: String) {
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: normalised.utf8)
            words.removeAll(keepingCapacity: true)
            var start = -1
            var spaceless = false
            var index = 0
            for scalar in normalised.unicodeScalars {
                let width = UTF8.width(scalar)
                split(TextFeatures.role(scalar), from: index, to: index + width, start: &start, spaceless: &spaceless)
                index += width
            }
            if start >= 0 { words.append((start, index, spaceless)) }
        }

        /// Ends the word in progress or starts one at a character with this role; a symbol is a
        /// word of its own.
        @inline(__always)
        mutating func split(_ role: Role, from index: Int, to end: Int, start: inout Int, spaceless: inout Bool) {
            let inWord = role == .spaced || role == .spaceless
            if start >= 0, !inWord || (role == .spaceless) != spaceless {
                words.append((start, index, spaceless))
                start = -1
            }
            if inWord, start < 0 {
                start = index
                spaceless = role == .spaceless
            }
            if role == .symbol { words.append((index, end, false)) }
        }

        static let prime: UInt64 = 0x0000_0100_0000_01B3
        /// FNV-1a's state after each kind's byte.
        static let wordBasis = (0xCBF2_9CE4_8422_2325 ^ UInt64(Kind.word)) &* prime
        static let pairBasis = (0xCBF2_9CE4_8422_2325 ^ UInt64(Kind.pair)) &* prime
        static let ngramBasis = (0xCBF2_9CE4_8422_2325 ^ UInt64(Kind.ngram)) &* prime

        /// The characters (UTF-8 lead bytes) in `start..<end`.
        static func characters(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
            var count = 0
            for offset in start..<end where text[offset] & 0xC0 != 0x80 { count += 1 }
            return count
        }

        /// Normalised text's white space: the space (every other space becomes one in NFKC), tab,
        /// line and page breaks.
        @inline(__always)
        static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

        @inline(__always)
        static func fold(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
            var hash = hash
            for offset in start..<end { hash = (hash ^ UInt64(bytes[offset])) &* prime }
            return hash
        }

        /// Calls `body` with each feature's hash (FNV-1a over its kind's byte and its bytes), in
        /// order, and a way to name it that builds the name only when called (`named`). Each
        /// n-gram's hash continues the hash of the one a character shorter from the same place,
        /// so a place costs five steps instead of fourteen, and no feature's bytes are built.
        /// With `runs`, the character n-grams of spaced scripts come from the runs of anything
        /// but white space between the spaceless words, after the words and pairs.
        mutating func visit(runs: Bool, _ body: (_ hash: UInt64, _ name: () -> String) -> Void) {
            let most = bytes.count + 2  // characters in a padded word or run, at most
            if offsets.count < most + 1 { offsets = [Int](repeating: 0, count: most + 1) }
            if grams.count < 5 * most { grams = [UInt64](repeating: 0, count: 5 * most) }
            var offsets = self.offsets, grams = self.grams
            self.offsets = []
            self.grams = []
            defer {
                self.offsets = offsets
                self.grams = grams
            }
            let words = self.words
            bytes.withUnsafeBufferPointer { text in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    grams.withUnsafeMutableBufferPointer { grams in
                        /// The bytes of `ranges` joined by a space: a feature's name.
                        func string(_ ranges: Range<Int>...) -> String {
                            String(decoding: Array(ranges.map { Array(text[$0]) }.joined(separator: [0x20])), as: UTF8.self)
                        }
                        func ngrams(_ start: Int, _ end: Int, spaceless: Bool) {
                            var characters = 0, offset = start
                            while offset < end {
                                offsets[characters] = offset
                                characters += 1
                                let lead = text[offset]
                                offset += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                            }
                            offsets[characters] = end
                            // The run padded with a space each side: character k of `count`.
                            let count = characters + 2
                            let lengths = spaceless ? 1...3 : 2...5
                            for first in 0..<count {
                                var hash = Self.ngramBasis
                                for length in 1...min(lengths.upperBound, count - first) {
                                    let k = first + length - 1
                                    hash = k == 0 || k == count - 1 ? (hash ^ 0x20) &* Self.prime : Self.fold(hash, text, offsets[k - 1], offsets[k])
                                    grams[first * 5 + length - 1] = hash
                                }
                            }
                            for length in lengths where length <= count {
                                for first in 0...(count - length) {
                                    // Single characters are read without the padding.
                                    if length == 1, first == 0 || first == count - 1 { continue }
                                    body(grams[first * 5 + length - 1]) {
                                        // Characters first..<first + length of the padded run.
                                        let last = first + length - 1
                                        let inner = offsets[max(first, 1) - 1]..<offsets[min(last, characters)]
                                        return "«" + (first == 0 ? " " : "") + string(inner) + (last == count - 1 ? " " : "") + "»"
                                    }
                                }
                            }
                        }
                        for index in words.indices {
                            let word = words[index]
                            if !word.spaceless || Self.characters(text, word.start, word.end) <= 4 {
                                body(Self.fold(Self.wordBasis, text, word.start, word.end)) { string(word.start..<word.end) }
                            }
                            if !word.spaceless, index + 1 < words.count, !words[index + 1].spaceless, word.end - word.start <= 64 {
                                let next = words[index + 1]
                                let joined = (Self.fold(Self.pairBasis, text, word.start, word.end) ^ 0x20) &* Self.prime
                                body(Self.fold(joined, text, next.start, next.end)) { string(word.start..<word.end, next.start..<next.end) }
                            }
                            if word.spaceless || !runs { ngrams(word.start, word.end, spaceless: word.spaceless) }
                        }
                        // Runs: what lies between white space and the spaceless words (a text
                        // without words has no features at all, runs or not).
                        guard runs, !words.isEmpty else { return }
                        var spaceless = words.lazy.filter(\.spaceless).makeIterator()
                        var nextSpaceless = spaceless.next()
                        var start = -1, offset = 0
                        while offset <= text.count {
                            // Where the spaceless word that starts here ends.
                            let skip = nextSpaceless.flatMap { $0.start == offset ? $0.end : nil }
                            if skip != nil || offset == text.count || Self.isWhiteSpace(text[offset]) {
                                if start >= 0 { ngrams(start, offset, spaceless: false) }
                                start = -1
                            } else if start < 0 {
                                start = offset
                            }
                            if let skip {
                                offset = skip
                                nextSpaceless = spaceless.next()
                            } else {
                                offset += 1
                            }
                        }
                    }
                }
            }
        }
    }
}

