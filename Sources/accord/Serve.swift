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

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Flag(help: "Load the demo network first (nothing new when it is loaded already).")
    var demo = false

    @Option(name: .customLong("checks-per-minute"), help: "Public checks each client address may make in a minute.")
    var checksPerMinute = 60

    @Option(name: .customLong("log-level"), help: "The least a log line must be: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @OptionGroup var node: NodeOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port takes 1 to 65535, not \(port)") }
        guard checksPerMinute >= 1 else { throw ValidationError("--checks-per-minute must be 1 or more") }
    }

    func run() async throws {
        let log = LogSink()
        log.flushPeriodically()
        let level = logLevel
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, sink: log, level: level) }
        defer { log.flush() }
        let opened = try await node.openNode(canonicalizer: try node.canonicalizer())
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
        print("accord serving \(Format.number(await opened.reportCount)) reports on http://\(host):\(port) (healthz, readyz, /api/v1)")
        fflush(nil)  // the lines above reach a log file before the server starts
        let server = AccordServer(node: opened, store: store, checksPerMinute: checksPerMinute)
        try await server.application(host: host, port: port).runService()
        try await store.close()
    }

    /// The store options to repeat in the hints, when they are not the defaults.
    static func options(_ node: NodeOptions) -> String {
        node.database.map { " --database '\($0)'" } ?? ""
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
