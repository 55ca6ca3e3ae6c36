import Hummingbird
import Metrics
import Prometheus

/// Prometheus metrics at `/metrics`: Hummingbird's request counts and durations per route and
/// status, and Accord's own ingest counts. The metrics system is set up once per process.
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

    static func text() -> String {
        _ = registry
        return registry.emitToString()
    }
}
