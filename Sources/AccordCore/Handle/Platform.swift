/// Messaging and social platforms whose accounts Accord names as handles.
public enum Platform: String, CaseIterable, Codable, Sendable {
    case telegram, whatsapp, facebook, instagram, x, tiktok, line, wechat, zalo, signal, discord, snapchat

    public init?(loose text: String) {
        switch text.lowercased().filter({ $0.isLetter }) {
        case "telegram", "tg", "tme": self = .telegram
        case "whatsapp", "wa", "wame": self = .whatsapp
        case "facebook", "fb", "messenger", "fbmessenger": self = .facebook
        case "instagram", "ig", "insta": self = .instagram
        case "x", "twitter", "xcom": self = .x
        case "tiktok", "douyin": self = .tiktok
        case "line": self = .line
        case "wechat", "weixin": self = .wechat
        case "zalo": self = .zalo
        case "signal": self = .signal
        case "discord": self = .discord
        case "snapchat", "snap": self = .snapchat
        default: return nil
        }
    }

    /// Accounts on these platforms are (or may be) named by a phone number.
    public var acceptsPhone: Bool {
        switch self {
        case .whatsapp, .zalo, .signal, .telegram, .wechat, .line: true
        default: false
        }
    }

    var displayName: String {
        switch self {
        case .x: "X"
        case .tiktok: "TikTok"
        case .wechat: "WeChat"
        case .whatsapp: "WhatsApp"
        case .line: "LINE"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
}
