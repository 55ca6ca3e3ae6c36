// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "accord",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AccordCore", targets: ["AccordCore"]),
        .executable(name: "accord", targets: ["accord"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Pure domain values: indicators and their canonical forms. No I/O, no database, no HTTP.
        .target(
            name: "AccordCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The CLI: one file per subcommand, each a thin shell over a library call.
        .executableTarget(
            name: "accord",
            dependencies: [
                "AccordCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "AccordCoreTests", dependencies: ["AccordCore"]),
    ],
    swiftLanguageModes: [.v6]
)
