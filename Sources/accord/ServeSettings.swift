import ArgumentParser
import Configuration
import AccordStore
import Foundation
import Logging
import Synchronization
import SystemPackage

/// `accord serve`'s settings, from four places, the first that has a setting winning: a flag,
/// the environment (`ACCORD_PORT`, `ACCORD_CHECKS_PER_MINUTE`, …), the JSON config file
/// (`--config FILE` or `ACCORD_CONFIG`), the default. Every value is checked here, whichever
/// place it came from.
struct ServeSettings: Equatable {
    var host = "127.0.0.1"
    var port = 8080
    var database: String?
    var dataDir: String?
    var checksPerMinute = 60
    var logLevel = Logger.Level.info

    /// The config file's members; each is also `ACCORD_<NAME IN CAPITALS>` in the environment.
    static let names = ["host", "port", "database", "data_dir", "checks_per_minute", "log_level"]

    /// What the flags said; nil where a flag was not given.
    struct Flags {
        var host: String?, port: Int?, database: String?, dataDir: String?, checksPerMinute: Int?, logLevel: Logger.Level?
        var config: String?
    }

    static func resolve(_ flags: Flags, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ServeSettings {
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "accord")
        ]
        if let path = flags.config ?? environment["ACCORD_CONFIG"] {
            try checkMembers(ofFile: path)
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch {
                throw SettingsError("the config file \(path) could not be read: \(error)")
            }
        }
        let problems = Problems(file: flags.config ?? environment["ACCORD_CONFIG"])
        let config = ConfigReader(providers: providers, accessReporter: problems)
        var settings = ServeSettings()
        settings.host = flags.host ?? config.string(forKey: "host") ?? settings.host
        settings.port = flags.port ?? config.int(forKey: "port") ?? settings.port
        settings.database = flags.database ?? config.string(forKey: "database")
        settings.dataDir = flags.dataDir ?? config.string(forKey: "data_dir")
        settings.checksPerMinute = flags.checksPerMinute ?? config.int(forKey: "checks_per_minute") ?? settings.checksPerMinute
        if let level = flags.logLevel {
            settings.logLevel = level
        } else if let text = config.string(forKey: "log_level") {
            guard let level = Logger.Level(rawValue: text) else {
                throw SettingsError("log_level takes one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            }
            settings.logLevel = level
        }
        if let problem = problems.first { throw SettingsError(problem) }
        guard (1...65535).contains(settings.port) else { throw SettingsError("the port takes 1 to 65535, not \(settings.port)") }
        guard settings.checksPerMinute >= 1 else { throw SettingsError("checks per minute must be 1 or more, not \(settings.checksPerMinute)") }
        guard !settings.host.isEmpty else { throw SettingsError("the host is empty") }
        if let database = settings.database {
            do { _ = try DatabaseLocation(parsing: database) } catch { throw SettingsError("database: \(error.message)") }
        }
        return settings
    }

    /// A misspelt member would otherwise be ignored without a word: refuse it, naming the known.
    static func checkMembers(ofFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("the config file \(path) does not exist or cannot be read")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw SettingsError("the config file \(path) is not a JSON object")
        }
        for name in object.keys.sorted() where !names.contains(name) {
            throw SettingsError("the config file \(path) has '\(name)', which is not a setting (settings: \(names.joined(separator: ", ")))")
        }
    }

    struct SettingsError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Values that were there but not of the type asked: swift-configuration reports them here
    /// rather than failing the read.
    final class Problems: AccessReporter {
        let file: String?
        private let found = Mutex<[String]>([])

        init(file: String?) { self.file = file }

        var first: String? { found.withLock { $0.first } }

        func report(_ event: AccessEvent) {
            let key = event.metadata.key.components.joined(separator: "_")
            let kind = event.metadata.valueType == .int ? "a whole number" : "a \(event.metadata.valueType)"
            for result in event.providerResults {
                guard case .failure = result.result else { continue }
                let place = result.providerName.contains("Environment")
                    ? "\(("accord_" + key).uppercased()) in the environment" : "\(key) in the config file \(file ?? "")"
                found.withLock { $0.append("\(place) must be \(kind)") }
                return
            }
            if let error = event.conversionError {
                found.withLock { $0.append("\(key) must be \(kind): \(error)") }
            }
        }
    }
}
