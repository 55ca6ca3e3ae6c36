import ArgumentParser

@main
struct Accord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Accord: cross-border cooperation against online scams.",
        discussion: "Start with `accord check VALUE --country CC` to see how Accord reads a phone number, link, wallet, account or handle.",
        version: "0.1.0",
        subcommands: [Check.self]
    )
}
