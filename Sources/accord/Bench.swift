import AccordCore
import AccordIntel
import ArgumentParser
import Foundation

/// Measurements that need the whole node in one process; scripts/bench-node.sh drives them.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the node in process: network rebuild, look-ups; the custody log and the vault; the scam-text analyser.",
        discussion: "Used by scripts/bench-node.sh; results go to BENCHMARKS.md. Prints one `key value` per line.",
        subcommands: [NodeBench.self, EvidenceBench.self, AnalysisBench.self])

    struct NodeBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "node",
            abstract: "Rebuild the networks from the store, then time `check` look-ups of stored and unknown values.")

        @Option(help: "How many look-ups to time.")
        var samples = 200_000

        @OptionGroup var node: NodeOptions

        func run() async throws {
            guard node.storeExists else { throw Self.fail("no store to measure: ingest reports first") }
            let canonicalizer = try node.canonicalizer(createCardKey: false)
            let clock = ContinuousClock()
            let started = clock.now
            let opened = try await node.openNode(canonicalizer: canonicalizer)
            let rebuild = clock.now - started
            print("reports \(await opened.reportCount)")
            print("rebuild_seconds \(String(format: "%.2f", seconds(rebuild)))")
            print("rss_after_rebuild_mib \(Self.peakRSSMiB())")
            // Known values from the store, and as many values the node has never seen.
            let known = try await opened.store.indicatorSample(limit: 5_000)
            let unknown = (0..<known.count).map { (IndicatorKind.phone, "+800 \(String(format: "%08d", 90_000_000 + $0))") }
            let values = known + unknown
            guard !values.isEmpty else { throw Self.fail("the store holds no indicators") }
            let count = samples
            let (durations, hits) = await opened.withLinker { linker -> ([Double], Int) in
                var durations = [Double](repeating: 0, count: count)
                var hits = 0
                for i in 0..<count {
                    let (kind, value) = values[i % values.count]
                    let start = clock.now
                    if let indicator = try? canonicalizer.canonicalize(kind, value), Node.knowledge(of: indicator, in: linker) != nil { hits += 1 }
                    durations[i] = seconds(clock.now - start)
                }
                return (durations, hits)
            }
            let sorted = durations.sorted()
            func percentile(_ p: Double) -> String { String(format: "%.2f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1e6) }
            print("check_samples \(count)")
            print("check_hits \(hits)")
            print("check_p50_us \(percentile(0.50))")
            print("check_p99_us \(percentile(0.99))")
            print("check_p999_us \(percentile(0.999))")
            print("peak_rss_mib \(Self.peakRSSMiB())")
            try await opened.store.close()
        }

        private func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        /// VmHWM from /proc/self/status: the process's peak resident memory.
        static func peakRSSMiB() -> Int { status("VmHWM:") }

        /// VmRSS: the process's resident memory now.
        static func currentRSSMiB() -> Int { status("VmRSS:") }

        private static func status(_ field: String) -> Int {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
                  let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
            return kib / 1024
        }
    }
}
