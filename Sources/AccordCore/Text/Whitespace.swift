extension StringProtocol where UTF8View: BidirectionalCollection {
    /// Trims Unicode white space (and zero-width characters copied along with pasted values).
    func trimmingWhitespace() -> String {
        // Fast path: nothing to trim at either end (a printable ASCII byte on both sides).
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self)
        }
        let isBlank: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{200B}" || $0 == "\u{FEFF}" || $0 == "\u{200E}" || $0 == "\u{200F}" }
        guard let start = firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = lastIndex(where: { !isBlank($0) })!
        return String(self[start...end])
    }
}
