import AccordCore
import AccordIntel
import AccordServer
import AccordStore
import ArgumentParser
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the node over HTTP: /healthz, /readyz and the JSON API under /api/v1.",
        discussion: "Stops cleanly on SIGTERM or Ctrl-C. Keys come from `accord admin key create`.")

    @Option(help: "The address to listen on (default: 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (default: 8080).")
    var port: Int?

    @Flag(help: "Load the demo network first (nothing new when it is loaded already).")
    var demo = false

    @Option(name: .customLong("checks-per-minute"), help: "Public checks each client address may make in a minute (default: 60).")
    var checksPerMinute: Int?

    @Option(name: .customLong("log-level"), help: "The least a log line must be: trace, debug, info, notice, warning, error or critical (default: info).")
    var logLevel: Logger.Level?

    @Option(help: "A JSON file of settings (default: $ACCORD_CONFIG): host, port, database, data_dir, checks_per_minute, log_level. A flag wins over the environment (ACCORD_PORT, …), which wins over the file.")
    var config: String?

    @OptionGroup var node: NodeOptions

    func run() async throws {
        let settings: ServeSettings
        do {
            settings = try await ServeSettings.resolve(.init(
                host: host, port: port, database: node.database, dataDir: node.dataDirectory.path,
                checksPerMinute: checksPerMinute, logLevel: logLevel, config: config))
        } catch let error as ServeSettings.SettingsError {
            throw Self.fail(error.description)
        }
        var node = self.node
        node.database = settings.database
        node.dataDirectory.path = settings.dataDir
        let log = LogSink()
        log.flushPeriodically()
        let level = settings.logLevel
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, sink: log, level: level) }
        defer { log.flush() }
        let opened = try await node.openNode(canonicalizer: try node.canonicalizer(), ingesting: true)
        guard let store = opened.store as? SQLStore else { throw Self.fail("the server needs a SQL store") }
        if demo {
            let summary = try await opened.ingestNDJSON(LineReader(data: Data((DemoNetwork().lines().joined(separator: "\n") + "\n").utf8)))
            print("demo network: \(Format.number(summary.reportsStored)) reports stored, \(Format.number(summary.duplicates)) already loaded")
        }
        if try await store.organisations().isEmpty {
            print("""
                no organisations yet: the API needs a key. Make the first one with
                  accord admin org add "Your organisation" --country VN --kind law_enforcement\(Self.options(node))
                  accord admin key create --org "Your organisation" --role admin\(Self.options(node))
                """)
        }
        print("accord serving \(Format.number(await opened.reportCount)) reports on http://\(settings.host):\(settings.port) (healthz, readyz, /api/v1)")
        fflush(nil)  // the lines above reach a log file before the server starts
        let server = AccordServer(node: opened, store: store, checksPerMinute: settings.checksPerMinute, requestLog: RequestLog(sink: log, level: level))
        do {
            try await server.application(host: settings.host, port: settings.port).runService()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// The store options to repeat in the hints, when they are not the defaults.
    static func options(_ node: NodeOptions) -> String {
        node.database.map { " --database '\($0)'" } ?? ""
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
