@testable import accord
import Foundation
import Logging
import Testing

@Suite("accord serve's settings")
struct ServeSettingsTests {
    func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-settings-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("nothing given: the defaults")
    func defaults() async throws {
        #expect(try await ServeSettings.resolve(.init(), environment: [:]) == ServeSettings())
    }

    @Test("a flag wins over the environment, the environment over the file, the file over the default")
    func precedence() async throws {
        let path = try file(#"{"host": "0.0.0.0", "port": 9000, "checks_per_minute": 10, "log_level": "debug", "database": "sqlite:/srv/a.sqlite", "data_dir": "/srv"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try await ServeSettings.resolve(.init(config: path), environment: [:])
        #expect(fromFile.host == "0.0.0.0")
        #expect(fromFile.port == 9000)
        #expect(fromFile.checksPerMinute == 10)
        #expect(fromFile.logLevel == .debug)
        #expect(fromFile.database == "sqlite:/srv/a.sqlite")
        #expect(fromFile.dataDir == "/srv")
        let environment = ["ACCORD_CONFIG": path, "ACCORD_PORT": "9100", "ACCORD_LOG_LEVEL": "warning"]
        let fromEnvironment = try await ServeSettings.resolve(.init(), environment: environment)
        #expect(fromEnvironment.port == 9100)
        #expect(fromEnvironment.logLevel == .warning)
        #expect(fromEnvironment.checksPerMinute == 10, "what the environment does not set still comes from the file")
        let fromFlags = try await ServeSettings.resolve(.init(port: 9200, logLevel: .error), environment: environment)
        #expect(fromFlags.port == 9200)
        #expect(fromFlags.logLevel == .error)
        #expect(fromFlags.host == "0.0.0.0")
    }

    @Test("bad settings are refused with what is wrong and where", arguments: [
        (#"{"port": "abc"}"#, [:], "port in the config file"),
        (#"{"prot": 8080}"#, [:], "has 'prot', which is not a setting"),
        (#"[8080]"#, [:], "is not a JSON object"),
        (#"{"port": 70000}"#, [:], "the port takes 1 to 65535, not 70000"),
        (#"{"checks_per_minute": 0}"#, [:], "checks per minute must be 1 or more"),
        (#"{"log_level": "loud"}"#, [:], "log_level takes one of trace"),
        (#"{}"#, ["ACCORD_PORT": "eighty"], "ACCORD_PORT in the environment must be a whole number"),
        (#"{"database": "mysql://db/accord"}"#, [:], "database: 'mysql://db/accord' is not a database"),
    ] as [(String, [String: String], String)])
    func refused(json: String, environment: [String: String], message: String) async throws {
        let path = try file(json)
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect {
            try await ServeSettings.resolve(.init(config: path), environment: environment)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("a flag out of range is refused like a file's value")
    func badFlag() async {
        await #expect(throws: ServeSettings.SettingsError.self) {
            try await ServeSettings.resolve(.init(port: 0), environment: [:])
        }
    }

    @Test("a config file that is not there is an error, not an empty file")
    func missing() async {
        await #expect(throws: ServeSettings.SettingsError.self) {
            try await ServeSettings.resolve(.init(config: "/nonexistent/accord.json"), environment: [:])
        }
    }
}
