/// Threat reports "defang" indicators so nobody clicks them: `hxxp://evil[.]com`, `a[@]b.com`.
/// Accord reads them back.
enum Defang {
    static func refang(_ text: String) -> String {
        // Fast path: no bracket anywhere and no `hxxp`/`fxp` scheme, so nothing is defanged.
        let bytes = text.utf8
        let bracketed = bytes.contains { $0 == 0x5B || $0 == 0x28 || $0 == 0x7B }
        let first = bytes.first.map { $0 | 0x20 }
        let schemeDefanged = (first == 0x68 || first == 0x66) && bytes.dropFirst().prefix(2).contains { $0 | 0x20 == 0x78 }
        guard bracketed || schemeDefanged else { return text }
        var out = text
        for (from, to) in [
            ("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("(dot)", "."), ("[:]", ":"),
            ("[@]", "@"), ("(@)", "@"), ("[at]", "@"), ("[://]", "://"),
        ] where out.contains(from) {
            out = out.replacingOccurrences(of: from, with: to)
        }
        let lower = out.lowercased()
        for (from, to) in [("hxxps://", "https://"), ("hxxp://", "http://"), ("hxxps[://]", "https://"), ("fxp://", "ftp://")] where lower.hasPrefix(from) {
            out = to + out.dropFirst(from.count)
        }
        return out
    }
}
