/// What a national numbering plan says about its numbers: the trunk prefix dialled before a
/// national number, the international (IDD) prefixes dialled before a country code, the lengths of
/// the national significant number (NSN) and, by leading digits, the kind and length of each range.
struct NumberingPlan: Sendable {
    enum NumberType: String, Sendable {
        case mobile
        case fixedLine = "fixed_line"
        case tollFree = "toll_free"
        case premiumRate = "premium_rate"
        case sharedCost = "shared_cost"
        case voip
        case universalAccess = "universal_access"

        var words: String {
            switch self {
            case .mobile: "mobile"
            case .fixedLine: "fixed-line"
            case .tollFree: "toll-free"
            case .premiumRate: "premium-rate"
            case .sharedCost: "shared-cost"
            case .voip: "VoIP"
            case .universalAccess: "universal-access"
            }
        }
    }

    struct Range: Sendable {
        let type: NumberType
        let prefixes: [[UInt8]]
        let lengths: [Int]
    }

    let callingCode: Int
    let region: String
    let trunkPrefix: [UInt8]?
    let internationalPrefixes: [[UInt8]]
    let lengths: [Int]
    let ranges: [Range]
    /// True when the plan's lengths come from ITU's generic E.164 limits, not a detailed plan.
    let isGeneric: Bool

    init(
        _ callingCode: Int, _ region: String, trunk: String?, idd: [String] = ["00"],
        lengths: [Int], _ ranges: [(NumberType, [String], [Int])] = [], isGeneric: Bool = false
    ) {
        self.callingCode = callingCode
        self.region = region
        self.trunkPrefix = trunk.map(Self.digits)
        self.internationalPrefixes = idd.map(Self.digits).sorted { $0.count > $1.count }
        self.lengths = lengths
        self.ranges = ranges.map { Range(type: $0.0, prefixes: $0.1.map(Self.digits), lengths: $0.2) }
        self.isGeneric = isGeneric
    }

    private static func digits(_ text: String) -> [UInt8] { text.utf8.map { $0 - 48 } }

    /// The range whose prefix is the longest match for `nsn`.
    func range(for nsn: UnsafeBufferPointer<UInt8>) -> Range? {
        var best: Range?
        var bestLength = 0
        for range in ranges {
            for prefix in range.prefixes where prefix.count > bestLength && prefix.count <= nsn.count {
                var matches = true
                for i in 0..<prefix.count where nsn[i] != prefix[i] {
                    matches = false
                    break
                }
                if matches {
                    best = range
                    bestLength = prefix.count
                }
            }
        }
        return best
    }
}
