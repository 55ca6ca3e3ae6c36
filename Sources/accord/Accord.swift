import ArgumentParser

@main
struct Accord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Accord: cross-border cooperation against online scams.",
        discussion: "Start with `accord demo` to load a demo network, then `accord networks` and `accord check VALUE`.",
        version: "0.1.0",
        subcommands: [Demo.self, Ingest.self, Networks.self, Check.self, Serve.self, Admin.self, Bench.self]
    )
}
