/// An account on a messaging or social platform: `telegram:invest_mia`. Read from `@name`, from
/// `platform:name` or `Platform @name`, from links (`t.me/…`, `wa.me/…`, `instagram.com/…`) or as
/// plain text with the platform given apart. Names are case-folded where the platform ignores
/// case; accounts that are phone numbers (WhatsApp, Zalo, Signal…) are kept in E.164 and also
/// yield the phone number.
public struct Handle: Hashable, Sendable {
    public let platform: Platform
    public let account: String
    /// The phone number the account is, where it is one.
    public let phone: PhoneNumber?

    /// `platform:account`.
    public var canonical: String { platform.rawValue + ":" + account }

    public static func parse(
        _ text: String, platform named: String? = nil, defaultRegion: String? = nil, suffixes: PublicSuffixList = .embedded
    ) throws(IndicatorError) -> Handle {
        var platform: Platform?
        if let named {
            guard let known = Platform(loose: named) else {
                throw IndicatorError(.handle, "unknown platform '\(named)': use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            platform = known
        }
        var value = text.trimmingWhitespace()
        // A link to a profile.
        if value.contains("/") || value.lowercased().hasPrefix("wa.me") {
            if let url = try? WebURL.parse(value, suffixes: suffixes) {
                guard let handle = try fromURL(url, defaultRegion: defaultRegion) else {
                    throw IndicatorError(.handle, "this link does not name an account")
                }
                if let platform, platform != handle.platform {
                    throw IndicatorError(.handle, "this is a \(handle.platform.displayName) link, not \(platform.displayName)")
                }
                return handle
            }
        }
        // `telegram:@name`, `Telegram @name`, `tg: name`.
        if let split = value.firstIndex(where: { $0 == ":" || $0 == " " }), let prefixed = Platform(loose: String(value[..<split])) {
            if let platform, platform != prefixed {
                throw IndicatorError(.handle, "the value names \(prefixed.displayName), not \(platform.displayName)")
            }
            platform = prefixed
            value = value[value.index(after: split)...].trimmingWhitespace()
        }
        guard let platform else {
            throw IndicatorError(.handle, "which platform? give it (telegram, whatsapp, facebook, …) or write platform:name")
        }
        return try make(platform, value, defaultRegion: defaultRegion)
    }

    static func make(_ platform: Platform, _ raw: String, defaultRegion: String?) throws(IndicatorError) -> Handle {
        var name = raw.trimmingWhitespace()
        if name.hasPrefix("@") { name.removeFirst() }
        if name.isEmpty { throw IndicatorError(.handle, "empty account name") }
        let looksLikePhone = name.hasPrefix("+") || (name.count >= 7 && name.allSatisfy { $0.isASCIIDigit || $0 == " " || $0 == "-" || $0 == "(" || $0 == ")" })
        if platform.acceptsPhone && looksLikePhone {
            let region = defaultRegion ?? (platform == .zalo ? "VN" : nil)
            let phone: PhoneNumber
            do { phone = try PhoneNumber.parse(name, defaultRegion: region) } catch {
                if platform == .zalo, name.count >= 12, name.allSatisfy(\.isASCIIDigit) {
                    return Handle(platform: .zalo, account: name, phone: nil)  // a Zalo numeric id
                }
                throw IndicatorError(.handle, "\(platform.displayName) number: \(error.reason)")
            }
            return Handle(platform: platform, account: phone.e164, phone: phone)
        }
        let lower = name.lowercased()
        func check(_ ok: Bool, _ rule: String) throws(IndicatorError) {
            if !ok { throw IndicatorError(.handle, "not a valid \(platform.displayName) name: \(rule)") }
        }
        func only(_ allowed: String) -> Bool { lower.unicodeScalars.allSatisfy { $0.isASCII && allowed.unicodeScalars.contains($0) } }
        let alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
        let startsWithLetter = lower.first.map { $0.isASCII && $0.isLetter } ?? false
        switch platform {
        case .whatsapp:
            throw IndicatorError(.handle, "a WhatsApp account is a phone number")
        case .telegram:
            try check(only(alnum + "_"), "letters, digits and _ only")
            try check(startsWithLetter, "starts with a letter")
            try check((4...32).contains(lower.count), "4 to 32 characters")
            return Handle(platform: platform, account: lower, phone: nil)
        case .facebook:
            if name.allSatisfy(\.isASCIIDigit) { return Handle(platform: platform, account: name, phone: nil) }
            try check(only(alnum + "."), "letters, digits and dots only")
            // Facebook ignores case and dots in user names.
            let account = lower.replacingOccurrences(of: ".", with: "")
            try check((5...50).contains(account.count), "5 to 50 characters")
            return Handle(platform: platform, account: account, phone: nil)
        case .instagram:
            try check(only(alnum + "._"), "letters, digits, . and _ only")
            try check((1...30).contains(lower.count), "1 to 30 characters")
        case .x:
            try check(only(alnum + "_"), "letters, digits and _ only")
            try check((1...15).contains(lower.count), "1 to 15 characters")
        case .tiktok:
            try check(only(alnum + "._"), "letters, digits, . and _ only")
            try check((2...24).contains(lower.count), "2 to 24 characters")
        case .line:
            try check(only(alnum + "._-~@"), "letters, digits, ., _ and - only")
            let account = lower.trimmingPrefix { $0 == "~" || $0 == "@" }
            try check((1...20).contains(account.count), "1 to 20 characters")
            return Handle(platform: platform, account: String(account), phone: nil)
        case .wechat:
            try check(only(alnum + "_-"), "letters, digits, _ and - only")
            try check(startsWithLetter, "starts with a letter")
            try check((6...20).contains(lower.count), "6 to 20 characters")
        case .zalo:
            throw IndicatorError(.handle, "a Zalo account is a phone number or a numeric Zalo id")
        case .signal:
            // Signal user names: a nickname, a dot and at least two digits.
            let parts = lower.split(separator: ".")
            try check(parts.count == 2 && parts[1].count >= 2 && parts[1].allSatisfy(\.isASCIIDigit), "nickname.NN (a dot and two or more digits)")
            try check(only(alnum + "._") && (3...32).contains(parts[0].count), "3 to 32 letters, digits or _ before the dot")
        case .discord:
            if name.allSatisfy(\.isASCIIDigit), (17...20).contains(name.count) { return Handle(platform: platform, account: name, phone: nil) }
            try check(only(alnum + "._#"), "letters, digits, . and _ only")
            try check((2...37).contains(lower.count), "2 to 32 characters")
        case .snapchat:
            try check(only(alnum + "._-"), "letters, digits, ., _ and - only")
            try check(startsWithLetter, "starts with a letter")
            try check((3...15).contains(lower.count), "3 to 15 characters")
        }
        return Handle(platform: platform, account: lower, phone: nil)
    }

    /// Hosts whose links can name an account.
    static let profileHosts: Set<String> = [
        "t.me", "telegram.me", "telegram.dog", "wa.me", "api.whatsapp.com", "whatsapp.com", "web.whatsapp.com",
        "facebook.com", "m.facebook.com", "fb.com", "web.facebook.com", "mbasic.facebook.com", "m.me", "instagram.com",
        "m.instagram.com", "x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com", "tiktok.com", "m.tiktok.com", "line.me",
        "zalo.me", "signal.me", "discord.com", "discordapp.com", "snapchat.com", "story.snapchat.com",
    ]

    /// The account a platform link names, or nil for links that name none (a group invite, a
    /// shortened link, a platform's own pages).
    public static func fromURL(_ url: WebURL, defaultRegion: String? = nil) throws(IndicatorError) -> Handle? {
        let host = url.host.hasPrefix("www.") ? String(url.host.dropFirst(4)) : url.host
        guard profileHosts.contains(host) else { return nil }
        let segments = url.path.split(separator: "/").map { String($0).removingPercentEncodingSafely() }
        let first = segments.first ?? ""
        func queryValue(_ key: String) -> String? {
            url.query?.split(separator: "&").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)).removingPercentEncodingSafely() }
        }
        switch host {
        case "t.me", "telegram.me", "telegram.dog":
            var name = first
            if name == "s", segments.count > 1 { name = segments[1] }
            if name.hasPrefix("+"), name.dropFirst().allSatisfy(\.isASCIIDigit) {
                return try make(.telegram, name, defaultRegion: defaultRegion)
            }
            let reserved: Set<String> = ["joinchat", "addstickers", "addemoji", "share", "proxy", "socks", "iv", "c", "login", "setlanguage", "addlist", "boost", "contact"]
            if name.isEmpty || name.hasPrefix("+") || reserved.contains(name.lowercased()) { return nil }
            return try make(.telegram, name, defaultRegion: defaultRegion)
        case "wa.me":
            guard !first.isEmpty, first != "message", first != "qr", first != "c" else { return nil }
            return try make(.whatsapp, first.hasPrefix("+") ? first : "+" + first, defaultRegion: defaultRegion)
        case "api.whatsapp.com", "whatsapp.com", "web.whatsapp.com":
            guard let phone = queryValue("phone"), !phone.isEmpty else { return nil }
            return try make(.whatsapp, phone.hasPrefix("+") ? phone : "+" + phone, defaultRegion: defaultRegion)
        case "facebook.com", "m.facebook.com", "fb.com", "web.facebook.com", "mbasic.facebook.com", "m.me":
            if first == "profile.php", let id = queryValue("id"), id.allSatisfy(\.isASCIIDigit), !id.isEmpty {
                return Handle(platform: .facebook, account: id, phone: nil)
            }
            let reserved: Set<String> = ["groups", "pages", "events", "share", "watch", "marketplace", "login", "help", "photo", "photo.php", "story.php", "permalink.php", "profile.php", "people", "hashtag", "reel", "stories", "gaming", "messages", "notifications", "settings", "privacy", "policies", "l.php", "sharer", "sharer.php", "dialog", "plugins", "ads", "business", "tr", "home.php"]
            if first.isEmpty || reserved.contains(first.lowercased()) { return nil }
            return try make(.facebook, first, defaultRegion: defaultRegion)
        case "instagram.com", "m.instagram.com":
            let reserved: Set<String> = ["p", "reel", "reels", "stories", "explore", "accounts", "tv", "direct", "about", "legal", "developer", "web"]
            if first.isEmpty || reserved.contains(first.lowercased()) { return nil }
            return try make(.instagram, first, defaultRegion: defaultRegion)
        case "x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com":
            let reserved: Set<String> = ["i", "home", "search", "hashtag", "intent", "share", "explore", "settings", "messages", "notifications", "login", "signup", "tos", "privacy", "compose"]
            if first.isEmpty || reserved.contains(first.lowercased()) { return nil }
            return try make(.x, first, defaultRegion: defaultRegion)
        case "tiktok.com", "m.tiktok.com":
            guard first.hasPrefix("@") else { return nil }
            return try make(.tiktok, first, defaultRegion: defaultRegion)
        case "line.me":
            // line.me/ti/p/~id (personal), line.me/R/ti/p/@id (official account)
            if let p = segments.firstIndex(of: "p"), p + 1 < segments.count, segments[..<p].contains("ti") {
                return try make(.line, segments[p + 1], defaultRegion: defaultRegion)
            }
            return nil
        case "zalo.me":
            guard !first.isEmpty, first != "g", first != "s" else { return nil }
            return try make(.zalo, first, defaultRegion: defaultRegion ?? "VN")
        case "signal.me":
            // signal.me/#p/+15551234567 or signal.me/#eu/… (user-name links are encrypted)
            if let fragment = url.fragment, fragment.hasPrefix("p/") {
                return try make(.signal, String(fragment.dropFirst(2)), defaultRegion: defaultRegion)
            }
            return nil
        case "discord.com", "discordapp.com":
            if first == "users", segments.count > 1 { return try make(.discord, segments[1], defaultRegion: defaultRegion) }
            return nil
        case "snapchat.com", "story.snapchat.com":
            if first == "add", segments.count > 1 { return try make(.snapchat, segments[1], defaultRegion: defaultRegion) }
            return nil
        default:
            return nil
        }
    }
}

extension String {
    /// Percent-decoding that leaves the text as it is when it is not valid UTF-8.
    func removingPercentEncodingSafely() -> String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == 0x25, iterator.count >= 2, let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
