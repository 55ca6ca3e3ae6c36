import AccordCooperation
import AccordCore
import AccordIntel
import AccordStore
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging

/// The node behind HTTP: `/healthz`, `/readyz`, and the JSON API under `/api/v1`.
public struct AccordServer: Sendable {
    public let node: Node
    public let store: SQLStore
    /// Public checks per client address and minute.
    let checks: RateLimiter
    /// Open alert streams, and the steps of requests they carry too.
    let hub = Hub<StoredAlert>()
    let requestHub = Hub<RequestEvent>()
    /// Requests between the node's organisations, and the directory.
    public let cooperation: Cooperation
    /// Every request's log line and metrics.
    let observer: RequestObserver
    /// The `Server` header.
    static let name = "accord"
    /// Public checks answered in the channel rather than by the router.
    let checksInChannel = Count()

    /// `requestLog`: where request lines go straight (the server's `LogSink`); without one, they go
    /// through each request's logger.
    /// `now` is the cooperation's clock (tests move it).
    public init(node: Node, store: SQLStore, checksPerMinute: Int = 60, requestLog: RequestLog? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.node = node
        self.store = store
        self.cooperation = Cooperation(store: store, node: node, canonicalizer: node.reader.canonicalizer, now: now)
        self.checks = RateLimiter(limit: checksPerMinute, per: 60)
        self.observer = RequestObserver(logLevel: .info, requestLog: requestLog)
    }

    /// The application, ready to run or to test.
    public func application(host: String = "127.0.0.1", port: Int = 8080, logger: Logger = Logger(label: "accord.server")) -> some ApplicationProtocol {
        let channel = HTTP1Channel.Configuration(additionalChannelHandlers: [
            PublicCheckHandler(answer: { [self] in answerInChannel(target: $0, client: $1) }, observer: observer, logger: logger),
        ])
        return Application(router: router(), server: .http1(configuration: channel),
                           configuration: .init(address: .hostname(host, port: port), serverName: Self.name),
                           services: [RequestClocks(server: self, logger: logger)], logger: logger)
    }

    public func router() -> Router<AccordContext> {
        _ = ServerMetrics.registry
        let router = Router(context: AccordContext.self)
        router.add(middleware: ObserveRequestsMiddleware(observer: observer))
        router.add(middleware: ProblemMiddleware())
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ in try await readiness() }
        router.get("/check") { request, context in try await checkPage(request, context) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: ServerMetrics.text())))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        }
        let api = router.group("/api/v1").add(middleware: KeyMiddleware(authenticate: { [store] in try await store.authenticate($0) }))
        api.post("/reports") { request, context in try await createReport(request, context) }
        api.post("/reports/bulk") { request, context in try await createReports(request, context) }
        api.get("/reports") { request, context in try await listReports(request, context) }
        api.get("/reports/{id}") { request, context in try await getReport(request, context) }
        api.get("/check") { request, context in try await check(request, context) }
        api.post("/analyze") { request, context in try await analyze(request, context) }
        api.get("/indicators") { request, context in try await getIndicator(request, context) }
        api.get("/stats") { request, context in try await statistics(request, context) }
        api.get("/alerts") { request, context in try await listAlerts(request, context) }
        api.get("/alerts/stream") { request, context in try await streamAlerts(request, context) }
        api.get("/networks") { request, context in try await listNetworks(request, context) }
        api.get("/networks/{id}") { request, context in try await getNetwork(request, context) }
        addCooperationRoutes(to: api)
        return router
    }

    struct Readiness: ResponseEncodable {
        let status: String
        let reports: Int
        let migrations: [Int]
    }

    func readiness() async throws -> Readiness {
        do {
            let migrations = try await store.appliedMigrations().map(\.0)
            guard migrations == SQLStore.schemaVersions else { throw Problem(.serviceUnavailable, "migrations applied: \(migrations), expected \(SQLStore.schemaVersions)") }
            return Readiness(status: "ready", reports: try await store.reportCount(), migrations: migrations)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(.serviceUnavailable, "the store does not answer: \(error)")
        }
    }

    /// What a created report gets back.
    struct Created: ResponseEncodable {
        let id: String
        let seq: Int64?
        let created: Bool
        let indicators: Int
        let invalidIndicators: Int
        let newLinks: Int

        enum CodingKeys: String, CodingKey {
            case id, seq, created, indicators
            case invalidIndicators = "invalid_indicators", newLinks = "new_links"
        }
    }

    func createReport(_ request: Request, _ context: AccordContext) async throws -> EditedResponse<Created> {
        let organisation = try Self.submitter(context)
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "a report is sent as application/json")
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
            throw Problem(.contentTooLarge, "a report is at most \(context.maxUploadSize) bytes")
        }
        let text = String(buffer: body)
        let report: Report
        do throws(ReportError) {
            report = try node.reader.read(json: text)
        } catch {
            throw Problem(.unprocessableContent, error.field.map { "\($0): \(error.reason)" } ?? error.reason, pointer: Problem.pointer(field: error.field))
        }
        if let existing = try await node.report(id: report.id) {
            // The same report again is fine; another report under a used id is a conflict.
            guard existing.submittedBy == organisation.id, Self.sameContent(existing.report, report) else {
                throw Problem(.conflict, "report \(report.id.lowercasedString) exists with other content")
            }
            return EditedResponse(status: .ok, response: Created(id: report.id.lowercasedString, seq: existing.seq, created: false,
                                                                 indicators: 0, invalidIndicators: 0, newLinks: 0))
        }
        let summary = try await node.ingest(reports: [report], submittedBy: organisation.id)
        try await alert(summary)
        let seq = await node.withLinker { $0.seq(ofReport: report.id) }
        return EditedResponse(status: .created, headers: [.location: "/api/v1/reports/\(report.id.lowercasedString)"],
                              response: Created(id: report.id.lowercasedString, seq: seq, created: summary.reportsStored == 1,
                                                indicators: summary.indicators, invalidIndicators: summary.invalidIndicators, newLinks: summary.newLinks))
    }

    /// The most a bulk upload may hold.
    static let maxBulkBytes = 256 << 20

    /// NDJSON, one report a line, stored in one transaction: the rules of `accord ingest`.
    func createReports(_ request: Request, _ context: AccordContext) async throws -> BulkSummary {
        let organisation = try Self.submitter(context)
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-ndjson") == true else {
            throw Problem(.unsupportedMediaType, "a bulk upload is sent as application/x-ndjson, one report a line")
        }
        let skipInvalid = try Self.flag(request, "skip_invalid")
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Self.maxBulkBytes) } catch {
            throw Problem(.contentTooLarge, "a bulk upload is at most \(Self.maxBulkBytes >> 20) MiB: split it")
        }
        var options = IngestOptions(skipInvalid: skipInvalid)
        options.submittedBy = organisation.id
        do {
            let summary = try await node.ingestNDJSON(LineReader(data: Data(buffer: body)), options: options)
            try await alert(summary)
            return BulkSummary(summary)
        } catch let error as IngestError {
            throw Problem(.unprocessableContent, "\(error); nothing was stored (skip_invalid=true stores the valid lines)")
        }
    }

    struct BulkSummary: ResponseEncodable {
        let summary: IngestSummary
        init(_ summary: IngestSummary) { self.summary = summary }
        func encode(to encoder: any Encoder) throws { try summary.encode(to: encoder) }
    }

    /// Raises the alerts of what an ingest stored. The reports are stored whatever happens here: a
    /// failure is logged, not answered as a failed submission.
    public func alert(_ summary: IngestSummary) async throws {
        ServerMetrics.reportsStored.increment(by: summary.reportsStored)
        ServerMetrics.indicatorsStored.increment(by: summary.indicators)
        guard let seqs = summary.storedSeqs else { return }
        do { try await raiseAlerts(for: seqs) } catch {
            Logger(label: "accord.alerts").error("alerts for reports \(seqs) were not raised", metadata: ["error": "\(error)"])
        }
    }

    /// Refuses a key that submits only; the public and reading keys go on (markings then apply).
    static func mayRead(_ context: AccordContext) throws {
        if let role = context.caller.role, !role.canRead { throw Problem(.forbidden, "a \(role.rawValue) key submits reports and reads none") }
    }

    /// The caller's organisation, when its key may read; `what` says what needs the key.
    static func reader(_ context: AccordContext, _ what: String) throws -> Organisation {
        guard let organisation = context.caller.organisation else { throw Problem(.unauthorized, "\(what) needs a key: Authorization: Bearer <key>") }
        try mayRead(context)
        return organisation
    }

    /// The `country` parameter as an ISO 3166-1 code.
    static func country(_ query: Parameters) throws -> String? {
        guard let text = query.get("country") else { return nil }
        guard let code = Countries.code(text) else { throw Problem(.badRequest, "country takes an ISO 3166-1 code such as VN, not '\(text)'") }
        return code
    }

    /// A date or RFC 3339 time parameter.
    static func date(_ query: Parameters, _ name: String) throws -> Date? {
        guard let text = query.get(name) else { return nil }
        guard let date = RFC3339.parse(text, allowDate: true) else { throw Problem(.badRequest, "\(name) takes a date (2026-10-01) or an RFC 3339 time, not '\(text)'") }
        return date
    }

    /// The caller's organisation, when its key may submit.
    static func submitter(_ context: AccordContext) throws -> Organisation {
        guard let organisation = context.caller.organisation, let role = context.caller.role else {
            throw Problem(.unauthorized, "submitting reports needs a key: Authorization: Bearer <key>")
        }
        guard role.canSubmit else { throw Problem(.forbidden, "a \(role.rawValue) key cannot submit reports") }
        return organisation
    }

    static func flag(_ request: Request, _ name: String) throws -> Bool {
        switch request.uri.formParameters.get(name) {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let other?: throw Problem(.badRequest, "\(name) takes true or false, not '\(other)'")
        }
    }

    /// A page of the reports the caller may see, newest first, without personal data.
    struct ReportPage: ResponseEncodable {
        let reports: [ReportSummary]
        /// Pass as `cursor` for the next page; absent on the last.
        let nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case reports
            case nextCursor = "next_cursor"
        }
    }

    func listReports(_ request: Request, _ context: AccordContext) async throws -> ReportPage {
        try Self.mayRead(context)
        let query = request.uri.formParameters
        var filter = ReportFilter()
        filter.country = try Self.country(query)
        if let text = query.get("scam_type") {
            guard let type = ScamType(rawValue: text) else {
                throw Problem(.badRequest, "scam_type takes one of \(ScamType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            }
            filter.scamType = type
        }
        if let name = query.get("organisation") {
            guard let organisation = try await store.organisation(named: name) else { throw Problem(.badRequest, "no organisation named '\(name)' on this node") }
            filter.submittedBy = organisation.id
        }
        filter.since = try Self.date(query, "since")
        filter.until = try Self.date(query, "until")
        if let value = query.get("indicator") {
            let indicator = try Self.canonical(value, kind: query.get("kind"), country: query.get("indicator_country"), node.reader.canonicalizer)
            // An indicator no report names: an empty page, not an error.
            guard let number = await node.withLinker({ $0.number(of: indicator.id) }) else { return ReportPage(reports: [], nextCursor: nil) }
            filter.indicator = number
        }
        if let text = query.get("limit") {
            guard let limit = Int(text), (1...1000).contains(limit) else { throw Problem(.badRequest, "limit takes 1 to 1000, not '\(text)'") }
            filter.limit = limit
        }
        if let text = query.get("cursor") {
            guard let cursor = Int64(text), cursor > 0 else { throw Problem(.badRequest, "cursor takes the next_cursor of the previous page, not '\(text)'") }
            filter.before = cursor
        }
        let reports = try await store.listReports(filter, visibility: Visibility(context.caller))
        return ReportPage(reports: reports, nextCursor: reports.count == filter.limit ? reports.last.map { String($0.seq) } : nil)
    }

    /// A value from a query, canonicalised: as `kind` when given, else as the first kind it reads as.
    static func canonical(_ value: String, kind: String?, country: String?, _ canonicalizer: Canonicalizer) throws -> CanonicalIndicator {
        if let kind {
            guard let kind = IndicatorKind(rawValue: kind) else {
                throw Problem(.badRequest, "kind takes one of \(IndicatorKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(kind)'")
            }
            do { return try canonicalizer.canonicalize(kind, value, country: country) } catch {
                throw Problem(.badRequest, "'\(value)' is not a valid \(kind.rawValue): \(error.reason)")
            }
        }
        guard let first = canonicalizer.identify(value, country: country) else {
            throw Problem(.badRequest, "'\(value)' is not a valid indicator")
        }
        switch first.result {
        case .success(let indicator): return indicator
        case .failure(let error): throw Problem(.badRequest, "'\(value)' is not a valid indicator (as a \(first.kind.rawValue): \(error.reason))")
        }
    }

    /// The networks the caller may see, cross-border ones unless `all`: a network counts only the
    /// reports the caller may see, and one with fewer than two of them is not shown.
    func listNetworks(_ request: Request, _ context: AccordContext) async throws -> [NetworkView] {
        try Self.mayRead(context)
        let query = request.uri.formParameters
        let all = try Self.flag(request, "all")
        var ranking = NetworkRanking.loss
        if let text = query.get("sort") {
            guard let value = NetworkRanking(rawValue: text) else { throw Problem(.badRequest, "sort takes loss or victims, not '\(text)'") }
            ranking = value
        }
        let country = try Self.country(query)
        var limit = 20
        if let text = query.get("limit") {
            guard let value = Int(text), (1...100).contains(value) else { throw Problem(.badRequest, "limit takes 1 to 100, not '\(text)'") }
            limit = value
        }
        let networks = await node.networks(crossBorderOnly: !all, ranking: ranking, country: country, limit: limit, visibleTo: context.caller)
        var views: [NetworkView] = []
        for network in networks { views.append(NetworkView(network, indicators: try await visibleIndicators(of: network).count)) }
        return views
    }

    /// The canonical indicators the visible reports of a network link on (never a warning-listed one).
    func visibleIndicators(of network: NetworkSummary) async throws -> [Int64] {
        let numbers = try await store.linkedIndicators(ofReports: await node.seqs(of: network))
        return await node.withLinker { linker in numbers.filter { !linker.isWarned($0) } }
    }

    struct NetworkDetail: ResponseEncodable {
        let network: NetworkView
        let reports: [ReportSummary]
        let indicators: [IndicatorView]
    }

    struct IndicatorView: Encodable {
        let kind: String
        let value: String
    }

    /// One network, named by any of its reports the caller may see: its visible reports and the
    /// indicators they link on.
    func getNetwork(_ request: Request, _ context: AccordContext) async throws -> NetworkDetail {
        try Self.mayRead(context)
        let text = try context.parameters.require("id")
        guard let id = UUID(uuidString: text) else { throw Problem(.badRequest, "'\(text)' is not a network id (the id of one of its reports)") }
        guard let network = await node.network(ofReport: id, visibleTo: context.caller) else {
            throw Problem(.notFound, "no network \(id.lowercasedString) that this key may see")
        }
        let numbers = try await visibleIndicators(of: network)
        let names = try await store.indicators(numbers: numbers)
        // The member reports, newest first (their summaries carry no personal data).
        let reports = try await store.reportSummaries(seqs: await node.seqs(of: network).sorted(by: >))
        return NetworkDetail(network: NetworkView(network, indicators: numbers.count), reports: reports,
                             indicators: numbers.compactMap { names[$0].map { IndicatorView(kind: $0.kind.rawValue, value: $0.value) } })
    }

    /// The public check: no key, CLEAR reports only, a verdict, rate-limited per client address.
    /// A check that is answered `200` is usually answered before the router, in the connection's
    /// channel (`PublicCheckHandler`), by `answerInChannel`; this route answers the rest.
    func check(_ request: Request, _ context: AccordContext) throws -> CheckAnswer {
        if let wait = checks.retryAfter(context.clientAddress) {
            throw Problem(.tooManyRequests, "too many checks from this address: try again in \(wait) s", retryAfter: wait)
        }
        ServerMetrics.checks.increment()
        return try publicCheck(request.uri.formParameters)
    }

    /// What the public check says of the value in `query`: everything synchronous, from memory.
    func publicCheck(_ query: Parameters) throws -> CheckAnswer {
        guard let value = query.get("value"), value.contains(where: { !$0.isWhitespace }) else {
            throw Problem(.badRequest, "value is missing: /api/v1/check?value=…")
        }
        let country = try Self.country(query)
        let indicator = try Self.canonical(value, kind: query.get("kind"), country: country, node.reader.canonicalizer)
        return CheckAnswer(indicator, node.publicKnowledge(of: indicator))
    }

    /// The body of the check's answer to `target` from `client`, when it is a `200`: the value
    /// read and the client within its rate limit (the value is read first, so that a request
    /// left to the router does not spend two of the client's checks). Nil leaves it to the router.
    func answerInChannel(target: String, client: String) -> ByteBuffer? {
        guard let answer = try? publicCheck(URI(target).formParameters), checks.retryAfter(client) == nil else { return nil }
        ServerMetrics.checks.increment()
        checksInChannel.add()
        return answer.body()
    }

    struct IndicatorDetail: ResponseEncodable {
        let kind: String
        let value: String
        let id: String
        let stixID: String
        let known: IndicatorFacts
        /// The newest reports naming it that the caller may see (no personal data).
        let reports: [ReportSummary]

        enum CodingKeys: String, CodingKey {
            case kind, value, id, known, reports
            case stixID = "stix_id"
        }
    }

    /// One indicator, in any writing (`value`, with `kind` and `country` to say how to read it),
    /// with what the reports the caller may see say of it.
    func getIndicator(_ request: Request, _ context: AccordContext) async throws -> IndicatorDetail {
        try Self.mayRead(context)
        let query = request.uri.formParameters
        guard let value = query.get("value"), !value.isEmpty else { throw Problem(.badRequest, "value is missing: /api/v1/indicators?value=…") }
        let indicator = try Self.canonical(value, kind: query.get("kind"), country: try Self.country(query), node.reader.canonicalizer)
        let visibility = Visibility(context.caller)
        var known = IndicatorFacts()
        var reports: [ReportSummary] = []
        if let number = await node.withLinker({ $0.number(of: indicator.id) }) {
            known = try await store.indicatorFacts(number: number, visibility: visibility)
            var filter = ReportFilter()
            filter.indicator = number
            reports = try await store.listReports(filter, visibility: visibility)
        }
        return IndicatorDetail(kind: indicator.kind.rawValue, value: indicator.value, id: indicator.id.description, stixID: indicator.stixID,
                               known: known, reports: reports)
    }

    func statistics(_ request: Request, _ context: AccordContext) async throws -> ReportStatistics {
        try Self.mayRead(context)
        let query = request.uri.formParameters
        return try await store.statistics(visibility: Visibility(context.caller), since: try Self.date(query, "since"), until: try Self.date(query, "until"))
    }

    static func sameContent(_ a: Report, _ b: Report) -> Bool {
        a.externalRef == b.externalRef && a.country == b.country && a.scamType == b.scamType && a.reportedAt == b.reportedAt
            && a.loss == b.loss && a.narrative == b.narrative && a.tlp == b.tlp && a.pap == b.pap
            && a.indicators.map(\.raw.value) == b.indicators.map(\.raw.value)
    }

    func getReport(_ request: Request, _ context: AccordContext) async throws -> ReportView {
        let organisation = try Self.reader(context, "reading reports")
        let text = try context.parameters.require("id")
        guard let id = UUID(uuidString: text) else { throw Problem(.badRequest, "'\(text)' is not a report id (a UUID)") }
        // A report the caller may not see is answered as one that does not exist: its existence is
        // information too.
        guard let stored = try await node.report(id: id),
              Access.canRead(stored.report.tlp, submittedBy: stored.submittedBy, caller: context.caller) else {
            throw Problem(.notFound, "no report \(id.lowercasedString) that this key may read")
        }
        try await store.logAccess(keyID: context.keyID, organisationID: organisation.id, action: "read report", reportSeq: stored.seq)
        return ReportView(stored)
    }
}

extension ReportStatistics: ResponseEncodable {}

/// A report as the API shows it.
struct ReportView: ResponseEncodable {
    let id: String
    let seq: Int64
    let externalRef: String?
    let organisation: String?
    let country: String?
    let scamType: String
    let reportedAt: String
    let occurredAt: String?
    let loss: Money?
    let narrative: String?
    let tlp: String
    let pap: String
    let indicators: [Indicator]

    struct Indicator: Encodable {
        let kind: String
        let value: String
        let chain: String?
        let platform: String?
        let problem: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, seq, organisation, country, loss, narrative, tlp, pap, indicators
        case externalRef = "external_ref", scamType = "scam_type", reportedAt = "reported_at", occurredAt = "occurred_at"
    }

    init(_ stored: StoredReport) {
        let r = stored.report
        id = r.id.lowercasedString
        seq = stored.seq
        externalRef = r.externalRef
        organisation = r.organisation
        country = r.country
        scamType = r.scamType.rawValue
        reportedAt = RFC3339.format(r.reportedAt)
        occurredAt = r.occurredAt
        loss = r.loss
        narrative = r.narrative
        tlp = r.tlp.rawValue
        pap = r.pap.rawValue
        indicators = r.indicators.map { Indicator(kind: $0.raw.kind.rawValue, value: $0.raw.value, chain: $0.raw.chain, platform: $0.raw.platform, problem: $0.problem) }
    }
}
