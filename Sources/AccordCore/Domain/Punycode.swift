/// Punycode (RFC 3492) and the IDNA label conversion built on it: `bücher` ⇄ `xn--bcher-kva`.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ d: Int) -> Character {
        Character(Unicode.Scalar(UInt8(d < 26 ? d + 97 : d + 22)))
    }

    static func encode(_ input: String) -> String? {
        let scalars = input.unicodeScalars.map(\.value)
        var output = String(String.UnicodeScalarView(input.unicodeScalars.filter(\.isASCII)))
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < scalars.count {
            guard let m = scalars.filter({ Int($0) >= n }).min() else { return nil }
            let (product, overflow) = (Int(m) - n).multipliedReportingOverflow(by: handled + 1)
            if overflow { return nil }
            delta += product
            n = Int(m)
            for c in scalars {
                if Int(c) < n { delta += 1 }
                if Int(c) == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }

    static func decode(_ input: String) -> String? {
        var output: [UInt32] = []
        var rest = Substring(input)
        if let dash = input.lastIndex(of: "-") {
            for scalar in input[..<dash].unicodeScalars {
                guard scalar.isASCII else { return nil }
                output.append(scalar.value)
            }
            rest = input[input.index(after: dash)...]
        }
        var n = initialN, i = 0, bias = initialBias
        var digits = rest.unicodeScalars.makeIterator()
        var pending = digits.next()
        while pending != nil {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard let scalar = pending else { return nil }
                pending = digits.next()
                let value: Int
                switch scalar.value {
                case 0x30...0x39: value = Int(scalar.value) - 22
                case 0x41...0x5A: value = Int(scalar.value) - 65
                case 0x61...0x7A: value = Int(scalar.value) - 97
                default: return nil
                }
                guard value <= (Int.max - i) / w else { return nil }
                i += value * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if value < t { break }
                guard w <= Int.max / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var text = ""
        for value in output {
            guard let scalar = Unicode.Scalar(value) else { return nil }
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    /// The ASCII form of one label: itself when ASCII, `xn--…` otherwise.
    static func toASCII(label: String) -> String? {
        if label.unicodeScalars.allSatisfy(\.isASCII) { return label }
        return encode(label).map { "xn--" + $0 }
    }

    /// The Unicode form of one label, for display.
    static func toUnicode(label: String) -> String {
        guard label.hasPrefix("xn--"), let decoded = decode(String(label.dropFirst(4))) else { return label }
        return decoded
    }
}
