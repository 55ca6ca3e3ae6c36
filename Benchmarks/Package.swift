// swift-tools-version: 6.1
// Accord's benchmarks: a package of their own, so that CI's build and `swift test` never build them.
// Run: cd Benchmarks && swift package benchmark  (see BENCHMARKS.md)
import Foundation
import PackageDescription

// A path dependency is named after its folder, which differs between checkouts.
let accord = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "accord-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Canonicalization",
            dependencies: [
                .product(name: "AccordCore", package: accord),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Canonicalization",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
