/// A telephone number in E.164 form. `parse` reads what victims type: international writing
/// (`+`, `00` and the region's own international prefixes such as `011`, `0011`, `001`), national
/// writing resolved with a default region (the report's country) with its trunk prefix removed,
/// spaces, dots, dashes, brackets, full-width and other Unicode digits, `tel:` URIs and extensions.
public struct PhoneNumber: Hashable, Sendable {
    public let callingCode: Int
    /// The national significant number: the digits after the country calling code.
    public let nationalNumber: String
    /// The ISO 3166-1 region the number belongs to (`001` for global services).
    public let region: String
    /// What the numbering plan says the number is, where the plan says it.
    public let numberType: String?

    /// `+` country code, national significant number: `+84912345678`.
    public var e164: String { "+\(callingCode)\(nationalNumber)" }

    public static func parse(_ text: String, defaultRegion: String? = nil) throws(IndicatorError) -> PhoneNumber {
        var scan = try PhoneScanner.scan(text)
        return try PhoneNumbering.shared.resolve(&scan, defaultRegion: defaultRegion)
    }
}

/// The digits of a typed number, with whether it was written with a leading `+`.
struct PhoneScanner {
    var digits: [UInt8] = []
    var plus = false

    static let maxDigits = 20

    static func scan(_ text: String) throws(IndicatorError) -> PhoneScanner {
        var result = PhoneScanner()
        result.digits.reserveCapacity(16)
        var isASCII = true
        for byte in text.utf8 where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII {
            var copy = text
            let failure = copy.withUTF8 { bytes -> IndicatorError? in
                do throws(IndicatorError) { try result.scanASCII(bytes) } catch { return error }
                return nil
            }
            if let failure { throw failure }
        } else {
            try result.scanUnicode(text)
        }
        if result.digits.isEmpty { throw IndicatorError(.phone, "no digits") }
        return result
    }

    private mutating func scanASCII(_ bytes: UnsafeBufferPointer<UInt8>) throws(IndicatorError) {
        var i = 0
        // `tel:` URI scheme
        if bytes.count >= 4, bytes[0] | 0x20 == 0x74, bytes[1] | 0x20 == 0x65, bytes[2] | 0x20 == 0x6C, bytes[3] == 0x3A {
            i = 4
        }
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case 0x30...0x39:
                try append(byte - 0x30)
            case 0x2B: // +
                if !digits.isEmpty || plus { throw IndicatorError(.phone, "'+' may only start the number") }
                plus = true
            case 0x20, 0x09, 0x2D, 0x2E, 0x28, 0x29, 0x2F, 0x5B, 0x5D, 0x5F, 0x0A, 0x0D:
                break
            case 0x3B, 0x23, 0x2C: // ; # , start an extension or parameters
                return
            case 0x78, 0x58, 0x65, 0x45: // x, ext
                if !digits.isEmpty && Self.isExtensionMarker(bytes, at: i) { return }
                throw IndicatorError(.phone, "contains '\(Character(Unicode.Scalar(byte)))', which is not part of a phone number")
            default:
                let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "a control character"
                throw IndicatorError(.phone, "contains \(shown), which is not part of a phone number")
            }
            i += 1
        }
    }

    private static func isExtensionMarker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let rest = String(decoding: bytes[index...], as: UTF8.self).lowercased()
        for marker in ["ext.", "ext", "x"] where rest.hasPrefix(marker) {
            let tail = rest.dropFirst(marker.count).drop { $0 == " " || $0 == "." || $0 == ":" }
            return !tail.isEmpty && tail.allSatisfy(\.isASCIIDigit)
        }
        return false
    }

    private mutating func scanUnicode(_ text: String) throws(IndicatorError) {
        var ascii: [UInt8] = []
        ascii.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                ascii.append(UInt8(scalar.value))
            } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                ascii.append(0x30 + UInt8(value))
            } else if scalar == "\u{FF0B}" {
                ascii.append(0x2B)
            } else if scalar.properties.isWhitespace || Self.separators.contains(scalar) {
                ascii.append(0x20)
            } else {
                throw IndicatorError(.phone, "contains '\(scalar)', which is not part of a phone number")
            }
        }
        try ascii.withUnsafeBufferPointer { bytes throws(IndicatorError) in try scanASCII(bytes) }
    }

    /// Dashes, dots and brackets from other scripts and full-width forms.
    private static let separators: Set<Unicode.Scalar> = [
        "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{30FC}",
        "\u{FF0D}", "\u{FF0E}", "\u{FF08}", "\u{FF09}", "\u{3000}", "\u{00B7}", "\u{2027}", "\u{FF0F}",
    ]

    private mutating func append(_ digit: UInt8) throws(IndicatorError) {
        if digits.count >= Self.maxDigits {
            throw IndicatorError(.phone, "too long: more than \(Self.maxDigits) digits")
        }
        digits.append(digit)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// All numbering plans, indexed for the parser.
final class PhoneNumbering: Sendable {
    static let shared = PhoneNumbering()

    /// Plans by calling code (index = code); nil where ITU assigned no code.
    private let plans: [NumberingPlan?]
    /// Every region's calling code, trunk prefix and international prefixes.
    private let regions: [String: (callingCode: Int, trunk: [UInt8]?, idd: [[UInt8]])]

    private init() {
        var plans = [NumberingPlan?](repeating: nil, count: 1000)
        var regions: [String: (Int, [UInt8]?, [[UInt8]])] = [:]
        for entry in CallingCodes.table {
            let codeDigits = String(entry.code).count
            let main = entry.regions[0]
            let trunk: String? = CallingCodes.noTrunkPrefix.contains(main) ? nil : "0"
            plans[entry.code] = NumberingPlan(
                entry.code, main, trunk: trunk, lengths: Array(4...(15 - codeDigits)), isGeneric: true)
            for region in entry.regions {
                let regionTrunk: [UInt8]? = CallingCodes.noTrunkPrefix.contains(region) ? nil : [0]
                regions[region] = (entry.code, regionTrunk, [[0, 0]])
            }
        }
        for plan in NumberingPlans.detailed {
            plans[plan.callingCode] = plan
            regions[plan.region] = (plan.callingCode, plan.trunkPrefix, plan.internationalPrefixes)
        }
        for (region, shared) in NumberingPlans.sharedRegions {
            regions[region] = (shared.callingCode, shared.trunk.map { $0.utf8.map { $0 - 48 } },
                               shared.idd.map { $0.utf8.map { $0 - 48 } })
        }
        // Crown dependencies and territories dial like the country whose plan they share.
        for (region, parent) in [("GG", "GB"), ("IM", "GB"), ("JE", "GB"), ("CC", "AU"), ("CX", "AU"), ("VA", "IT"), ("SJ", "NO")] {
            if let entry = regions[parent] { regions[region] = entry }
        }
        for region in CallingCodes.table[0].regions where region != "US" && region != "CA" {
            regions[region] = (1, [1], [[0, 1, 1]])
        }
        self.plans = plans
        self.regions = regions
    }

    /// Whether `region` is a region the numbering tables know.
    func knows(region: String) -> Bool { regions[region] != nil }

    func resolve(_ scan: inout PhoneScanner, defaultRegion: String?) throws(IndicatorError) -> PhoneNumber {
        let region = defaultRegion?.uppercased()
        var regionInfo: (callingCode: Int, trunk: [UInt8]?, idd: [[UInt8]])?
        if let region {
            guard let info = regions[region] else {
                throw IndicatorError(.phone, "unknown country '\(region)': use an ISO 3166-1 code such as VN, TH or US")
            }
            regionInfo = info
        }
        var digits = scan.digits
        var international = scan.plus
        if !international {
            if let info = regionInfo, let idd = info.idd.first(where: { digits.starts(with: $0) }), digits.count > idd.count + 3 {
                digits.removeFirst(idd.count)
                international = true
            } else if digits.count > 6, digits[0] == 0, digits[1] == 0, regionInfo?.callingCode != 1 {
                digits.removeFirst(2)
                international = true
            }
        }

        let code: Int
        var nsn: [UInt8]
        if international {
            guard let found = callingCode(of: digits) else {
                let shown = digits.prefix(3).map(String.init).joined()
                throw IndicatorError(.phone, "unknown country calling code: no country's code begins +\(shown)")
            }
            code = found
            nsn = Array(digits.dropFirst(String(code).count))
            let plan = plans[code]!
            if let trunk = plan.trunkPrefix, shouldStrip(trunk, from: nsn, plan: plan) {
                // `+84 0912 …`: the trunk prefix kept by mistake after the country code.
                nsn.removeFirst(trunk.count)
            }
            if code == 52, nsn.count == 11, nsn[0] == 1 {
                // Mexico's former mobile marker `+52 1 …`, dropped from the plan in 2019.
                nsn.removeFirst()
            }
        } else {
            guard let info = regionInfo else {
                throw IndicatorError(.phone, "no country calling code: write the number with + and its country code (like +84 912 345 678) or give the country it was dialled in")
            }
            code = info.callingCode
            nsn = digits
            let plan = plans[code]!
            if code == 52 {
                // Mexico's former national prefixes 01 (fixed) and 044/045 (mobile).
                if nsn.count == 13, nsn.starts(with: [0, 4, 4]) || nsn.starts(with: [0, 4, 5]) { nsn.removeFirst(3) }
                if nsn.count == 12, nsn.starts(with: [0, 1]) { nsn.removeFirst(2) }
            }
            if let trunk = info.trunk, shouldStrip(trunk, from: nsn, plan: plan, national: true) {
                nsn.removeFirst(trunk.count)
            }
            if code == 55, nsn.count == 12 || nsn.count == 13 {
                // Brazil: `0 XX AA NNNN-NNNN`, a two-digit carrier code before the area code.
                nsn.removeFirst(2)
            }
        }

        let plan = plans[code]!
        if let problem = lengthProblem(plan, nsn) { throw IndicatorError(.phone, problem) }
        if code == 1 {
            if nsn[0] < 2 { throw IndicatorError(.phone, "North American area codes never start with \(nsn[0])") }
            if nsn[3] < 2 { throw IndicatorError(.phone, "North American exchange codes never start with \(nsn[3])") }
        }
        if String(code).count + nsn.count > 15 {
            throw IndicatorError(.phone, "too long for E.164: \(String(code).count + nsn.count) digits, 15 at most")
        }
        let type = nsn.withUnsafeBufferPointer { plan.range(for: $0)?.type }
        return PhoneNumber(
            callingCode: code,
            nationalNumber: String(unsafeUninitializedCapacity: nsn.count) { out in
                for (i, digit) in nsn.enumerated() { out[i] = digit + 48 }
                return nsn.count
            },
            region: owningRegion(of: code, nsn: nsn, plan: plan),
            numberType: type?.rawValue ?? (code == 1 ? "fixed_line_or_mobile" : nil))
    }

    private func callingCode(of digits: [UInt8]) -> Int? {
        var code = 0
        for length in 1...3 where digits.count > length {
            code = code * 10 + Int(digits[length - 1])
            if code > 0, plans[code] != nil { return code }
        }
        return nil
    }

    /// Whether `digits` begin with the trunk prefix rather than with the number itself. A trunk
    /// prefix 0 is never part of a national significant number where the plan has one. Other
    /// trunk prefixes (8 in Russia, 1 in North America) are also leading digits of real numbers
    /// (`800…`), so they are taken as the trunk only when the length says so.
    private func shouldStrip(_ trunk: [UInt8], from digits: [UInt8], plan: NumberingPlan, national: Bool = false) -> Bool {
        guard digits.starts(with: trunk), digits.count > trunk.count else { return false }
        if trunk == [0] { return true }
        let stripped = Array(digits.dropFirst(trunk.count))
        if national { return lengthProblem(plan, stripped) == nil || lengthProblem(plan, digits) != nil }
        return lengthProblem(plan, digits) != nil && lengthProblem(plan, stripped) == nil
    }

    /// Why `nsn` has an impossible length for `plan`, or nil when its length is possible.
    private func lengthProblem(_ plan: NumberingPlan, _ nsn: [UInt8]) -> String? {
        if nsn.isEmpty { return "no digits after +\(plan.callingCode)" }
        let range = nsn.withUnsafeBufferPointer { plan.range(for: $0) }
        let lengths = range?.lengths ?? plan.lengths
        if lengths.contains(nsn.count) { return nil }
        let what = range.map { r in "+\(plan.callingCode) \(r.type.words)" } ?? "+\(plan.callingCode)"
        let shortOrLong = nsn.count < lengths.first! ? "too short" : "too long"
        return "\(shortOrLong) for \(what): \(nsn.count) digit\(nsn.count == 1 ? "" : "s") after +\(plan.callingCode), \(Self.describe(lengths)) expected"
    }

    static func describe(_ lengths: [Int]) -> String {
        if lengths.count == 1 { return "\(lengths[0])" }
        if lengths.count == 2 { return "\(lengths[0]) or \(lengths[1])" }
        if lengths.last! - lengths.first! == lengths.count - 1 { return "\(lengths.first!) to \(lengths.last!)" }
        return lengths.dropLast().map(String.init).joined(separator: ", ") + " or \(lengths.last!)"
    }

    private func owningRegion(of code: Int, nsn: [UInt8], plan: NumberingPlan) -> String {
        switch code {
        case 1:
            let area = String(decoding: nsn.prefix(3).map { $0 + 48 }, as: UTF8.self)
            return CallingCodes.nanpAreaCodes[area] ?? "US"
        case 7:
            return nsn[0] == 6 || nsn[0] == 7 ? "KZ" : "RU"
        default:
            return plan.region
        }
    }
}
