import AccordCore
import AccordStore
import Foundation
import Synchronization

/// Links reports into networks: two reports are linked when they share a canonical indicator, and
/// a network is a connected set of linked reports. The engine is an in-memory union-find over the
/// reports, kept up to date as reports arrive (a report joins or merges networks in time
/// proportional to its indicators) and rebuilt from the store in one pass at start-up.
///
/// Canonical indicators are known by the dense numbers the store gives them (`WriteMark`): what
/// linking knows of each sits in an array at its number, and a dictionary finds the number of an
/// identifier.
///
/// Not thread-safe on its own: a `Node` owns it. Only its `table` (the indicators' numbers and what
/// CLEAR reports say of them) may be read from any thread.
public final class Linker {
    /// What linking knows of one indicator, for `check` and hub reporting.
    public struct IndicatorEntry: Sendable {
        /// The first report that named it: its network is the indicator's network (-1: none yet).
        public fileprivate(set) var firstReport: Int32 = -1
        public fileprivate(set) var reportCount: Int32 = 0
        public fileprivate(set) var countries = CountrySet()
        public fileprivate(set) var scamTypes: UInt16 = 0
        public fileprivate(set) var firstSeen: Int64 = .max
        public fileprivate(set) var lastSeen: Int64 = .min
        public let warned: Bool
    }

    /// What CLEAR reports say of an indicator: all the public check may use.
    public struct PublicFacts: Sendable {
        public fileprivate(set) var reportCount: Int32 = 0
        public fileprivate(set) var countries = CountrySet()
        public fileprivate(set) var scamTypes: UInt16 = 0
        public fileprivate(set) var firstSeen: Int64 = .max
        public fileprivate(set) var lastSeen: Int64 = .min

        fileprivate mutating func add(_ facts: ReportFacts, country: UInt8?, typeBit: UInt16) {
            reportCount += 1
            if let country { countries.insert(country) }
            scamTypes |= typeBit
            firstSeen = min(firstSeen, facts.reportedAt)
            lastSeen = max(lastSeen, facts.reportedAt)
        }
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
    /// Indicator `n` is at `entries[n - 1]`.
    private var entries: [IndicatorEntry] = []
    /// The indicators' numbers and their public facts, behind a lock.
    public let table = IndicatorTable()
    public let warnings: WarningList

    public init(warnings: WarningList) {
        self.warnings = warnings
    }

    /// The number of each canonical indicator and, for those named by a CLEAR report, what
    /// those reports say of it. The linker writes it; the public check reads it from any thread
    /// without waiting for the node that owns the linker.
    public final class IndicatorTable: Sendable {
        struct Contents {
            var numbers: [IndicatorID: Int32] = [:]
            /// By indicator number: set only by linked (stored) reports.
            var publicFacts: [Int32: PublicFacts] = [:]
        }

        let contents = Mutex(Contents())

        /// What CLEAR reports say of an indicator; nil when none names it.
        public func publicFacts(of id: IndicatorID) -> PublicFacts? {
            contents.withLock { contents in contents.numbers[id].flatMap { contents.publicFacts[$0] } }
        }

        func number(of id: IndicatorID) -> Int32? { contents.withLock { $0.numbers[id] } }

        func setNumber(_ number: Int32?, of id: IndicatorID) { contents.withLock { $0.numbers[id] = number } }
    }

    public var reportCount: Int { reports.count }

    public var indicatorCount: Int { entries.count }

    /// How far the store had been written when this linker last read or wrote it.
    public var mark: WriteMark { WriteMark(lastReport: reports.last?.seq ?? 0, lastIndicator: Int64(entries.count)) }

    public func contains(report id: UUID) -> Bool { indexByID[id].map { Int($0) < reports.count } ?? false }

    /// The sequence number of a linked report.
    public func seq(ofReport id: UUID) -> Int64? {
        guard let index = indexByID[id], Int(index) < reports.count else { return nil }
        return reports[Int(index)].seq
    }

    /// The number of a canonical indicator, stored or reserved by the write in progress.
    public func number(of id: IndicatorID) -> Int64? { table.number(of: id).map(Int64.init) }

    /// What linking knows of an indicator named by at least one report.
    public func entry(for id: IndicatorID) -> IndicatorEntry? {
        guard let number = table.number(of: id), Int(number) <= entries.count, entries[Int(number) - 1].reportCount > 0 else { return nil }
        return entries[Int(number) - 1]
    }

    // MARK: Reservations of a write in progress
    //
    // A write numbers its reports and new indicators batch by batch, long before it commits. The
    // numbers go straight into the look-up tables, so later batches find them without a second
    // table; the reports and indicators themselves are added once the write is stored, and a
    // failed write releases what it reserved.

    private var reservedReports = 0

    /// Reserves the next report index for `id`; false when the report is stored or reserved already.
    func reserve(report id: UUID) -> Bool {
        guard indexByID[id] == nil else { return false }
        indexByID[id] = Int32(reports.count + reservedReports)
        reservedReports += 1
        return true
    }

    /// Runs `body` with the indicators' numbers under the table's lock, taken once: numbering a
    /// batch looks up and reserves numbers for every indicator of every report in it.
    func withNumbers<T>(_ body: (inout [IndicatorID: Int32]) -> T) -> T {
        table.contents.withLock { contents in body(&contents.numbers) }
    }

    /// Forgets the reservations of a write that failed.
    func release(reports ids: [UUID], indicators: [IndicatorID]) {
        for id in ids where indexByID[id].map({ Int($0) >= reports.count }) == true { indexByID[id] = nil }
        table.contents.withLock { table in
            for id in indicators where table.numbers[id].map({ Int($0) > entries.count }) == true { table.numbers[id] = nil }
        }
        reservedReports = 0
    }

    /// Adds an indicator reserved by a write that was stored.
    func registerReserved(_ number: Int64, _ id: IndicatorID) {
        precondition(number == Int64(entries.count) + 1, "indicator \(number) registered after \(entries.count)")
        entries.append(IndicatorEntry(warned: warnings.contains(id)))
    }

    /// Adds a report reserved by a write that was stored.
    @discardableResult
    func addReserved(_ facts: ReportFacts, indicators: [Int64]) -> Addition {
        assert(indexByID[facts.id] == Int32(reports.count), "report \(facts.id) was not reserved in this order")
        reservedReports -= 1
        return link(facts, indicators: indicators)
    }

    /// What CLEAR reports say of an indicator; nil when none names it.
    public func publicFacts(of id: IndicatorID) -> PublicFacts? { table.publicFacts(of: id) }

    /// Whether an indicator links reports: named by two or more, and not warning-listed.
    public func links(_ number: Int64) -> Bool {
        number >= 1 && Int(number) <= entries.count && !entries[Int(number) - 1].warned && entries[Int(number) - 1].reportCount > 1
    }

    /// Whether an indicator is on the warning list (it never links).
    public func isWarned(_ number: Int64) -> Bool {
        number >= 1 && Int(number) <= entries.count && entries[Int(number) - 1].warned
    }

    /// Makes room for what a rebuild will read.
    public func reserveCapacity(reports: Int, indicators: Int) {
        Self.grow(&self.reports, to: reports)
        Self.grow(&parent, to: reports)
        Self.grow(&size, to: reports)
        Self.grow(&oldest, to: reports)
        Self.grow(&entries, to: indicators)
        if reports > indexByID.capacity { indexByID.reserveCapacity(max(reports, indexByID.capacity / 4 * 5)) }
        table.contents.withLock { table in
            if indicators > table.numbers.capacity { table.numbers.reserveCapacity(max(indicators, table.numbers.capacity / 4 * 5)) }
        }
    }

    /// Room for `count` elements, growing by a quarter at least: reserving exactly what one more
    /// small write needs would copy the whole array on every write. (A quarter, not the double
    /// `append` would take: after a rebuild the arrays fit exactly, and are large.)
    private static func grow<Element>(_ array: inout [Element], to count: Int) {
        if count > array.capacity { array.reserveCapacity(max(count, array.capacity / 4 * 5)) }
    }

    /// Learns a stored canonical indicator's number: the next one, always.
    public func register(_ number: Int64, _ id: IndicatorID) {
        precondition(number == Int64(entries.count) + 1, "indicator \(number) registered after \(entries.count)")
        table.setNumber(Int32(number), of: id)
        entries.append(IndicatorEntry(warned: warnings.contains(id)))
    }

    /// Adds a report with the numbers of its linking indicators (registered before).
    @discardableResult
    public func add(_ facts: ReportFacts, indicators: [Int64]) -> Addition {
        guard indexByID[facts.id] == nil else { return Addition(added: false) }
        indexByID[facts.id] = Int32(reports.count)
        return link(facts, indicators: indicators)
    }

    /// Appends a report whose id is mapped to the next index already.
    private func link(_ facts: ReportFacts, indicators: [Int64]) -> Addition {
        let index = Int32(reports.count)
        reports.append(facts)
        parent.append(index)
        size.append(1)
        oldest.append(index)
        var addition = Addition()
        var joined: [Int32] = []
        let country = facts.country.map(CountrySet.index(of:))
        let typeBit = facts.scamType.bit
        if facts.tlp == .clear {
            table.contents.withLock { table in
                for number in indicators {
                    table.publicFacts[Int32(number), default: PublicFacts()].add(facts, country: country, typeBit: typeBit)
                }
            }
        }
        for number in indicators {
            let slot = Int(number) - 1
            var entry = entries[slot]
            if entry.reportCount == 0 { entry.firstReport = index }
            entry.reportCount += 1
            if let country { entry.countries.insert(country) }
            entry.scamTypes |= typeBit
            entry.firstSeen = min(entry.firstSeen, facts.reportedAt)
            entry.lastSeen = max(entry.lastSeen, facts.reportedAt)
            entries[slot] = entry
            guard entry.reportCount > 1, !entry.warned else { continue }
            addition.newLinks += 1
            let root = find(entry.firstReport)
            if root != find(index), !joined.contains(root) {
                joined.append(root)
                union(root, index)
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
    /// Every network of two or more reports, summarised. With `visible`, only the reports it
    /// accepts count: a network shows what the caller may see, and one with fewer than
    /// `minimumReports` visible reports is not shown; its indicator count is then left to the
    /// caller to work out from the visible reports (-1).
    public func networks(minimumReports: Int = 2, visible: ((ReportFacts) -> Bool)? = nil) -> [NetworkSummary] {
        var members: [Int32: [Int32]] = [:]
        for i in 0..<Int32(reports.count) {
            let root = find(i)
            guard size[Int(root)] >= minimumReports else { continue }
            if let visible, !visible(reports[Int(i)]) { continue }
            members[root, default: []].append(i)
        }
        var indicatorCounts: [Int32: Int] = [:]
        if visible == nil {
            for entry in entries where !entry.warned && entry.reportCount > 0 { indicatorCounts[find(entry.firstReport), default: 0] += 1 }
        }
        return members.compactMap { root, indices in
            guard indices.count >= minimumReports else { return nil }
            return NetworkSummary(reports: indices.map { reports[Int($0)] }, indicatorCount: visible == nil ? indicatorCounts[root] ?? 0 : -1,
                                  memberIndices: indices)
        }
    }

    /// The network of a report, as `visible` lets it be seen; nil when the report is unknown or
    /// not visible itself.
    public func network(ofReport id: UUID, visible: (ReportFacts) -> Bool) -> NetworkSummary? {
        guard let index = indexByID[id], Int(index) < reports.count, visible(reports[Int(index)]) else { return nil }
        let root = find(index)
        let indices = (0..<Int32(reports.count)).filter { find($0) == root && visible(reports[Int($0)]) }
        return NetworkSummary(reports: indices.map { reports[Int($0)] }, indicatorCount: -1, memberIndices: indices)
    }

    /// How many networks of two or more reports there are, and how many of them cross a border:
    /// counted without summarising them.
    public func networkCounts() -> (networks: Int, crossBorder: Int) {
        // Per root: the first country seen, then whether another one followed.
        var countries: [Int32: (first: String?, crosses: Bool)] = [:]
        for i in 0..<Int32(reports.count) {
            let root = find(i)
            guard size[Int(root)] >= 2 else { continue }
            let country = reports[Int(i)].country
            if let seen = countries[root] {
                if !seen.crosses, let country, let first = seen.first, country != first { countries[root] = (first, true) }
                else if seen.first == nil, country != nil { countries[root] = (country, false) }
            } else {
                countries[root] = (country, false)
            }
        }
        return (countries.count, countries.values.filter(\.crosses).count)
    }

    /// Values that link unusually many reports, by number: never capped, reported.
    public func hubs(threshold: Int) -> [(number: Int64, entry: IndicatorEntry)] {
        entries.enumerated().filter { !$0.element.warned && $0.element.reportCount >= threshold }
            .map { (Int64($0.offset + 1), $0.element) }
            .sorted { $0.entry.reportCount > $1.entry.reportCount }
    }

    /// Rebuilds from the store in one pass.
    public static func rebuild(from store: any Store, warnings: WarningList) async throws -> Linker {
        let linker = Linker(warnings: warnings)
        let mark = try await store.mark()
        linker.reserveCapacity(reports: Int(mark.lastReport), indicators: Int(mark.lastIndicator))
        let box = LinkerBox(linker)
        try await store.scanLinks(after: .empty, indicator: { box.linker.register($0, $1) }, report: { box.linker.add($0, indicators: $1) })
        return linker
    }
}

/// Lets the store's scan closures (which must be `@Sendable`) feed a linker that nothing else can
/// reach yet; the scan runs to completion before the linker is used anywhere else.
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
