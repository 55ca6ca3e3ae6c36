/// A URL in canonical form: scheme and host lower-cased, IDNA (Punycode) host, default port,
/// user information and fragment removed, dot segments resolved, percent-escapes in upper case and
/// characters outside URL syntax percent-encoded. Scheme-less input (`bit.ly/abc`) is read as
/// `http://`. Defanged input (`hxxp://evil[.]com`) is read back.
public struct WebURL: Hashable, Sendable {
    public let text: String
    public let scheme: String
    /// The host: a canonical domain name, an IPv4 address or a bracketed IPv6 address.
    public let host: String
    public let path: String
    public let query: String?
    /// The fragment of the input, kept for reading indicators out of links such as
    /// `signal.me/#p/+…`; never part of `text`.
    public let fragment: String?

    private static let defaultPorts = ["http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443]

    public static func parse(_ input: String, suffixes: PublicSuffixList = .embedded) throws(IndicatorError) -> WebURL {
        // The delimiters are ASCII: searched for in the UTF-8 bytes, not as characters.
        var rest = Substring(Defang.refang(input.trimmingWhitespace()))
        if rest.isEmpty { throw IndicatorError(.url, "empty URL") }
        if rest.utf8.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) { throw IndicatorError(.url, "contains white space") }
        var scheme = "http"
        let firstColon = rest.utf8.firstIndex(of: 0x3A)
        if let colon = firstColon, rest.utf8[colon...].starts(with: "://".utf8) {
            scheme = rest[..<colon].lowercased()
            guard ["http", "https", "ftp", "ftps", "ws", "wss"].contains(scheme) else {
                throw IndicatorError(.url, "scheme '\(scheme)' is not a web address (http, https, ftp, ws)")
            }
            rest = rest[rest.utf8.index(colon, offsetBy: 3)...]
        } else if rest.utf8.starts(with: "//".utf8) {
            rest = rest[rest.utf8.index(rest.startIndex, offsetBy: 2)...]
        } else if let colon = firstColon, !rest.utf8[..<colon].contains(where: { $0 == 0x2F || $0 == 0x2E }),
                  rest[..<colon].first?.isLetter == true,
                  !rest.utf8[rest.utf8.index(after: colon)...].prefix(while: { $0 != 0x2F }).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // `javascript:…`, `data:…`: a scheme without `//`, not a host with a port.
            throw IndicatorError(.url, "scheme '\(rest[..<colon].lowercased())' is not a web address (http, https, ftp, ws)")
        }
        var fragment: String?
        if let hash = rest.utf8.firstIndex(of: 0x23) {
            fragment = String(rest[rest.utf8.index(after: hash)...])
            rest = rest[..<hash]
        }
        let authorityEnd = rest.utf8.firstIndex(where: { $0 == 0x2F || $0 == 0x3F }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let afterAuthority = rest[authorityEnd...]
        if let at = authority.utf8.lastIndex(of: 0x40) { authority = authority[authority.utf8.index(after: at)...] }
        var hostText = authority
        var port: Int?
        if authority.utf8.first == 0x5B {
            guard let close = authority.utf8.firstIndex(of: 0x5D) else { throw IndicatorError(.url, "unclosed '[' in the host") }
            hostText = authority[...close]
            let tail = authority[authority.utf8.index(after: close)...]
            if !tail.isEmpty {
                guard tail.utf8.first == 0x3A else { throw IndicatorError(.url, "unexpected text after the IPv6 host") }
                port = try parsePort(tail.dropFirst())
            }
        } else if let colon = authority.utf8.lastIndex(of: 0x3A) {
            hostText = authority[..<colon]
            port = try parsePort(authority[authority.utf8.index(after: colon)...])
        }
        if hostText.isEmpty { throw IndicatorError(.url, "no host") }
        let host: String
        if hostText.utf8.first == 0x5B {
            let ip = try rethrow(.url) { () throws(IndicatorError) in try IPAddress.parse(String(hostText)) }
            host = "[\(ip.text)]"
        } else if hostText.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) {
            host = try rethrow(.url) { () throws(IndicatorError) in try IPAddress.parse(String(hostText)).text }
        } else {
            host = try DomainName.canonicalHost(String(hostText), kind: .url, suffixes: suffixes)
        }
        var pathPart = afterAuthority
        var query: String?
        if let question = afterAuthority.utf8.firstIndex(of: 0x3F) {
            pathPart = afterAuthority[..<question]
            query = encode(afterAuthority[afterAuthority.utf8.index(after: question)...], keeping: queryCharacters)
        }
        let path = removeDotSegments(encode(pathPart.isEmpty ? "/" : pathPart, keeping: pathCharacters))
        var text = scheme + "://" + host
        if let port, port != defaultPorts[scheme] { text += ":\(port)" }
        text += path
        if let query { text += "?" + query }
        return WebURL(text: text, scheme: scheme, host: host, path: path, query: query, fragment: fragment)
    }

    private static func parsePort(_ text: Substring) throws(IndicatorError) -> Int? {
        if text.isEmpty { return nil }
        guard text.allSatisfy(\.isASCIIDigit), let port = Int(text), port > 0, port <= 65535 else {
            throw IndicatorError(.url, "port '\(text)' is not a number from 1 to 65535")
        }
        return port
    }

    private static func rethrow<T>(_ kind: IndicatorKind, _ body: () throws(IndicatorError) -> T) throws(IndicatorError) -> T {
        do { return try body() } catch { throw IndicatorError(kind, "host: \(error.reason)") }
    }

    private static let unreserved = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let pathCharacters = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")
    private static let queryCharacters = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?")

    /// Percent-encodes what may not stand in this part of a URL, upper-cases existing escapes and
    /// decodes escapes of unreserved characters (RFC 3986 §6.2.2).
    private static func encode(_ text: Substring, keeping allowed: ByteSet) -> String {
        // Most paths need nothing done: only allowed characters, no escapes.
        if text.utf8.allSatisfy({ allowed.contains($0) }) { return String(text) }
        let hex = Array("0123456789ABCDEF".utf8)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x25, i + 2 < bytes.count, let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                if unreserved.contains(value) {
                    out.append(value)
                } else {
                    out += [0x25, hex[Int(value >> 4)], hex[Int(value & 15)]]
                }
                i += 3
                continue
            }
            if allowed.contains(byte) {
                out.append(byte)
            } else {
                out += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 §5.2.4.
    private static func removeDotSegments(_ path: String) -> String {
        guard path.utf8.indices.contains(where: { path.utf8[$0] == 0x2F && path.utf8.index(after: $0) < path.utf8.endIndex && path.utf8[path.utf8.index(after: $0)] == 0x2E }) else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".": if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default: output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/")
    }
}

/// A set of bytes as a 256-bit table: one load per membership test.
struct ByteSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ characters: String) {
        for byte in characters.utf8 { insert(byte) }
    }

    private mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }
}
