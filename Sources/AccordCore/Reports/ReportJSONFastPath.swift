/// The report JSON shape read straight from its bytes, for the ingest hot path. Anything it does
/// not expect (an unknown field, a value of another type, an exponent, odd nesting) makes it give
/// up and return nil: the `JSONDecoder` path then reads the line and names the problem. So this
/// reader never decides what is an error; it only makes the common case fast.
enum ReportJSONFastPath {
    static func read(_ line: String) -> WireReport? {
        var copy = line
        return copy.withUTF8 { bytes in
            var parser = Parser(bytes: bytes)
            return parser.report()
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        /// A JSON string, or nil for anything else (including `null`: see `stringOrNull`).
        mutating func string() -> String? {
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x22 else { return nil }
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C {
                if bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            if bytes[i] == 0x22 {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            // Escapes: decode the rest of the string scalar by scalar.
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
                if byte < 0x20 { return nil }
                if byte != 0x5C { out.append(byte); i += 1; continue }
                i += 1
                guard i < bytes.count else { return nil }
                let escaped = bytes[i]
                i += 1
                switch escaped {
                case 0x22, 0x5C, 0x2F: out.append(escaped)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(Character(unicode)).utf8)
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let digit: UInt32
                switch b {
                case 0x30...0x39: digit = UInt32(b - 0x30)
                case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
                i += 1
            }
            return value
        }

        /// A string, or nil (as a present-but-null value), or fails.
        mutating func stringOrNull() -> String?? {
            skipSpace()
            if i + 4 <= bytes.count, bytes[i] == 0x6E, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C {
                i += 4
                return .some(nil)
            }
            return string().map { .some($0) }
        }

        /// A plain non-negative decimal number, kept as its text.
        mutating func plainNumber() -> String? {
            skipSpace()
            let start = i
            while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2E { i += 1 }
            guard i > start else { return nil }
            if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 || bytes[i] == 0x2D { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }

        mutating func report() -> WireReport? {
            guard take(0x7B) else { return nil }
            var wire = WireReport()
            if take(0x7D) { return end() ? wire : nil }
            repeat {
                guard let key = string(), take(0x3A) else { return nil }
                switch key {
                case "loss":
                    guard let loss = loss() else { return nil }
                    wire.loss = loss
                case "indicators":
                    guard let indicators = indicators() else { return nil }
                    wire.indicators = indicators
                default:
                    guard let value = stringOrNull(), wire.set(key, value) else { return nil }
                }
            } while take(0x2C)
            guard take(0x7D) else { return nil }
            return end() ? wire : nil
        }

        mutating func end() -> Bool {
            skipSpace()
            return i == bytes.count
        }

        mutating func loss() -> WireLoss? {
            guard take(0x7B) else { return nil }
            var amount: String?, currency: String?
            if take(0x7D) { return WireLoss(amount: nil, currency: nil) }
            repeat {
                guard let key = string(), take(0x3A) else { return nil }
                switch key {
                case "amount":
                    skipSpace()
                    if i < bytes.count, bytes[i] == 0x22 { amount = string() } else { amount = plainNumber() }
                    if amount == nil { return nil }
                case "currency":
                    guard let value = string() else { return nil }
                    currency = value
                default: return nil
                }
            } while take(0x2C)
            return take(0x7D) ? WireLoss(amount: amount, currency: currency) : nil
        }

        mutating func indicators() -> [WireIndicator]? {
            guard take(0x5B) else { return nil }
            var out: [WireIndicator] = []
            if take(0x5D) { return out }
            repeat {
                guard take(0x7B) else { return nil }
                var item = WireIndicator(kind: nil, value: nil)
                if !take(0x7D) {
                    repeat {
                        guard let key = string(), take(0x3A), let value = stringOrNull() else { return nil }
                        switch key {
                        case "kind": item.kind = value
                        case "value": item.value = value
                        case "chain": item.chain = value
                        case "platform": item.platform = value
                        case "bank": item.bank = value
                        case "country": item.country = value
                        default: return nil
                        }
                    } while take(0x2C)
                    guard take(0x7D) else { return nil }
                }
                out.append(item)
            } while take(0x2C)
            return take(0x5D) ? out : nil
        }
    }
}
