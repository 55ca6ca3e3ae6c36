/// Threat reports "defang" indicators so nobody clicks them: `hxxp://evil[.]com`, `a[@]b.com`.
/// Accord reads them back.
enum Defang {
    static func refang(_ text: String) -> String {
        guard text.contains(where: { $0 == "[" || $0 == "(" || $0 == "{" || $0 == "x" || $0 == "X" }) else { return text }
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
