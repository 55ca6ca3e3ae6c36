@testable import AccordStore
import Foundation
import Logging
import PostgresKit
import Testing

/// The databases the storage suite runs on: SQLite always; PostgreSQL when the test script started
/// one (`ACCORD_TEST_POSTGRES_URL`).
public enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    public static var available: [Backend] {
        ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public var testDescription: String { rawValue }

    /// A fresh, empty store. Suites that run beside each other name their own PostgreSQL database
    /// (made on first use next to the test database), since a fresh store drops every table.
    public func open(database: String? = nil) async throws -> SQLStore {
        switch self {
        case .sqlite:
            return try await SQLStore.open(.sqliteMemory)
        case .postgres:
            var url = ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"]!
            if let database {
                try await Self.createDatabase(database, beside: url)
                url = String(url[..<url.lastIndex(of: "/")!]) + "/" + database
            }
            let store = try await SQLStore.open(.postgres(url))
            try await store.dropEverything()
            return store
        }
    }

    private static func createDatabase(_ name: String, beside url: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: url)
        let connection = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 2, logger: Logger(label: "accord.tests"))
        do {
            let rows = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: Logger(label: "accord.tests"))
            var exists = false
            for try await _ in rows { exists = true }
            if !exists { try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""), logger: Logger(label: "accord.tests")) }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

