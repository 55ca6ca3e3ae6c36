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
        // Walk the suffixes from the longest; the first rule that matches is the longest match.
        var suffix = Substring(host)
        while true {
            let candidate = String(suffix)
            let dot = suffix.firstIndex(of: ".")
            if exceptions.contains(candidate) {
                return dot.map { String(suffix[suffix.index(after: $0)...]) } ?? candidate
            }
            if rules.contains(candidate) { return candidate }
            guard let dot else { return candidate }  // the default rule `*`: the last label
            let parent = suffix[suffix.index(after: dot)...]
            if wildcards.contains(String(parent)) { return candidate }
            suffix = parent
        }
    }

    /// The registrable domain: the public suffix plus one label; nil when `host` is itself a
    /// public suffix.
    public func registrableDomain(of host: String) -> String? {
        let suffix = publicSuffix(of: host)
        guard host.utf8.count > suffix.utf8.count else { return nil }
        let head = host.utf8.dropLast(suffix.utf8.count + 1)
        let start = head.lastIndex(of: 0x2E).map { host.utf8.index(after: $0) } ?? host.startIndex
        return String(host[start...])
    }
}
