import AccordEvidence
import AccordStore
import ArgumentParser
import Foundation

extension Bench {
    /// The evidence benchmarks of issue 5, in one process: appends to the custody log with a signed
    /// head per batch, proofs in a log of many leaves, and the vault's ingest of a large file against
    /// `sha256sum` of the same file.
    struct EvidenceBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Time custody-log appends, proofs in a large log, and vault ingest against sha256sum.",
            discussion: "Works in a store and data directory of its own (give empty ones). Prints one `key value` per line.")

        @Option(help: "Leaves in the log the proofs are timed in.") var leaves = 10_000_000
        @Option(help: "Proofs of each kind to time.") var proofs = 2_000
        @Option(name: .customLong("file-mib"), help: "The size of the file the vault ingests, in MiB (0: skip).") var fileMiB = 1024
        @Option(help: "Rounds of the vault and sha256sum, in turns; medians printed.") var rounds = 3
        @OptionGroup var node: NodeOptions

        func validate() throws {
            guard leaves >= 1_000, proofs >= 1, fileMiB >= 0, rounds >= 1 else { throw ValidationError("--leaves ≥ 1,000, --proofs ≥ 1, --file-mib ≥ 0, --rounds ≥ 1") }
        }

        func run() async throws {
            let store = try await node.openStore()
            guard try await store.custodySize() == 0 else { throw Self.fail("the store's custody log is not empty: give the benchmark a store of its own") }
            let locker = try await EvidenceLocker.open(store: store, dataDirectory: node.dataDirectory.url)
            let log = locker.log
            let clock = ContinuousClock()
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            func leaf(_ n: Int) -> (itemID: String, leaf: [UInt8]) {
                ("bench", Array(#"{"action":"viewed","at":"2026-11-23T00:00:00Z","by":"bench","item":"bench","note":"\#(n)","sha256":"00"}"#.utf8))
            }
            // Appends: batches of 1, 100 and 10,000 events, each batch one transaction and one signed head.
            var written = 0
            for (batch, count) in [(1, 1_000), (100, 200), (10_000, 20)] {
                let started = clock.now
                for _ in 0..<count {
                    _ = try await log.append((written..<written + batch).map(leaf))
                    written += batch
                }
                let elapsed = seconds(clock.now - started)
                print("append_batch_\(batch)_heads_per_second \(String(format: "%.0f", Double(count) / elapsed))")
                print("append_batch_\(batch)_events_per_second \(String(format: "%.0f", Double(count * batch) / elapsed))")
            }
            // Grow the log to `leaves`, in batches of 50,000.
            let growStarted = clock.now
            while written < leaves {
                let batch = min(50_000, leaves - written)
                _ = try await log.append((written..<written + batch).map(leaf))
                written += batch
                if written % 1_000_000 < 50_000 { FileHandle.standardError.write(Data("  \(written) leaves\n".utf8)) }
            }
            print("log_leaves \(written)")
            print("grow_seconds \(String(format: "%.1f", seconds(clock.now - growStarted)))")
            // Proofs from a log opened afresh, as after a restart.
            let rssBefore = NodeBench.currentRSSMiB()
            let openStarted = clock.now
            guard let identity = try NodeIdentity.load(in: node.dataDirectory.url, create: false) else { throw Self.fail("no key") }
            let fresh = try await CustodyLog.open(store: store, identity: identity)
            print("log_open_seconds \(String(format: "%.3f", seconds(clock.now - openStarted)))")
            print("log_memory_mib \(NodeBench.currentRSSMiB() - rssBefore)")
            let size = UInt64(written)
            let root = try await fresh.root(size: size)
            var random = SystemRandomNumberGenerator()
            var makeInclusion: [Double] = [], checkInclusion: [Double] = [], makeConsistency: [Double] = [], checkConsistency: [Double] = []
            for _ in 0..<proofs {
                let index = UInt64.random(in: 0..<size, using: &random)
                var started = clock.now
                let proof = try await fresh.inclusionProof(index: index, size: size)
                makeInclusion.append(seconds(clock.now - started))
                let leafHash = MerkleHashing.leaf(leaf(Int(index)).leaf)
                started = clock.now
                try MerkleProof.verifyInclusion(index: index, size: size, leaf: leafHash, proof: proof, root: root)
                checkInclusion.append(seconds(clock.now - started))
            }
            for _ in 0..<proofs {
                let old = UInt64.random(in: 1..<size, using: &random)
                let oldRoot = try await fresh.root(size: old)
                var started = clock.now
                let proof = try await fresh.consistencyProof(old: old, new: size)
                makeConsistency.append(seconds(clock.now - started))
                started = clock.now
                try MerkleProof.verifyConsistency(old: old, new: size, oldRoot: oldRoot, newRoot: root, proof: proof)
                checkConsistency.append(seconds(clock.now - started))
            }
            func report(_ name: String, _ values: [Double]) {
                let sorted = values.sorted()
                print("\(name)_p50_us \(String(format: "%.1f", sorted[sorted.count / 2] * 1e6))")
                print("\(name)_p99_us \(String(format: "%.1f", sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1e6))")
            }
            report("inclusion_proof", makeInclusion)
            report("inclusion_verify", checkInclusion)
            report("consistency_proof", makeConsistency)
            report("consistency_verify", checkConsistency)
            print("peak_rss_mib \(NodeBench.peakRSSMiB())")
            try await store.close()
            guard fileMiB > 0 else { return }
            try vault(clock: clock, seconds: seconds)
        }

        /// The vault's ingest of one file against `sha256sum` of it, in turns.
        func vault(clock: ContinuousClock, seconds: (Duration) -> Double) throws {
            let directory = node.dataDirectory.url.appendingPathComponent("bench-vault")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let file = directory.appendingPathComponent("input.bin")
            // Random content, written in 1 MiB blocks.
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw failure("cannot create \(file.path)") }
            let handle = try FileHandle(forWritingTo: file)
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<fileMiB {
                try handle.write(contentsOf: Data((0..<(1 << 17)).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }))
            }
            try handle.close()
            var vaultTimes: [Double] = [], sumTimes: [Double] = []
            for round in 0..<rounds {
                let vault = Vault(directory: directory.appendingPathComponent("vault-\(round)"))
                var started = clock.now
                let stored = try vault.store(file: file.path)
                vaultTimes.append(seconds(clock.now - started))
                started = clock.now
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
                process.arguments = [file.path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                sumTimes.append(seconds(clock.now - started))
                guard String(decoding: output, as: UTF8.self).hasPrefix(stored.sha256.hex) else { throw Self.fail("sha256sum and the vault disagree") }
                try FileManager.default.removeItem(at: vault.directory)
            }
            try FileManager.default.removeItem(at: file)
            let vaultMedian = vaultTimes.sorted()[rounds / 2], sumMedian = sumTimes.sorted()[rounds / 2]
            let mib = Double(fileMiB)
            print("vault_file_mib \(fileMiB)")
            print("vault_ingest_mib_per_second \(String(format: "%.0f", mib / vaultMedian))")
            print("sha256sum_mib_per_second \(String(format: "%.0f", mib / sumMedian))")
            print("vault_over_sha256sum \(String(format: "%.2f", vaultMedian / sumMedian))")
        }
    }
}
