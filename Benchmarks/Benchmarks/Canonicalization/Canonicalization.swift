import AccordCore
import Benchmark
import Foundation

// Canonicalisation throughput per indicator kind, one core. Each benchmark iteration
// canonicalises 1,000 values (scaling factor kilo), so throughput reads in thousands of values a
// second. Inputs are real values from ../shared/data where present, else generated ones.

let canonicalizer = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32)))

func benchmarkInputs() -> Inputs { Inputs.load() }

struct Inputs {
    var phonesUS: [String] = []
    var phonesVN: [String] = []
    var evmLower: [String] = []
    var evmMixed: [String] = []
    var bitcoin: [String] = []
    var tron: [String] = []
    var domains: [String] = []
    var urls: [String] = []
    var emails: [String] = []
    var ips: [String] = []
    var ibans: [String] = []
    var cards: [String] = []
    var handles: [String] = []

    static func load() -> Inputs {
        var inputs = Inputs()
        let data = ProcessInfo.processInfo.environment["ACCORD_SHARED_DATA"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path
        func text(_ path: String) -> String? {
            let full = data + "/" + path
            guard FileManager.default.fileExists(atPath: full) else { return nil }
            if path.hasSuffix(".gz") {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["gzip", "-dc", full]
                let pipe = Pipe()
                process.standardOutput = pipe
                try? process.run()
                let out = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return String(decoding: out, as: UTF8.self)
            }
            return try? String(contentsOfFile: full, encoding: .utf8)
        }
        // Phones: FTC complaint numbers as consumers typed them (US national), and the same numbers
        // written the Vietnamese way, so both the national and the international path are measured.
        if let ftc = text("indicators/ftc_dnc_complaint_numbers_2021-07-08.csv.gz") {
            inputs.phonesUS = ftc.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
                let number = line.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                return (try? canonicalizer.canonicalize(.phone, number, country: "US")) != nil ? number : nil
            }
        } else {
            inputs.phonesUS = (0..<10_000).map { "(\(200 + $0 % 700)) 555-\(String(format: "%04d", $0))" }
        }
        inputs.phonesVN = (0..<10_000).map { i in
            let n = String(format: "%08d", (i &* 7919) % 100_000_000)
            return i % 2 == 0 ? "09\(n.prefix(1)) \(n.dropFirst(1).prefix(3)) \(n.suffix(4))" : "+84 9\(n)"
        }
        if let sniffer = text("indicators/scamsniffer_address.json") {
            inputs.evmLower = sniffer.split(separator: "\"").map(String.init).filter { $0.hasPrefix("0x") && $0.count == 42 }
        } else {
            inputs.evmLower = (0..<2_000).map { i in "0x" + String(repeating: String(format: "%02x", i % 256), count: 20) }
        }
        inputs.evmMixed = inputs.evmLower.map { WalletAddress.eip55($0) }
        if let ransom = text("chain/btc_ransomwhere_addresses.csv") {
            inputs.bitcoin = ransom.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        }
        inputs.tron = ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"]
        if let all = text("indicators/polkadot_phishing_all.json.gz") {
            inputs.domains = Array(all.split(separator: "\"").map(String.init).filter { $0.contains(".") && !$0.contains(" ") && !$0.contains("/") && $0.count > 4 }.prefix(20_000))
        } else {
            inputs.domains = (0..<2_000).map { "login-\($0).secure-bank.com.vn" }
        }
        inputs.urls = inputs.domains.prefix(10_000).enumerated().map { "https://\($1)/wallet/connect?id=\($0)" }
        inputs.emails = inputs.domains.prefix(10_000).enumerated().map { "Support.\($0)@\($1)" }
        inputs.ips = (0..<10_000).map { i in i % 4 == 0 ? "2001:db8::\(String(i, radix: 16))" : "\(i % 223 + 1).\(i % 256).\((i / 256) % 256).\(i % 200)" }
        inputs.ibans = ["DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300"]
        inputs.cards = ["4111 1111 1111 1111", "5555 5555 5555 4444", "3782 822463 10005"]
        inputs.handles = ["@invest_mia", "https://t.me/crypto_mentor88", "@Lucky_Trader", "t.me/s/usdt_signals"]
        return inputs
    }
}

let benchmarks: @Sendable () -> Void = {
    let inputs = benchmarkInputs()
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    func register(_ name: String, _ values: [String], _ read: @escaping @Sendable (String) throws -> any Sendable) {
        guard !values.isEmpty else { return }
        Benchmark(name, configuration: configuration) { benchmark in
            var index = 0
            for _ in benchmark.scaledIterations {
                blackHole(try? read(values[index]))
                index += 1
                if index == values.count { index = 0 }
            }
        }
    }

    register("phone (US national, FTC)", inputs.phonesUS) { try canonicalizer.canonicalize(.phone, $0, country: "US") }
    register("phone (VN national and +84)", inputs.phonesVN) { try canonicalizer.canonicalize(.phone, $0, country: "VN") }
    register("wallet EVM lower case", inputs.evmLower) { try canonicalizer.canonicalize(.wallet, $0) }
    register("wallet EVM EIP-55 mixed case", inputs.evmMixed) { try canonicalizer.canonicalize(.wallet, $0) }
    register("wallet Bitcoin Base58Check", inputs.bitcoin) { try canonicalizer.canonicalize(.wallet, $0) }
    register("wallet Tron", inputs.tron) { try canonicalizer.canonicalize(.wallet, $0) }
    register("domain", inputs.domains) { try canonicalizer.canonicalize(.domain, $0) }
    register("url", inputs.urls) { try canonicalizer.canonicalize(.url, $0) }
    register("email", inputs.emails) { try canonicalizer.canonicalize(.email, $0) }
    register("ip", inputs.ips) { try canonicalizer.canonicalize(.ip, $0) }
    register("bank_account IBAN", inputs.ibans) { try canonicalizer.canonicalize(.bankAccount, $0) }
    register("card", inputs.cards) { try canonicalizer.canonicalize(.card, $0) }
    register("handle", inputs.handles) { try canonicalizer.canonicalize(.handle, $0, platform: "telegram") }
    register("identifier (UUIDv5)", inputs.evmLower) { IndicatorID(kind: .wallet, value: $0) }
}
