/// Registrable domains that many unrelated people use: messengers, social networks, link
/// shorteners, big hosting and mail providers. Two reports that both mention `t.me` or `bit.ly`
/// share nothing; the path (`t.me/invest_mia`) or the full URL is the real indicator. Such a domain
/// never links reports on its own.
public enum PlatformHosts {
    public static let registrableDomains: Set<String> = [
        // messengers and social networks
        "t.me", "telegram.me", "telegram.org", "telegram.dog", "wa.me", "whatsapp.com", "whatsapp.net",
        "facebook.com", "fb.com", "fb.me", "m.me", "messenger.com", "instagram.com", "twitter.com", "x.com",
        "tiktok.com", "line.me", "lin.ee", "zalo.me", "zaloapp.com", "signal.me", "signal.org", "discord.gg",
        "discord.com", "discordapp.com", "snapchat.com", "wechat.com", "qq.com", "weibo.com", "linkedin.com",
        "youtube.com", "youtu.be", "reddit.com", "pinterest.com", "threads.net", "viber.com", "kakao.com",
        // link shorteners
        "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy",
        "shorturl.at", "tiny.cc", "rebrand.ly", "s.id", "bitly.com", "shorte.st", "v.gd", "t.ly", "short.gy",
        // search, hosting, documents, app stores and mail providers
        "google.com", "forms.gle", "goo.su", "microsoft.com", "live.com", "outlook.com", "office.com",
        "sharepoint.com", "apple.com", "icloud.com", "amazon.com", "amazonaws.com", "cloudfront.net",
        "dropbox.com", "gmail.com", "yahoo.com", "hotmail.com", "proton.me", "protonmail.com", "github.com",
        "gitlab.com", "medium.com", "wordpress.com", "blogspot.com", "wixsite.com", "weebly.com",
        "notion.site", "canva.com", "docs.google.com", "sites.google.com", "linktr.ee", "cloudflare.com",
    ]

    public static func contains(_ registrableDomain: String) -> Bool { registrableDomains.contains(registrableDomain) }
}
