@testable import AccordCore
import Testing

@Suite("Domains, URLs, e-mail and IP addresses")
struct WebIndicatorTests {
    @Test("registrable domains come from the Public Suffix List, private section included", arguments: [
        ("a.b.scam-site.com", "a.b.scam-site.com", "scam-site.com"),
        ("scam.github.io", "scam.github.io", "scam.github.io"),
        ("login.secure.bank.co.uk", "login.secure.bank.co.uk", "bank.co.uk"),
        ("WWW.Example.COM.", "www.example.com", "example.com"),
        ("shop.example.com.vn", "shop.example.com.vn", "example.com.vn"),
        ("bücher.de", "xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("例子.中国", "xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"),
        ("evil[.]example[.]com", "evil.example.com", "example.com"),
        ("paypal-login.pages.dev", "paypal-login.pages.dev", "paypal-login.pages.dev"),
    ])
    func domains(input: String, name: String, registrable: String) throws {
        let domain = try canonical(.domain, input)
        #expect(domain.value == name)
        #expect(domain.details.registrableDomain == registrable)
    }

    @Test("Punycode round trips RFC 3492's samples")
    func punycode() {
        #expect(Punycode.encode("bücher") == "bcher-kva")
        #expect(Punycode.encode("例子") == "fsqu00a")
        #expect(Punycode.decode("bcher-kva") == "bücher")
        #expect(Punycode.decode("ihqwcrb4cv8a8dqg056pqjye") == "他们为什么不说中文")
        #expect(Punycode.encode("他们为什么不说中文") == "ihqwcrb4cv8a8dqg056pqjye")
        #expect(Punycode.decode("b1abfaaepdrnnbgefbaDotcwatmq2g4l") == "почемужеонинеговорятпорусски".replacingOccurrences(of: "D", with: "d"))
    }

    @Test("platform hosts never link on their own")
    func platformHosts() throws {
        #expect(try canonical(.domain, "t.me").details.isPlatformHost == true)
        #expect(try canonical(.domain, "m.facebook.com").details.isPlatformHost == true)
        #expect(try canonical(.domain, "scam-site.com").details.isPlatformHost == false)
    }

    @Test("bad domains are refused with the rule", arguments: [
        ("localhost", "'localhost' has no top-level domain (like .com or .vn)"),
        ("report.pdfx", "unknown top-level domain .pdfx"),
        ("co.uk", "co.uk is a public suffix (like com or co.uk): nobody registers it as a whole"),
        ("-bad.com", "label '-bad' starts or ends with a hyphen"),
        ("a..com", "empty label (two dots in a row)"),
        ("exa mple.com", "contains white space or a control character, which a host name cannot contain"),
        ("1.2.3.4", "'1.2.3.4' ends in a number: an IP address is not a domain"),
        ("bad!.com", "contains '!', which a host name cannot contain"),
    ])
    func domainRejections(input: String, reason: String) {
        #expect(rejection(.domain, input) == reason)
    }

    @Test("URLs are canonicalised", arguments: [
        ("HTTPS://Example.COM:443/a/./b/../c?x=1#frag", "https://example.com/a/c?x=1"),
        ("bit.ly/abc", "http://bit.ly/abc"),
        ("hxxp://evil[.]example[.]com/login", "http://evil.example.com/login"),
        ("http://user:pass@example.com:8080", "http://example.com:8080/"),
        ("https://bücher.de/straße", "https://xn--bcher-kva.de/stra%C3%9Fe"),
        ("http://example.com/%7efoo/%2f", "http://example.com/~foo/%2F"),
        ("http://192.168.0.1/x", "http://192.168.0.1/x"),
        ("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"),
    ])
    func urls(input: String, expected: String) throws {
        #expect(try canonical(.url, input).value == expected)
    }

    @Test("a URL yields its linking domain, or the account a platform link names")
    func urlDerived() throws {
        let plain = try canonical(.url, "https://login.scam-site.com/verify")
        #expect(plain.derived.map(\.description) == ["domain:login.scam-site.com"])
        #expect(plain.derived.first?.details.registrableDomain == "scam-site.com")
        #expect(try canonical(.url, "https://t.me/invest_mia").derived.map(\.description) == ["handle:telegram:invest_mia"])
        let whatsapp = try canonical(.url, "https://wa.me/84912345678")
        #expect(whatsapp.derived.map(\.description) == ["handle:whatsapp:+84912345678"])
        #expect(whatsapp.derived.first?.derived.map(\.description) == ["phone:+84912345678"])
        #expect(try canonical(.url, "https://bit.ly/3xYz").derived.isEmpty)
        #expect(try canonical(.url, "https://t.me/joinchat/AAAA").derived.isEmpty)
    }

    @Test("bad URLs are refused", arguments: [
        ("javascript:alert(1)", "scheme 'javascript' is not a web address (http, https, ftp, ws)"),
        ("http://example.com:99999/", "port '99999' is not a number from 1 to 65535"),
        ("http:///path", "no host"),
        ("http://exa mple.com", "contains white space"),
    ])
    func urlRejections(input: String, reason: String) {
        #expect(rejection(.url, input) == reason)
    }

    @Test("e-mail addresses", arguments: [
        ("  Scammer.Bob@Example.COM ", "scammer.bob@example.com"),
        ("mailto:bob@example.com?subject=hi", "bob@example.com"),
        ("Bob <bob@Example.com>", "bob@example.com"),
        ("bob[@]example[.]com", "bob@example.com"),
        ("anh@bücher.de", "anh@xn--bcher-kva.de"),
    ])
    func emails(input: String, expected: String) throws {
        #expect(try canonical(.email, input).value == expected)
    }

    @Test("bad e-mail addresses", arguments: [
        ("bob.example.com", "no '@'"),
        ("@example.com", "nothing before the '@'"),
        ("bob@", "nothing after the '@'"),
        ("bob..x@example.com", "dots may not start or end the local part or stand twice in a row"),
        ("bo b@example.com", "local part contains ' '"),
        ("bob@example", "'example' has no top-level domain (like .com or .vn)"),
    ])
    func emailRejections(input: String, reason: String) {
        #expect(rejection(.email, input) == reason)
    }

    @Test("IP addresses in canonical text form", arguments: [
        ("192.0.2.1", "192.0.2.1"), ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::", "::"), ("[2001:db8::1]", "2001:db8::1"), ("192.0.2[.]1", "192.0.2.1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("fe80::1:0:0:0", "fe80::1:0:0:0"), ("fe80:0:0:1:0:0:0:0", "fe80:0:0:1::"), ("1:0:2:0:0:3:0:4", "1:0:2::3:0:4"),
    ])
    func ips(input: String, expected: String) throws {
        #expect(try canonical(.ip, input).value == expected)
    }

    @Test("bad IP addresses", arguments: [
        ("256.1.1.1", "IPv4 part 256 is larger than 255"),
        ("010.1.1.1", "IPv4 part '010' has a leading zero, which some systems read as octal"),
        ("1.2.3", "an IPv4 address has four parts, this has 3"),
        ("1::2::3", "'::' may appear only once"),
        ("12345::1", "IPv6 group '12345' is not 1 to 4 hexadecimal digits"),
        ("fe80::1%eth0", "IPv6 zone identifiers (%…) are local to one machine"),
    ])
    func ipRejections(input: String, reason: String) {
        #expect(rejection(.ip, input) == reason)
    }
}
