import Foundation

/// A host name in canonical form: lower case, IDNA (Punycode) labels, no trailing dot; with its
/// registrable domain under the Public Suffix List.
public struct DomainName: Hashable, Sendable {
    public let name: String
    public let registrableDomain: String
    /// The registrable domain is a shared platform (`t.me`, `bit.ly`…): it never links on its own.
    public var isPlatformHost: Bool { PlatformHosts.contains(registrableDomain) || PlatformHosts.contains(name) }

    public static func parse(_ text: String, suffixes: PublicSuffixList = .embedded) throws(IndicatorError) -> DomainName {
        let name = try canonicalHost(text, kind: .domain, suffixes: suffixes)
        guard let registrable = suffixes.registrableDomain(of: name) else {
            throw IndicatorError(.domain, "\(name) is a public suffix (like com or co.uk): nobody registers it as a whole")
        }
        return DomainName(name: name, registrableDomain: registrable)
    }

    /// Lower-cases, maps Unicode to IDNA ASCII and checks every label. `kind` names the indicator
    /// in errors (a URL's host fails as a URL).
    static func canonicalHost(_ text: String, kind: IndicatorKind, suffixes: PublicSuffixList) throws(IndicatorError) -> String {
        let name: String
        if let ascii = asciiLowercased(text) { name = ascii } else { name = try unicodeToASCII(text, kind: kind) }
        try validate(name, kind: kind, suffixes: suffixes)
        return name
    }

    /// The common case, plain ASCII with nothing to refang: trimmed, one trailing dot dropped and
    /// lower-cased in one pass. Nil sends the value through the Unicode path.
    private static func asciiLowercased(_ text: String) -> String? {
        var copy = text
        return copy.withUTF8 { bytes -> String? in
            var start = 0, end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
            if end > start, bytes[end - 1] == 0x2E { end -= 1 }
            for i in start..<end {
                let byte = bytes[i]
                if byte >= 0x80 || byte == 0x5B || byte == 0x28 || byte == 0x7B { return nil }  // Unicode or defanged
            }
            return String(unsafeUninitializedCapacity: end - start) { out in
                for i in start..<end {
                    let byte = bytes[i]
                    out[i - start] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return end - start
            }
        }
    }

    /// UTS #46 in brief: refang, compatibility-normalise, lower-case, then Punycode each label.
    private static func unicodeToASCII(_ text: String, kind: IndicatorKind) throws(IndicatorError) -> String {
        var host = Defang.refang(text.trimmingWhitespace())
        if host.hasSuffix(".") { host.removeLast() }
        if host.utf8.allSatisfy({ $0 < 0x80 }) { return host.lowercased() }
        let mapped = host.precomposedStringWithCompatibilityMapping.lowercased()
            .replacingOccurrences(of: "\u{3002}", with: ".").replacingOccurrences(of: "\u{FF0E}", with: ".")
            .replacingOccurrences(of: "\u{FF61}", with: ".")
        var labels: [String] = []
        for label in mapped.split(separator: ".", omittingEmptySubsequences: false) {
            guard label.unicodeScalars.allSatisfy({ $0.isASCII || $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark || $0.properties.numericType == .decimal }) else {
                throw IndicatorError(kind, "label '\(label)' holds characters a domain name cannot contain")
            }
            guard let ascii = Punycode.toASCII(label: String(label)) else {
                throw IndicatorError(kind, "label '\(label)' cannot be written in Punycode")
            }
            labels.append(ascii)
        }
        return labels.joined(separator: ".")
    }

    /// The rules every canonical host name keeps, checked on its bytes.
    private static func validate(_ name: String, kind: IndicatorKind, suffixes: PublicSuffixList) throws(IndicatorError) {
        if name.isEmpty { throw IndicatorError(kind, "empty host name") }
        if name.utf8.count > 253 { throw IndicatorError(kind, "host name longer than 253 characters") }
        var copy = name
        let problem = copy.withUTF8 { bytes -> String? in
            var labelStart = 0
            var labels = 0
            var tldIsNumeric = true
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x2E {
                let label = UnsafeBufferPointer(rebasing: bytes[labelStart..<end])
                labels += 1
                if label.isEmpty { return "empty label (two dots in a row)" }
                let text = String(decoding: label, as: UTF8.self)
                if label.count > 63 { return "label '\(text.prefix(20))…' is longer than 63 characters" }
                tldIsNumeric = true
                for byte in label {
                    let ok = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
                    if !ok {
                        let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "white space or a control character"
                        return "contains \(shown), which a host name cannot contain"
                    }
                    if byte < 0x30 || byte > 0x39 { tldIsNumeric = false }
                }
                if label.first == 0x2D || label.last == 0x2D { return "label '\(text)' starts or ends with a hyphen" }
                if label.count > 4, label[0] == 0x78, label[1] == 0x6E, label[2] == 0x2D, label[3] == 0x2D,
                   Punycode.decode(String(text.dropFirst(4))) == nil {
                    return "label '\(text)' is not valid Punycode"
                }
                labelStart = end + 1
            }
            if labels < 2 { return "'\(name)' has no top-level domain (like .com or .vn)" }
            if tldIsNumeric { return "'\(name)' ends in a number: an IP address is not a domain" }
            return nil
        }
        if let problem { throw IndicatorError(kind, problem) }
        let tld = name.utf8.lastIndex(of: 0x2E).map { String(name[name.index(after: $0)...]) } ?? name
        guard suffixes.isKnownTopLevel(tld) else {
            throw IndicatorError(kind, "unknown top-level domain .\(tld)")
        }
    }

    /// The host for display, with Punycode labels shown in Unicode: what a victim saw.
    public var unicodeName: String { Self.unicode(name) }

    /// `xn--80ak6aa92e.com` shown as `аррӏе.com`, to expose look-alike (homoglyph) domains.
    public static func unicode(_ host: String) -> String {
        host.split(separator: ".").map { Punycode.toUnicode(label: String($0)) }.joined(separator: ".")
    }
}
