import AccordCore
@testable import AccordIntel
import Testing

@Suite("Indicators found in free text")
struct ExtractionTests {
    static let extractor = Extractor(canonicalizer: Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32))))

    func found(_ text: String, country: String? = nil) -> [String] {
        Self.extractor.extract(text, country: country).map { "\($0.indicator.kind.rawValue):\($0.indicator.value)" }
    }

    @Test("links, also defanged, and the domains and accounts they name")
    func links() {
        #expect(found("Verify now: https://secure-login.example-bank.xyz/verify?id=7.") == ["url:https://secure-login.example-bank.xyz/verify?id=7"])
        #expect(found("visit hxxp://evil-site[.]com/claim now") == ["url:http://evil-site.com/claim"])
        #expect(found("点击https://u.10010.cn/qAE9U立即参与") == ["url:https://u.10010.cn/qAE9U"])
        #expect(found("Info Klik Link : bit.ly/undianmypertamina\"") == ["url:http://bit.ly/undianmypertamina"])
        let telegram = Self.extractor.extract("join t.me/invest_mia today")
        #expect(telegram.map(\.indicator.description) == ["url:http://t.me/invest_mia"])
        #expect(telegram.first?.indicator.derived.map(\.description) == ["handle:telegram:invest_mia"], "the link names the account")
        #expect(found("go to www.grandprize55.online") == ["url:http://www.grandprize55.online/"])
    }

    @Test("bare domains under the domains scams use, or defanged; not words joined by a full stop")
    func domains() {
        #expect(found("masterrupiah.com") == ["domain:masterrupiah.com"])
        #expect(found("pay at evil[.]how today") == ["domain:evil.how"])
        #expect(found("ok.so see you") == [])
        #expect(found("the file report.pdf is attached") == [])
    }

    @Test("phone numbers in national and international writing, spaced out, with their country")
    func phones() {
        #expect(found("Call +44 7700 900123 now") == ["phone:+447700900123"])
        #expect(found("Minat WA : 0852 1413 4052", country: "ID").contains("phone:+6285214134052"))
        #expect(found("gọi 0 9 1 2 3 4 5 6 7 8 ngay", country: "VN") == ["phone:+84912345678"])
        #expect(found("请拨打13812345678咨询", country: "CN") == ["phone:+8613812345678"])
        #expect(found("call 0912345678") == [], "a national number needs the country")
    }

    @Test("numbers that are not phones: orders, amounts, dates, codes, versions")
    func notPhones() {
        #expect(found("Your order number 0912345678 has shipped", country: "VN") == [])
        #expect(found("order #0912345678", country: "VN") == [])
        #expect(found("Hadiah Rp.150.000.000 untuk anda", country: "ID") == [])
        #expect(found("due 2026-11-23 or 23/11/2026", country: "VN") == [])
        #expect(found("code AB09123456789", country: "VN") == [])
        #expect(found("update to version 10.2.3.4 now") == [])
        #expect(found("server at 203.0.113.7 is down") == ["ip:203.0.113.7"])
    }

    @Test("e-mail addresses, also defanged; wallets; IBANs in groups; cards by fingerprint")
    func addresses() {
        #expect(found("write to support[@]paypa1-help.com") == ["email:support@paypa1-help.com"])
        #expect(found("send USDT to 0x52908400098527886E0F7030069857D2E4169EE7 today").first?.hasPrefix("wallet:0x52908400098527886e0f7030069857d2e4169ee7") == true)
        #expect(found("BTC: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") == ["wallet:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"])
        #expect(found("IBAN DE89 3704 0044 0532 0130 00 please") == ["bank_account:DE89370400440532013000"])
        #expect(found("card 4111 1111 1111 1111").first?.hasPrefix("card:") == true)
    }

    @Test("accounts named by their platform: Telegram, WhatsApp, LINE, Zalo, WeChat")
    func accounts() {
        #expect(found("Telegram: @invest_mia") == ["handle:telegram:invest_mia"])
        #expect(found("WA 0852-8336-0989", country: "ID").contains("handle:whatsapp:+6285283360989"))
        #expect(found("add LINE ID: richgirl88") == ["handle:line:richgirl88"])
        #expect(found("kết bạn Zalo 0912345678", country: "VN").contains("handle:zalo:+84912345678"))
        #expect(found("加微信：abc12345 了解") == ["handle:wechat:abc12345"])
        #expect(found("stand in line for tickets") == [], "'line' alone is a word")
        // The shortest and longest names, in capitals and not, and a name that ends a longer word.
        #expect(found("vx: abc12345") == ["handle:wechat:abc12345"])
        #expect(found("TG: @invest_mia") == ["handle:telegram:invest_mia"])
        #expect(found("WHATSAPP +44 7700 900123", country: "GB").contains("handle:whatsapp:+447700900123"))
        #expect(found("请加微信号：abc12345") == ["handle:wechat:abc12345"])
        #expect(found("whatsappp: @invest_mia").allSatisfy { !$0.hasPrefix("handle:whatsapp") }, "not a name with a letter more")
    }

    @Test("positions are code-point offsets of the text as written")
    func positions() {
        let text = "微信 🎁 visit hxxp://evil[.]com"
        let hit = Self.extractor.extract(text).first
        #expect(hit?.written == "hxxp://evil[.]com")
        let scalars = Array(text.unicodeScalars)
        #expect(hit.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == "hxxp://evil[.]com")
    }

    @Test("bad input: empty, binary, huge, invisible characters; the work is bounded")
    func badInput() {
        #expect(found("").isEmpty)
        #expect(found(String(decoding: (0..<255).map(UInt8.init), as: UTF8.self)).isEmpty)
        #expect(found("call +44\u{200B}7700\u{2060} 900123") == ["phone:+447700900123"], "zero-width characters inside a number")
        #expect(found("\u{202E}moc.live\u{202C} 🎁🎁 +44 7700 900123 مرحبا") == ["domain:moc.live", "phone:+447700900123"],
                "a right-to-left override changes how a domain shows, not what it is")
        let huge = String(repeating: "call +44 7700 900123 ", count: 50_000)
        let hits = Self.extractor.extract(huge)
        #expect(hits.count == 1 && hits[0].end <= Self.extractor.maxScalars)
    }
}
