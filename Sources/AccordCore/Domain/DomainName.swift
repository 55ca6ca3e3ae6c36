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
        var host = Defang.refang(text.trimmingWhitespace())
        if host.hasSuffix(".") { host.removeLast() }
        if host.isEmpty { throw IndicatorError(kind, "empty host name") }
        var labels: [String]
        if host.utf8.allSatisfy({ $0 < 0x80 }) {
            labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        } else {
            // UTS #46 in brief: compatibility-normalise, lower-case, then Punycode each label.
            let mapped = host.precomposedStringWithCompatibilityMapping.lowercased()
                .replacingOccurrences(of: "\u{3002}", with: ".").replacingOccurrences(of: "\u{FF0E}", with: ".")
                .replacingOccurrences(of: "\u{FF61}", with: ".")
            labels = []
            for label in mapped.split(separator: ".", omittingEmptySubsequences: false) {
                guard label.unicodeScalars.allSatisfy({ $0.isASCII || $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark || $0.properties.numericType == .decimal }) else {
                    throw IndicatorError(kind, "label '\(label)' holds characters a domain name cannot contain")
                }
                guard let ascii = Punycode.toASCII(label: String(label)) else {
                    throw IndicatorError(kind, "label '\(label)' cannot be written in Punycode")
                }
                labels.append(ascii)
            }
        }
        let name = labels.joined(separator: ".")
        if name.utf8.count > 253 { throw IndicatorError(kind, "host name longer than 253 characters") }
        guard labels.count >= 2 else { throw IndicatorError(kind, "'\(name)' has no top-level domain (like .com or .vn)") }
        for label in labels {
            if label.isEmpty { throw IndicatorError(kind, "empty label (two dots in a row)") }
            if label.utf8.count > 63 { throw IndicatorError(kind, "label '\(label.prefix(20))…' is longer than 63 characters") }
            for byte in label.utf8 {
                let ok = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
                if !ok {
                    let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "white space or a control character"
                    throw IndicatorError(kind, "contains \(shown), which a host name cannot contain")
                }
            }
            if label.hasPrefix("-") || label.hasSuffix("-") { throw IndicatorError(kind, "label '\(label)' starts or ends with a hyphen") }
            if label.hasPrefix("xn--"), Punycode.decode(String(label.dropFirst(4))) == nil {
                throw IndicatorError(kind, "label '\(label)' is not valid Punycode")
            }
        }
        let tld = labels.last!
        if tld.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw IndicatorError(kind, "'\(name)' ends in a number: an IP address is not a domain")
        }
        guard suffixes.isKnownTopLevel(tld) else {
            throw IndicatorError(kind, "unknown top-level domain .\(tld)")
        }
        return name
    }

    /// The host for display, with Punycode labels shown in Unicode: what a victim saw.
    public var unicodeName: String { Self.unicode(name) }

    /// `xn--80ak6aa92e.com` shown as `аррӏе.com`, to expose look-alike (homoglyph) domains.
    public static func unicode(_ host: String) -> String {
        host.split(separator: ".").map { Punycode.toUnicode(label: String($0)) }.joined(separator: ".")
    }
}
