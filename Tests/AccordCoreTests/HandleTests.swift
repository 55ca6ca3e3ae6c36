@testable import AccordCore
import Testing

@Suite("Handles on messaging and social platforms")
struct HandleTests {
    @Test("the same Telegram account however it is written", arguments: [
        ("@Invest_Mia", "telegram"), ("invest_mia", "telegram"), ("https://t.me/Invest_Mia", nil),
        ("t.me/invest_mia", nil), ("telegram:@invest_mia", nil), ("Telegram @invest_mia", nil),
        ("https://telegram.me/s/invest_mia", nil),
    ] as [(String, String?)])
    func telegram(input: String, platform: String?) throws {
        let handle = try canonical(.handle, input, platform: platform)
        #expect(handle.value == "telegram:invest_mia")
        #expect(handle.details.platform == .telegram)
        #expect(handle.details.account == "invest_mia")
    }

    @Test("accounts that are phone numbers are kept in E.164 and yield the phone")
    func phoneAccounts() throws {
        let whatsapp = try canonical(.handle, "0912 345 678", platform: "whatsapp", country: "VN")
        #expect(whatsapp.value == "whatsapp:+84912345678")
        #expect(whatsapp.derived.map(\.description) == ["phone:+84912345678"])
        #expect(try canonical(.handle, "wa.me/84912345678").value == "whatsapp:+84912345678")
        #expect(try canonical(.handle, "https://api.whatsapp.com/send?phone=84912345678").value == "whatsapp:+84912345678")
        #expect(try canonical(.handle, "zalo.me/0912345678").value == "zalo:+84912345678")
        #expect(try canonical(.handle, "https://signal.me/#p/+84912345678").value == "signal:+84912345678")
    }

    @Test("names are case-folded where the platform ignores case", arguments: [
        ("facebook", "John.Smith.99", "facebook:johnsmith99"),
        ("instagram", "@Crypto.Queen_", "instagram:crypto.queen_"),
        ("x", "@ElonGiveaway", "x:elongiveaway"),
        ("twitter", "ElonGiveaway", "x:elongiveaway"),
        ("tiktok", "@Rich.Mentor", "tiktok:rich.mentor"),
        ("line", "~Invest88", "line:invest88"),
        ("wechat", "Lucky_888", "wechat:lucky_888"),
        ("signal", "Mia.07", "signal:mia.07"),
        ("discord", "mentor_ai", "discord:mentor_ai"),
        ("snapchat", "Sugar-Mama", "snapchat:sugar-mama"),
    ])
    func platforms(platform: String, input: String, expected: String) throws {
        #expect(try canonical(.handle, input, platform: platform).value == expected)
    }

    @Test("profile links name the account", arguments: [
        ("https://www.facebook.com/John.Smith.99", "facebook:johnsmith99"),
        ("https://facebook.com/profile.php?id=100012345678", "facebook:100012345678"),
        ("https://www.instagram.com/crypto.queen_/", "instagram:crypto.queen_"),
        ("https://x.com/ElonGiveaway/status/1", "x:elongiveaway"),
        ("https://www.tiktok.com/@rich.mentor/video/1", "tiktok:rich.mentor"),
        ("https://line.me/ti/p/~invest88", "line:invest88"),
    ])
    func profileLinks(input: String, expected: String) throws {
        #expect(try canonical(.handle, input).value == expected)
    }

    @Test("bad handles say why", arguments: [
        ("@invest_mia", nil, "which platform? give it (telegram, whatsapp, facebook, …) or write platform:name"),
        ("@ab", "telegram", "not a valid Telegram name: 4 to 32 characters"),
        ("@1invest", "telegram", "not a valid Telegram name: starts with a letter"),
        ("in vest", "telegram", "not a valid Telegram name: letters, digits and _ only"),
        ("mia", "whatsapp", "a WhatsApp account is a phone number"),
        ("@mia", "myspace", "unknown platform 'myspace': use one of telegram, whatsapp, facebook, instagram, x, tiktok, line, wechat, zalo, signal, discord, snapchat"),
        ("https://t.me/joinchat/AAAA", nil, "this link does not name an account"),
        ("https://t.me/invest_mia", "facebook", "this is a Telegram link, not Facebook"),
        ("averyveryverylongname", "x", "not a valid X name: 1 to 15 characters"),
    ] as [(String, String?, String)])
    func rejections(input: String, platform: String?, reason: String) {
        #expect(rejection(.handle, input, platform: platform) == reason)
    }
}
