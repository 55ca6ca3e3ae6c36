import ArgumentParser
import NIOCore
import NIOPosix

@main
struct Accord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Accord: cross-border cooperation against online scams.",
        discussion: "Start with `accord demo` to load a demo network, then `accord networks` and `accord check VALUE`.",
        version: "0.1.0",
        subcommands: [Demo.self, Ingest.self, Networks.self, Check.self, Analyze.self, Train.self, Evaluate.self, Serve.self, Admin.self, Keys.self, RequestCommand.self, DirectoryCommand.self, EvidenceCommand.self, Verify.self, Bench.self]
    )

    /// The server runs its tasks on NIO's event loops rather than on a second pool of threads, so
    /// a request does not hop between threads on its way from the socket to a handler and back.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "serve" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }
}
