import AccordCore

/// An indicator found in free text: its canonical form, the text as written, and where it stands
/// (offsets in Unicode code points, the end excluded, as Python and most languages index strings).
public struct FoundIndicator: Sendable, Hashable {
    public let indicator: CanonicalIndicator
    public let written: String
    public let start: Int
    public let end: Int

    public init(indicator: CanonicalIndicator, written: String, start: Int, end: Int) {
        self.indicator = indicator
        self.written = written
        self.start = start
        self.end = end
    }
}

/// Finds the indicators in a message, a narrative or a call transcript: links (also written
/// `hxxp://` or `example[.]com`), domains, e-mail addresses, IP addresses, phone numbers (in
/// national and international writing, also spaced out digit by digit), wallets, IBANs, cards,
/// and accounts on Telegram, WhatsApp, LINE, Zalo and other platforms (`t.me/…` links, or the
/// platform's name before the account). Each candidate goes through `AccordCore`'s canonicaliser,
/// so only values that are real indicators come out.
///
/// Not everything shaped like one is taken: a number after "order", "invoice", "ref" or a currency
/// is not a phone, amounts grouped by thousands and dates are not phones, a version string is not
/// an IP address, and a bare `word.word` is a domain only under a top-level domain scams use (or
/// written defanged). The text is read up to `maxScalars` code points, so the work is bounded.
public struct Extractor: Sendable {
    public let canonicalizer: Canonicalizer
    public let maxScalars: Int

    public init(canonicalizer: Canonicalizer, maxScalars: Int = 20_000) {
        self.canonicalizer = canonicalizer
        self.maxScalars = maxScalars
    }

    /// The indicators in `text`, in the order they appear, each value once per kind. `country`
    /// reads national phone numbers (`0912 345 678` in VN) and bank codes.
    public func extract(_ text: String, country: String? = nil) -> [FoundIndicator] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(text.utf8.count, maxScalars))
        for scalar in text.unicodeScalars.prefix(maxScalars) { scalars.append(scalar) }
        var scan = Scan(scalars: scalars, canonicalizer: canonicalizer, country: country)
        scan.chunks()
        scan.platformAccounts()
        scan.ibans()
        scan.digitRuns()
        var seen = Set<CanonicalIndicator>()
        return scan.found.sorted { ($0.start, $0.end) < ($1.start, $1.end) }.filter { seen.insert($0.indicator).inserted }
    }
}

/// One pass of extraction over a text's code points.
struct Scan {
    let scalars: [Unicode.Scalar]
    let canonicalizer: Canonicalizer
    let country: String?
    var found: [FoundIndicator] = []
    /// Ranges taken by links and addresses: digits inside them are not phones.
    var taken: [Range<Int>] = []

    init(scalars: [Unicode.Scalar], canonicalizer: Canonicalizer, country: String?) {
        self.scalars = scalars
        self.canonicalizer = canonicalizer
        self.country = country
    }

    func text(_ range: Range<Int>) -> String {
        // Written as UTF-8 straight into the string (appending scalars to a view goes the generic
        // way, which cost a third of the extraction).
        String(unsafeUninitializedCapacity: range.count * 4) { buffer in
            var count = 0
            for scalar in scalars[range] {
                for unit in scalar.utf8 {
                    buffer[count] = unit
                    count += 1
                }
            }
            return count
        }
    }

    func isTaken(_ range: Range<Int>) -> Bool { taken.contains { $0.overlaps(range) } }

    mutating func add(_ indicator: CanonicalIndicator, _ range: Range<Int>, take: Bool = false) {
        found.append(FoundIndicator(indicator: indicator, written: text(range), start: range.lowerBound, end: range.upperBound))
        if take { taken.append(range) }
    }

    static func isASCIIGraphic(_ scalar: Unicode.Scalar) -> Bool { (0x21...0x7E).contains(scalar.value) }
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        if scalar.value >= 0x4E00 && scalar.value <= 0x9FFF { return false }
        return scalar.properties.numericType == .decimal
    }
    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x80 && (0x61...0x7A).contains(scalar.value | 0x20) }
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return (0x61...0x7A).contains(scalar.value | 0x20) }
        if scalar.value >= 0x4E00 && scalar.value <= 0x9FFF { return true }
        return scalar.properties.isAlphabetic
    }

    // MARK: links, addresses, wallets, IP addresses: runs of printable ASCII

    /// Top-level domains a bare `name.tld` (no scheme, no `www.`, no path) is read under: those
    /// scam messages use, not the ones that are also words (`.how`, `.so`, `.at`, `.is`).
    static let bareDomainSuffixes: Set<String> = [
        "com", "net", "org", "info", "biz", "xyz", "top", "online", "site", "club", "shop", "vip", "cc", "io", "co", "ly",
        "app", "link", "live", "icu", "buzz", "store", "website", "space", "fun", "cn", "ru", "tk", "ml", "ga", "cf", "gq",
        "pw", "win", "bid", "loan", "work", "click", "best", "asia", "uk", "id", "vn", "th", "ph", "my", "sg", "in", "ng",
        "ke", "br", "mx", "tw", "hk", "kr", "jp", "de", "fr", "es", "it", "nl", "ca", "au",
    ]

    mutating func chunks() {
        var index = 0
        while index < scalars.count {
            guard Self.isASCIIGraphic(scalars[index]) else { index += 1; continue }
            var end = index
            while end < scalars.count, Self.isASCIIGraphic(scalars[end]) { end += 1 }
            chunk(trim(index..<end))
            index = end
        }
    }

    /// What a link or an address does not start with: quotes, brackets, `*`, `,`, `:`, `;`, `.`.
    static let leadingPunctuation: Set<UInt32> = [0x22, 0x27, 0x28, 0x3C, 0x5B, 0x7B, 0x2A, 0x2C, 0x3A, 0x3B, 0x2E]

    /// A run without the punctuation around it: quotes and brackets that do not pair inside it,
    /// and the full stop, comma or colon that ends a sentence.
    func trim(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, Self.leadingPunctuation.contains(scalars[lower].value) { lower += 1 }
        while lower < upper {
            let last = scalars[upper - 1].value
            let opener: UInt32? = last == 0x29 ? 0x28 : last == 0x5D ? 0x5B : last == 0x7D ? 0x7B : last == 0x3E ? 0x3C : nil
            if let opener {
                let opens = scalars[lower..<upper].filter { $0.value == opener }.count
                let closes = scalars[lower..<upper].filter { $0.value == last }.count
                if closes > opens { upper -= 1; continue }
                break
            }
            if [0x2E, 0x2C, 0x3A, 0x3B, 0x21, 0x3F, 0x22, 0x27, 0x2A].contains(last) { upper -= 1; continue }
            break
        }
        return lower..<upper
    }

    mutating func chunk(_ range: Range<Int>) {
        guard range.count >= 4 else { return }
        let value = text(range)
        var letters = 0, dots = 0
        for scalar in scalars[range] {
            if Self.isASCIILetter(scalar) { letters += 1 } else if scalar == "." { dots += 1 }
        }
        // Digits and punctuation only: phone numbers and amounts are read apart; IPv4 here.
        if letters == 0 {
            if dots == 3, !isVersion(before: range.lowerBound), let ip = try? canonicalizer.canonicalize(.ip, value) {
                add(ip, range, take: true)
            }
            return
        }
        guard let detection = canonicalizer.identify(value, country: country), let indicator = detection.indicator else { return }
        switch indicator.kind {
        case .url, .email, .wallet, .bankAccount:
            add(indicator, range, take: true)
        case .ip:
            if !isVersion(before: range.lowerBound) { add(indicator, range, take: true) }
        case .domain:
            let defanged = value.contains("[") || value.contains("(")
            let suffix = indicator.value.split(separator: ".").last.map(String.init) ?? ""
            let registrable = indicator.details.registrableDomain ?? indicator.value
            let multiLabelSuffix = registrable.split(separator: ".").count > 2
            if defanged || multiLabelSuffix || Self.bareDomainSuffixes.contains(suffix) { add(indicator, range, take: true) }
        case .handle:
            // `@name` alone names no platform; `tg:name` and links do.
            add(indicator, range, take: true)
        case .phone, .card:
            return
        }
    }

    /// Whether the word before `position` (in the same run or the one before) says a version or
    /// build number follows: `v1.2.3.4`, `version 10.0.0.1`, `build 2.1.0.7`.
    func isVersion(before position: Int) -> Bool {
        let before = lowerWordsBefore(position, count: 1)
        return before.contains { ["v", "ver", "version", "build", "release", "firmware", "update", "versi", "phiên", "版本"].contains($0) }
    }

    /// The last `count` words before `position`, lower-cased (letters only).
    func lowerWordsBefore(_ position: Int, count: Int) -> [String] {
        var words: [String] = []
        var index = position - 1
        while index >= 0, words.count < count, position - index < 40 {
            while index >= 0, !Self.isLetter(scalars[index]) { index -= 1 }
            var end = index + 1
            if index < 0 { break }
            while index >= 0, Self.isLetter(scalars[index]) { index -= 1 }
            if end - (index + 1) > 20 { end = index + 21 }
            words.append(text((index + 1)..<end).lowercased())
        }
        return words
    }

    // MARK: accounts named by their platform: "Telegram: @invest_mia", "WA 0852-8336-0989", "LINE ID: abc"

    /// Names of platforms as messages write them, including in Chinese, with the platform meant.
    static let platformWords: [String: Platform] = [
        "telegram": .telegram, "tg": .telegram, "tele": .telegram, "whatsapp": .whatsapp, "wa": .whatsapp, "whatsap": .whatsapp,
        "watsap": .whatsapp, "wasap": .whatsapp, "whatsup": .whatsapp, "wasapp": .whatsapp, "wassap": .whatsapp, "line": .line,
        "zalo": .zalo, "signal": .signal, "wechat": .wechat, "weixin": .wechat, "vx": .wechat, "微信": .wechat, "微信号": .wechat,
    ]

    /// The names written in scripts without spaces, which end a run of characters.
    static let spacelessPlatformWords = platformWords.filter { !$0.key.unicodeScalars.allSatisfy(\.isASCII) }

    /// Platform names that are also ordinary words: an account follows only after `:`, `@` or "ID".
    static let ambiguousWords: Set<String> = ["line", "signal", "tele"]

    /// How long the names in Latin letters are, and the last characters of the others: a word
    /// outside both cannot be a name, and is not looked up.
    static let latinNameLengths: ClosedRange<Int> = {
        let lengths = platformWords.keys.filter { $0.unicodeScalars.allSatisfy(\.isASCII) }.map(\.unicodeScalars.count)
        return lengths.min()!...lengths.max()!
    }()
    static let spacelessNameEnds = Set(spacelessPlatformWords.keys.map { $0.unicodeScalars.last!.value })

    mutating func platformAccounts() {
        var index = 0
        while index < scalars.count {
            guard Self.isLetter(scalars[index]) else { index += 1; continue }
            var end = index
            let latin = Self.isASCIILetter(scalars[index])
            while end < scalars.count, Self.isLetter(scalars[end]), Self.isASCIILetter(scalars[end]) == latin { end += 1 }
            // A word is all ASCII letters or none: only the first can be a name in Latin letters.
            guard latin ? Self.latinNameLengths.contains(end - index) : Self.spacelessNameEnds.contains(scalars[end - 1].value) else {
                index = end
                continue
            }
            let word = text(index..<end).lowercased()
            // In Chinese the name ends a run of characters: 加微信 ("add WeChat").
            let named = Self.platformWords[word] ?? (latin ? nil : Self.spacelessPlatformWords.first { word.hasSuffix($0.key) }?.value)
            if let platform = named, index == 0 || !Self.isLetter(scalars[index - 1]) || !latin {
                account(after: end, platform: platform, strict: Self.ambiguousWords.contains(word))
            }
            index = end
        }
    }

    mutating func account(after position: Int, platform: Platform, strict: Bool) {
        var index = position
        var marked = false
        // Separators: spaces, ':', '：', ';', '=', '-', '/', and an optional "ID" or "号".
        func skipSeparators() {
            while index < scalars.count, " :：;=-/.\u{00A0}".unicodeScalars.contains(scalars[index]) {
                if scalars[index] != " " && scalars[index] != "\u{00A0}" { marked = true }
                index += 1
            }
        }
        skipSeparators()
        if index + 1 < scalars.count, text(index..<(index + 2)).lowercased() == "id",
           index + 2 >= scalars.count || !Self.isASCIILetter(scalars[index + 2]) {
            index += 2
            marked = true
            skipSeparators()
        }
        guard index < scalars.count else { return }
        if scalars[index] == "@" { marked = true }
        if strict && !marked { return }
        // The account: a phone number for the platforms named by one, else a name.
        let start = index
        if platform.acceptsPhone, scalars[index] == "+" || Self.isDigit(scalars[index]) {
            var end = index + 1
            while end < scalars.count, Self.isDigit(scalars[end]) || (" -.()".unicodeScalars.contains(scalars[end]) && end + 1 < scalars.count && Self.isDigit(scalars[end + 1])) {
                end += 1
            }
            if let handle = try? canonicalizer.canonicalize(.handle, text(start..<end), platform: platform.rawValue, country: country) {
                add(handle, start..<end)
            }
            return
        }
        var end = index + (scalars[index] == "@" ? 1 : 0)
        while end < scalars.count, Self.isASCIILetter(scalars[end]) || Self.isDigit(scalars[end]) && scalars[end].isASCII || "_.-~".unicodeScalars.contains(scalars[end]) {
            end += 1
        }
        while end > start, ".-".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
        guard end - start >= 2 else { return }
        if let handle = try? canonicalizer.canonicalize(.handle, text(start..<end), platform: platform.rawValue, country: country) {
            add(handle, start..<end, take: true)
        }
    }

    // MARK: IBANs written in groups: "DE89 3704 0044 0532 0130 00"

    mutating func ibans() {
        var index = 0
        while index + 4 <= scalars.count {
            let a = scalars[index], b = scalars[index + 1]
            guard (0x41...0x5A).contains(a.value), (0x41...0x5A).contains(b.value), scalars[index + 2].isASCIIDigit, scalars[index + 3].isASCIIDigit,
                  index == 0 || !Self.isLetter(scalars[index - 1]) && !Self.isDigit(scalars[index - 1]) else { index += 1; continue }
            var end = index + 4
            var count = 4
            while end < scalars.count, count < 34 {
                if scalars[end].isIBANCharacter { end += 1; count += 1; continue }
                if scalars[end] == " " || scalars[end] == "-", end + 1 < scalars.count, scalars[end + 1].isIBANCharacter { end += 1; continue }
                break
            }
            let range = index..<end
            if count >= 15, !isTaken(range), let account = try? canonicalizer.canonicalize(.bankAccount, text(range)) {
                add(account, range, take: true)
                index = end
            } else {
                index += 1
            }
        }
    }

    // MARK: phone numbers and cards: runs of digits with the punctuation numbers are written with

    /// Words after which a number is not a phone number: references, amounts, codes.
    static let notPhoneWords: Set<String> = [
        "order", "invoice", "ref", "reference", "tracking", "awb", "no", "nr", "number", "id", "code", "pin", "otp", "account",
        "acct", "a", "c", "booking", "ticket", "case", "policy", "serial", "receipt", "transaction", "trx", "txn", "kode",
        "nomor", "resi", "pesanan", "rekening", "mã", "đơn", "số", "订单", "单号", "编号", "验证码", "账号", "卡号",
        "rp", "idr", "usd", "eur", "gbp", "vnd", "thb", "php", "inr", "cny", "rmb", "yuan", "won", "baht", "dong",
    ]
    /// Words that say a phone number follows, which win over the ones above ("call our number").
    static let phoneWords: Set<String> = [
        "call", "tel", "telp", "phone", "mobile", "hotline", "ring", "text", "sms", "whatsapp", "wa", "contact", "hub",
        "hubungi", "telepon", "hp", "gọi", "điện", "thoại", "sđt", "zalo", "电话", "致电", "拨打", "手机", "联系",
    ]

    mutating func digitRuns() {
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let startsNumber = Self.isDigit(scalar) || (scalar == "+" || scalar == "\u{FF0B}" || scalar == "(") && index + 1 < scalars.count && Self.isDigit(scalars[index + 1])
            guard startsNumber, index == 0 || !Self.isLetter(scalars[index - 1]) || !scalars[index - 1].isASCII else { index += 1; continue }
            if index > 0, Self.isDigit(scalars[index - 1]) { index += 1; continue }
            var end = index + 1
            var digits = Self.isDigit(scalar) ? 1 : 0
            var groups: [Int] = [digits]
            var separators = Set<UInt32>()
            while end < scalars.count {
                let next = scalars[end]
                if Self.isDigit(next) { digits += 1; groups[groups.count - 1] += 1; end += 1; continue }
                // One separator (or ") " / " (") between digits.
                var gap = end
                while gap < scalars.count, gap - end < 3, " -.()/\u{00A0}".unicodeScalars.contains(scalars[gap]) || scalars[gap].isInvisible { gap += 1 }
                if gap > end, gap < scalars.count, Self.isDigit(scalars[gap]) {
                    for s in scalars[end..<gap] where s != "(" && s != ")" && !s.isInvisible { separators.insert(s.value) }
                    groups.append(0)
                    end = gap
                    continue
                }
                if next == ")" { end += 1 }
                break
            }
            let range = index..<end
            defer { index = end }
            // A number glued to letters is a code, not a phone.
            if end < scalars.count, Self.isLetter(scalars[end]), scalars[end].isASCII { continue }
            if isTaken(range) { continue }
            if (13...19).contains(digits), canonicalizer.cardKey != nil, let card = try? canonicalizer.canonicalize(.card, text(range)),
               card.details.partial != true {
                add(card, range)
                continue
            }
            guard (7...15).contains(digits) else { continue }
            if looksLikeAmountOrDate(groups: groups, separators: separators) { continue }
            if index > 0, "$£€¥₫₹₱฿".unicodeScalars.contains(scalars[index - 1]) { continue }
            let before = lowerWordsBefore(index, count: 2)
            if !before.contains(where: { Self.matches($0, Self.phoneWords) }), let nearest = before.first, Self.matches(nearest, Self.notPhoneWords) {
                continue
            }
            if index > 0, scalars[index - 1] == "#" { continue }
            let written = String(String.UnicodeScalarView(scalars[range].filter { !$0.isInvisible }))
            if let phone = try? canonicalizer.canonicalize(.phone, written, country: country) {
                add(phone, range)
            }
        }
    }

    /// Whether `word` is one of `words`, or, in a script written without spaces, ends with one.
    static func matches(_ word: String, _ words: Set<String>) -> Bool {
        if words.contains(word) { return true }
        guard word.unicodeScalars.contains(where: { TextFeatures.role($0) == .spaceless }) else { return false }
        return words.contains { !$0.unicodeScalars.allSatisfy(\.isASCII) && word.hasSuffix($0) }
    }

    /// `150.000.000`, `1,250,000`, `2026-11-23`, `23/11/2026`: not phone numbers.
    func looksLikeAmountOrDate(groups: [Int], separators: Set<UInt32>) -> Bool {
        if separators == [0x2E] || separators == [0x2C], groups.count >= 2, groups.dropFirst().allSatisfy({ $0 == 3 }), groups[0] <= 3 {
            return true
        }
        if separators == [0x2D] || separators == [0x2F] || separators == [0x2E], groups.count == 3 {
            let g = groups
            if g[0] == 4 && g[1] <= 2 && g[2] <= 2 { return true }
            if g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2) { return true }
        }
        return false
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
    /// A digit or an upper-case ASCII letter.
    var isIBANCharacter: Bool { isASCIIDigit || (0x41...0x5A).contains(value) }
    /// Zero-width and direction-control characters, read as nothing inside a number.
    var isInvisible: Bool { TextFeatures.invisible(self) }
}
