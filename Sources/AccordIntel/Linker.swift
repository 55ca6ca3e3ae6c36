import AccordCore
import AccordStore
import Foundation

/// Links reports into networks: two reports are linked when they share a canonical indicator, and
/// a network is a connected set of linked reports. The engine is an in-memory union-find over the
/// reports, kept up to date as reports arrive (a report joins or merges networks in time
/// proportional to its indicators) and rebuilt from the store in one pass at start-up.
///
/// Not thread-safe on its own: a `Node` owns it.
public final class Linker {
    /// What linking knows of one indicator, for `check` and hub reporting.
    public struct IndicatorEntry: Sendable {
        /// The first report that named it: its network is the indicator's network.
        public fileprivate(set) var firstReport: Int32
        public fileprivate(set) var reportCount: Int32
        public fileprivate(set) var countries: CountrySet
        public fileprivate(set) var scamTypes: UInt16
        public fileprivate(set) var firstSeen: Int64
        public fileprivate(set) var lastSeen: Int64
        public let warned: Bool
    }

    /// What one `add` did.
    public struct Addition: Sendable {
        /// False when the report was known already.
        public var added = true
        /// Indicators the report shares with earlier reports.
        public var newLinks = 0
        /// How many networks the report joined or merged (0: it starts a network of its own).
        public var networksJoined = 0
    }

    public private(set) var reports: [ReportFacts] = []
    private var indexByID: [UUID: Int32] = [:]
    private var parent: [Int32] = []
    private var size: [Int32] = []
    /// For each root, the oldest report of its network (reports arrive in sequence order).
    private var oldest: [Int32] = []
    public private(set) var indicators: [IndicatorID: IndicatorEntry] = [:]
    public let warnings: WarningList

    public init(warnings: WarningList) {
        self.warnings = warnings
    }

    public var reportCount: Int { reports.count }

    public func contains(report id: UUID) -> Bool { indexByID[id] != nil }

    /// Adds a report with its linking indicators.
    @discardableResult
    public func add(_ facts: ReportFacts, indicators ids: [IndicatorID]) -> Addition {
        guard indexByID[facts.id] == nil else { return Addition(added: false) }
        let index = Int32(reports.count)
        reports.append(facts)
        indexByID[facts.id] = index
        parent.append(index)
        size.append(1)
        oldest.append(index)
        var addition = Addition()
        var joined = Set<Int32>()
        let country = facts.country.map(CountrySet.index(of:))
        let typeBit = facts.scamType.bit
        for id in ids {
            if var entry = indicators[id] {
                entry.reportCount += 1
                if let country { entry.countries.insert(country) }
                entry.scamTypes |= typeBit
                entry.firstSeen = min(entry.firstSeen, facts.reportedAt)
                entry.lastSeen = max(entry.lastSeen, facts.reportedAt)
                indicators[id] = entry
                if !entry.warned {
                    addition.newLinks += 1
                    let root = find(entry.firstReport)
                    if root != find(index), joined.insert(root).inserted { union(root, index) }
                }
            } else {
                var countries = CountrySet()
                if let country { countries.insert(country) }
                indicators[id] = IndicatorEntry(
                    firstReport: index, reportCount: 1, countries: countries,
                    scamTypes: typeBit,
                    firstSeen: facts.reportedAt, lastSeen: facts.reportedAt, warned: warnings.contains(id))
            }
        }
        addition.networksJoined = joined.count
        return addition
    }

    /// The root of `index`'s network (path halving).
    public func find(_ index: Int32) -> Int32 {
        var i = index
        while parent[Int(i)] != i {
            parent[Int(i)] = parent[Int(parent[Int(i)])]
            i = parent[Int(i)]
        }
        return i
    }

    private func union(_ a: Int32, _ b: Int32) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        // Union by size; on a tie the older report stays the root.
        if size[Int(ra)] < size[Int(rb)] || (size[Int(ra)] == size[Int(rb)] && rb < ra) { swap(&ra, &rb) }
        parent[Int(rb)] = ra
        size[Int(ra)] += size[Int(rb)]
        if reports[Int(oldest[Int(rb)])].seq < reports[Int(oldest[Int(ra)])].seq { oldest[Int(ra)] = oldest[Int(rb)] }
    }

    /// The network of a report, named by the id of its oldest report: stable as the network grows.
    public func networkID(ofReport index: Int32) -> UUID { reports[Int(oldest[Int(find(index))])].id }

    /// The number of reports in the network of report `index`.
    public func networkSize(ofReport index: Int32) -> Int { Int(size[Int(find(index))]) }

    /// Every network of two or more reports, summarised.
    public func networks(minimumReports: Int = 2) -> [NetworkSummary] {
        var members: [Int32: [Int32]] = [:]
        for i in 0..<Int32(reports.count) { members[find(i), default: []].append(i) }
        var indicatorCounts: [Int32: Int] = [:]
        for entry in indicators.values where !entry.warned { indicatorCounts[find(entry.firstReport), default: 0] += 1 }
        return members.compactMap { root, indices in
            guard indices.count >= minimumReports else { return nil }
            return NetworkSummary(reports: indices.map { reports[Int($0)] }, indicatorCount: indicatorCounts[root] ?? 0,
                                  memberIndices: indices)
        }
    }

    /// Values that link unusually many reports: never capped, reported.
    public func hubs(threshold: Int) -> [(IndicatorID, IndicatorEntry)] {
        indicators.filter { !$0.value.warned && $0.value.reportCount >= threshold }.sorted { $0.value.reportCount > $1.value.reportCount }
    }

    /// Rebuilds from the store in one pass.
    public static func rebuild(from store: any Store, warnings: WarningList) async throws -> Linker {
        let linker = Linker(warnings: warnings)
        let box = LinkerBox(linker)
        try await store.scanLinks { facts, ids in box.linker.add(facts, indicators: ids) }
        return linker
    }
}

/// Lets the store's scan closure (which must be `@Sendable`) feed the linker; the scan runs to
/// completion before the linker is used anywhere else.
private final class LinkerBox: @unchecked Sendable {
    let linker: Linker
    init(_ linker: Linker) { self.linker = linker }
}

/// A set of countries as a 256-bit mask: no allocation per indicator.
public struct CountrySet: Sendable, Hashable {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public static let all: [String] = Countries.codes.sorted()
    private static let indexByCode: [String: UInt8] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, UInt8($0)) })

    public init() {}

    static func index(of code: String) -> UInt8 { indexByCode[code] ?? 255 }

    mutating func insert(_ index: UInt8) {
        let bit = UInt64(1) << UInt64(index & 63)
        switch index >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    public var codes: [String] {
        var out: [String] = []
        for (word, value) in [bits.0, bits.1, bits.2, bits.3].enumerated() where value != 0 {
            for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 {
                let index = word * 64 + bit
                if index < Self.all.count { out.append(Self.all[index]) }
            }
        }
        return out
    }

    public static func == (lhs: CountrySet, rhs: CountrySet) -> Bool {
        lhs.bits.0 == rhs.bits.0 && lhs.bits.1 == rhs.bits.1 && lhs.bits.2 == rhs.bits.2 && lhs.bits.3 == rhs.bits.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bits.0); hasher.combine(bits.1); hasher.combine(bits.2); hasher.combine(bits.3)
    }
}

extension ScamType {
    /// This type's bit in a set of types kept as a `UInt16`.
    static let bits: [ScamType: UInt16] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, UInt16(1) << UInt16($0)) })

    var bit: UInt16 { Self.bits[self]! }

    /// The types whose bits are set in `mask`, in typology order.
    static func types(in mask: UInt16) -> [ScamType] { allCases.filter { mask & $0.bit != 0 } }
}
