/// The Public Suffix List: which suffixes are open for registration (`com`, `co.uk`) or shared by
/// many owners (`github.io`, private section), so that `registrableDomain` finds the part a scammer
/// actually registered. The embedded snapshot is used by default so that every node computes the
/// same registrable domains; `init(text:)` takes another copy of the list.
public final class PublicSuffixList: Sendable {
    public static let embedded = PublicSuffixList(text: PublicSuffixListData.text, version: PublicSuffixListData.version)

    public let version: String
    private let rules: Set<String>
    private let wildcards: Set<String>
    private let exceptions: Set<String>
    private let topLevel: Set<String>

    /// `text` in the list's own format (comments, `*.` wildcards, `!` exceptions). Unicode rules
    /// are converted to their ASCII (Punycode) form.
    public init(text: String, version: String = "custom") {
        var rules = Set<String>(), wildcards = Set<String>(), exceptions = Set<String>(), topLevel = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            guard let rule = line.split(whereSeparator: \.isWhitespace).first, !rule.hasPrefix("//"), !rule.hasPrefix("#") else { continue }
            var text = String(rule).lowercased()
            var target = 0
            if text.hasPrefix("!") {
                text.removeFirst()
                target = 2
            } else if text.hasPrefix("*.") {
                text.removeFirst(2)
                target = 1
            }
            let labels = text.split(separator: ".").map { Punycode.toASCII(label: String($0)) ?? String($0) }
            let ascii = labels.joined(separator: ".")
            if let last = labels.last { topLevel.insert(last) }
            switch target {
            case 1: wildcards.insert(ascii)
            case 2: exceptions.insert(ascii)
            default: rules.insert(ascii)
            }
        }
        self.rules = rules
        self.wildcards = wildcards
        self.exceptions = exceptions
        self.topLevel = topLevel
        self.version = version
    }

    /// Whether the list knows `label` as a top-level domain.
    public func isKnownTopLevel(_ label: String) -> Bool { topLevel.contains(label) }

    /// The public suffix of a lower-case ASCII host (`co.uk` for `a.b.co.uk`). Hosts under no
    /// rule fall to the default rule `*`: their last label.
    public func publicSuffix(of host: String) -> String {
        let labels = host.split(separator: ".")
        guard !labels.isEmpty else { return host }
        for start in 0..<labels.count {
            let suffix = labels[start...].joined(separator: ".")
            if exceptions.contains(suffix) { return labels[(start + 1)...].joined(separator: ".") }
            if rules.contains(suffix) { return suffix }
            if start + 1 < labels.count, wildcards.contains(labels[(start + 1)...].joined(separator: ".")) { return suffix }
        }
        return String(labels[labels.count - 1])
    }

    /// The registrable domain: the public suffix plus one label; nil when `host` is itself a
    /// public suffix.
    public func registrableDomain(of host: String) -> String? {
        let suffix = publicSuffix(of: host)
        guard host.count > suffix.count else { return nil }
        let head = host.dropLast(suffix.count + 1)
        let label = head.split(separator: ".").last.map(String.init) ?? String(head)
        return label + "." + suffix
    }
}
