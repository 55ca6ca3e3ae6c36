import Foundation
import Hummingbird
import Logging
import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// Prometheus metrics at `/metrics`: requests and their durations per route, method and status,
/// and Accord's own counts. The metrics system is set up once per process.
enum ServerMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Reports stored, indicators stored, and alerts raised, over the API.
    static let reportsStored = Counter(label: "accord_reports_stored_total")
    static let indicatorsStored = Counter(label: "accord_indicators_stored_total")
    static let alertsRaised = Counter(label: "accord_alerts_raised_total")
    static let checks = Counter(label: "accord_public_checks_total")

    /// Steps taken on cooperation requests, by step (`create`, `send`, `respond`, `reminder`…).
    static func requestStep(_ step: String) -> CoreMetrics.Counter { CoreMetrics.Counter(label: "accord_request_steps_total", dimensions: [("step", step)]) }

    static func text() -> String {
        _ = registry
        return registry.emitToString()
    }
}

/// Every request, once it is answered: one log line (method, path, status, microseconds taken, and
/// never the query, which for the public check is what a person looked up) and the metrics
/// `accord_http_requests_total` and `accord_http_request_duration_seconds`. The router's
/// middleware and the channel's public check both record through it.
final class RequestObserver: Sendable {
    let level: Logger.Level
    /// Where the lines go straight, when the server has one; else through the request's logger.
    let requestLog: RequestLog?
    private let instruments = Instruments()

    init(logLevel level: Logger.Level, requestLog: RequestLog? = nil) {
        self.level = level
        self.requestLog = requestLog
    }

    /// `requestID` when `logger` does not carry the request's id already.
    func record(method: HTTPRequest.Method, path: String, route: String, status: HTTPResponse.Status, nanoseconds: UInt64, logger: Logger,
                requestID: String? = nil) {
        let (counter, timer) = instruments.of(route: route, method: method, status: status)
        counter.increment()
        timer.recordNanoseconds(Int64(nanoseconds))
        if let requestLog {
            let id = requestID ?? logger[metadataKey: "hb.request.id"]?.description
            requestLog.write(method: method, path: path, status: status, nanoseconds: nanoseconds, requestID: id)
            return
        }
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "method": .string(method.rawValue),
            "path": .string(path),
            "status": .stringConvertible(status.code),
            "duration_us": .stringConvertible(Int(nanoseconds / 1000)),
        ]
        if let requestID { metadata["hb.request.id"] = .string(requestID) }
        logger.log(level: level, "request", metadata: metadata)
    }

    /// The counter and timer of each route, method and status, made once: the metrics factory
    /// takes a lock and builds a key on every lookup.
    final class Instruments: Sendable {
        struct Key: Hashable {
            let route: String
            let method: HTTPRequest.Method
            let status: Int
        }

        private let made = Mutex<[Key: (Metrics.Counter, Metrics.Timer)]>([:])

        func of(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status) -> (Metrics.Counter, Metrics.Timer) {
            let key = Key(route: route, method: method, status: status.code)
            return made.withLock { made in
                if let found = made[key] { return found }
                let dimensions = [("route", route), ("method", method.rawValue), ("status", String(status.code))]
                let instruments = (Metrics.Counter(label: "accord_http_requests_total", dimensions: dimensions),
                                   Metrics.Timer(label: "accord_http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds))
                made[key] = instruments
                return instruments
            }
        }
    }
}

/// Records every request the router answers through the `RequestObserver`. It runs outermost, so
/// it sees the status of errors too. The answer's body is left as it is, so a small answer still
/// leaves in one write.
struct ObserveRequestsMiddleware<Context: RequestContext>: RouterMiddleware {
    let observer: RequestObserver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await next(request, context)
            record(request, context, response.status, since: start)
            return response
        } catch {
            record(request, context, (error as? any HTTPResponseError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, since start: UInt64) {
        observer.record(method: request.method, path: request.uri.path, route: context.endpointPath ?? "unmatched", status: status,
                        nanoseconds: DispatchTime.now().uptimeNanoseconds - start, logger: context.logger)
    }
}
