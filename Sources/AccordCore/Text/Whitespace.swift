extension StringProtocol {
    /// Trims Unicode white space (and zero-width characters copied along with pasted values).
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{200B}" || $0 == "\u{FEFF}" || $0 == "\u{200E}" || $0 == "\u{200F}" }
        guard let start = firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = lastIndex(where: { !isBlank($0) })!
        return String(self[start...end])
    }
}
