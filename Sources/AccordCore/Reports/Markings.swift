/// Traffic Light Protocol 2.0 (FIRST): who may receive an item.
public enum TLP: String, CaseIterable, Codable, Sendable {
    case clear, green, amber
    case amberStrict = "amber+strict"
    case red

    public init?(loose text: String) {
        if let exact = TLP(rawValue: text) { self = exact; return }
        let key = text.lowercased().replacingOccurrences(of: "tlp:", with: "").replacingOccurrences(of: " ", with: "")
        switch key {
        case "clear", "white": self = .clear
        case "amber+strict", "amber-strict", "amberstrict": self = .amberStrict
        default: self.init(rawValue: key)
        }
    }
}

/// Permissible Actions Protocol: what a recipient may do with an item.
public enum PAP: String, CaseIterable, Codable, Sendable {
    case clear, green, amber, red

    public init?(loose text: String) {
        if let exact = PAP(rawValue: text) { self = exact; return }
        let key = text.lowercased().replacingOccurrences(of: "pap:", with: "")
        self.init(rawValue: key == "white" ? "clear" : key)
    }
}
