import Foundation

/// Where a node's store lives: `sqlite:PATH` (the embedded default), `sqlite::memory:` (tests), or
/// a `postgres://user:password@host:port/database` URL.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(String)

    public init(parsing text: String) throws(StoreError) {
        if text == "sqlite::memory:" || text == ":memory:" {
            self = .sqliteMemory
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError("sqlite: needs a file path, like sqlite:accord-data/accord.sqlite") }
            self = .sqliteFile(path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(text)
        } else {
            throw StoreError("'\(text)' is not a database: use sqlite:PATH or postgres://user:password@host:port/database")
        }
    }

    /// The URL with any password hidden, for logs and messages.
    public var description: String {
        switch self {
        case .sqliteFile(let path): "sqlite:\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let url):
            url.replacingOccurrences(of: #"://([^:/@]+):[^@]*@"#, with: "://$1:***@", options: .regularExpression)
        }
    }

    public var isPostgres: Bool { if case .postgres = self { true } else { false } }
}

/// A storage failure, in words for the person running the node.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
