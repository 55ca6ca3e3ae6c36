// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "accord",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AccordCore", targets: ["AccordCore"]),
        .library(name: "AccordStore", targets: ["AccordStore"]),
        .library(name: "AccordIntel", targets: ["AccordIntel"]),
        .library(name: "AccordEvidence", targets: ["AccordEvidence"]),
        .library(name: "AccordCooperation", targets: ["AccordCooperation"]),
        .executable(name: "accord", targets: ["accord"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.30.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // Pure domain values: indicators and their canonical forms. No I/O, no database, no HTTP.
        .target(
            name: "AccordCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The Store protocol and its one SQL implementation, on SQLite and PostgreSQL; migrations.
        .target(
            name: "AccordStore",
            dependencies: [
                "AccordCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Linking reports into networks; the node's intake and look-ups.
        .target(name: "AccordIntel", dependencies: [
            "AccordCore", "AccordStore", .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Resources/scam-model.accordmodel")]),
        // Electronic evidence: the node's signing key, the vault, the custody log (RFC 9162 Merkle
        // tree) and packages a court can verify offline.
        .target(name: "AccordEvidence", dependencies: [
            "AccordCore", "AccordStore", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Cooperation under the Convention: the directory, typed requests, their life cycle and clocks.
        .target(name: "AccordCooperation", dependencies: ["AccordCore", "AccordStore", "AccordIntel"]),
        // The HTTP server: routes, access control, problem responses.
        .target(name: "AccordServer", dependencies: [
            "AccordCore", "AccordStore", "AccordIntel", "AccordCooperation", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Metrics", package: "swift-metrics"), .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The CLI: one file per subcommand, each a thin shell over a library call.
        .executableTarget(
            name: "accord",
            dependencies: [
                "AccordCore",
                "AccordStore",
                "AccordIntel",
                "AccordServer",
                "AccordEvidence",
                "AccordCooperation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"), .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The real data beside the project, for the tests of every library.
        .target(name: "AccordTestSupport", dependencies: [
            "AccordStore", .product(name: "PostgresKit", package: "postgres-kit"), .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/AccordTestSupport"),
        .testTarget(name: "AccordCoreTests", dependencies: ["AccordCore", "AccordTestSupport"]),
        .testTarget(name: "AccordCLITests", dependencies: ["accord"]),
        .testTarget(name: "AccordEvidenceTests", dependencies: ["AccordEvidence", "AccordCore", "AccordStore", "AccordTestSupport"]),
        .testTarget(name: "AccordCooperationTests", dependencies: ["AccordCooperation", "AccordIntel", "AccordTestSupport"]),
        .testTarget(name: "AccordIntelTests", dependencies: ["AccordIntel", "AccordTestSupport"]),
        .testTarget(name: "AccordStoreTests", dependencies: ["AccordStore", "AccordIntel", "AccordTestSupport"]),
        .testTarget(name: "AccordServerTests", dependencies: [
            "AccordServer", "AccordTestSupport", "AccordEvidence", "AccordCooperation", .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
