@testable import AccordCore
import AccordTestSupport
import Testing

@Suite("Wallets: chain detected, checksum verified")
struct WalletTests {
    // EIP-55's own examples.
    @Test("EIP-55 examples verify and canonicalise to lower case", arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55(address: String) throws {
        let wallet = try canonical(.wallet, address)
        #expect(wallet.value == address.lowercased())
        #expect(wallet.details.chain == .evm)
        if address.dropFirst(2).contains(where: \.isLowercase) && address.dropFirst(2).contains(where: \.isUppercase) {
            #expect(WalletAddress.eip55(wallet.value) == address)
        }
    }

    @Test("a mixed-case EVM address with one letter's case flipped fails EIP-55")
    func eip55Mismatch() {
        #expect(rejection(.wallet, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") == "EIP-55 checksum mismatch")
        #expect(rejection(.wallet, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeG") == "'G' is not a hexadecimal digit")
    }

    @Test("Keccak-256 of the empty string")
    func keccakEmpty() {
        #expect(Hex.encode(Keccak256.hash([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Hex.encode(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }

    @Test("every EVM chain shares one address", arguments: ["ethereum", "bsc", "BEP20", "polygon", "arbitrum", "erc20"])
    func evmFamily(chain: String) throws {
        let wallet = try canonical(.wallet, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", chain: chain)
        #expect(wallet.details.chain == .evm)
        #expect(wallet.value == "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        #expect(wallet.id == (try canonical(.wallet, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).id)
    }

    // BIP-173 and BIP-350 valid SegWit addresses (mainnet ones; testnet is refused on purpose).
    @Test("BIP-173/BIP-350 valid mainnet SegWit addresses", arguments: [
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "BC1SW50QGDZ25J", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    ])
    func segwitValid(address: String) throws {
        let wallet = try canonical(.wallet, address)
        #expect(wallet.value == address.lowercased())
        #expect(wallet.details.chain == .bitcoin)
    }

    @Test("BIP-350 invalid addresses are refused", arguments: [
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "SegWit v1+ needs a Bech32m checksum (BIP-350)"),
        ("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "SegWit v1+ needs a Bech32m checksum (BIP-350)"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "SegWit v0 needs a Bech32 checksum, not Bech32m"),
        ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "holds a character Bech32 does not use"),
        ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "unknown SegWit witness version"),
        ("bc1pw5dgrnzv", "wrong witness program length"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", "wrong witness program length"),
        ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "wrong witness program length"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "bad padding in the witness program"),
        ("bc1gmk9yu", "empty data section"),
        ("bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "mixes upper and lower case"),
        ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "a Bitcoin testnet address, which holds no real value"),
    ])
    func segwitInvalid(address: String, reason: String) {
        #expect(rejection(.wallet, address) == reason)
    }

    @Test("BIP-173 and BIP-350 generic strings: checksum variant detected")
    func bech32Strings() throws {
        for valid in ["A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"] {
            guard case .success(let decoded) = Bech32.decode(valid) else { Issue.record("\(valid) should decode"); continue }
            #expect(decoded.encoding == .bech32)
        }
        for valid in ["A1LQFN3A", "a1lqfn3a", "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", "split1checkupstagehandshakeupstreamerranterredcaperredlc445v"] {
            guard case .success(let decoded) = Bech32.decode(valid) else { Issue.record("\(valid) should decode"); continue }
            #expect(decoded.encoding == .bech32m)
        }
        for invalid in ["pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "A1G7SGD8", "10a06t8", "1qzzfhee"] {
            if case .success = Bech32.decode(invalid) { Issue.record("\(invalid) should not decode") }
        }
        #expect(Bech32.encode(hrp: "a", data: [], encoding: .bech32) == "a12uel5l")
    }

    @Test("legacy Base58Check addresses", arguments: [
        ("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", WalletChain.bitcoin),
        ("3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC", .bitcoin),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", .tron),
        ("T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", .tron),
        ("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", .xrp),
        ("So11111111111111111111111111111111111111112", .solana),
        ("11111111111111111111111111111111", .solana),
    ])
    func base58(address: String, chain: WalletChain) throws {
        let wallet = try canonical(.wallet, address)
        #expect(wallet.value == address)
        #expect(wallet.details.chain == chain)
    }

    @Test("one changed character breaks the Base58Check checksum")
    func base58Checksum() {
        #expect(rejection(.wallet, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u") == "bad Base58Check checksum")
        #expect(rejection(.wallet, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggv") == "bad Base58Check checksum")
    }

    @Test("Tron in hex form becomes its Base58 address")
    func tronHex() throws {
        let wallet = try canonical(.wallet, "41" + String(repeating: "0", count: 40), chain: "tron")
        #expect(wallet.value == "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb")
    }

    // The CashAddr specification's examples.
    @Test("CashAddr examples", arguments: [
        "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
        "bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r", "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq",
        "BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    ])
    func cashAddr(address: String) throws {
        let wallet = try canonical(.wallet, address)
        #expect(wallet.details.chain == .bitcoinCash)
        #expect(wallet.value.hasPrefix("bitcoincash:q") || wallet.value.hasPrefix("bitcoincash:p"))
        #expect(wallet.value == wallet.value.lowercased())
        if !address.contains(":") { #expect(wallet.value == "bitcoincash:" + address) }
    }

    @Test("CashAddr with a changed character fails its checksum")
    func cashAddrChecksum() {
        #expect(rejection(.wallet, "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6c") == "bad CashAddr checksum")
        #expect(rejection(.wallet, "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b") == "holds a character CashAddr does not use")
    }

    @Test("a named chain that contradicts the address is refused")
    func wrongChain() {
        #expect(rejection(.wallet, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", chain: "ethereum") == "this is a Tron address, not EVM")
        #expect(rejection(.wallet, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", chain: "nonsense")?.hasPrefix("unknown chain 'nonsense'") == true)
        #expect(rejection(.wallet, "hello world") != nil)
        #expect(rejection(.wallet, "0x123") != nil)
    }

    @Test("payment URIs give their address")
    func paymentURI() throws {
        #expect(try canonical(.wallet, "bitcoin:1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu?amount=0.1").value == "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu")
    }

    @Test("BLAKE2b-512 of 'abc' (RFC 7693 appendix A)")
    func blake2b() {
        #expect(Hex.encode(Blake2b.hash(Array("abc".utf8))) == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test("Polkadot phishing addresses (polkadot{.js}, Apache-2.0) verify as SS58", .enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func polkadotCorpus() throws {
        let text = try SharedData.text("indicators/polkadot_phishing_address.json")
        let addresses = text.split(separator: "\"").map(String.init).filter { $0.count >= 46 && $0.count <= 49 && !$0.contains(" ") && !$0.contains(".") }
        var tally = CorpusTally()
        for address in Set(addresses) {
            tally.record(address) { () throws(IndicatorError) in
                let wallet = try canonicalizer.canonicalize(.wallet, address)
                guard [.polkadot, .kusama, .substrate].contains(wallet.details.chain) else { throw IndicatorError(.wallet, "not SS58") }
            }
        }
        print("polkadot{.js} phishing addresses:\n\(tally)")
        #expect(tally.total >= 240)
        #expect(tally.share == 1.0)
    }

    @Test("wallets in the real lists validate; the rejects are true rejects", .enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func walletCorpus() throws {
        var tallies: [String: CorpusTally] = [:]
        func run(_ label: String, _ values: [String], chain: String? = nil) {
            var tally = CorpusTally()
            for value in values where !value.isEmpty {
                tally.record(value) { () throws(IndicatorError) in _ = try canonicalizer.canonicalize(.wallet, value, chain: chain) }
            }
            tallies[label] = tally
            print("\(label):\n\(tally)")
        }
        let scamSniffer = try SharedData.text("indicators/scamsniffer_address.json").split(separator: "\"").map(String.init).filter { $0.hasPrefix("0x") }
        run("ScamSniffer EVM drainers", scamSniffer)
        let lazarus = try SharedData.csvColumn("chain/eth_lazarus_ofac_addresses.csv", column: 0)
        run("OFAC Lazarus (EIP-55 mixed case)", lazarus)
        let flagged = try SharedData.csvColumn("chain/eth_etherscan_flagged_addresses_received_eth.csv", column: 0).map { $0.replacingOccurrences(of: "\\x", with: "0x") }
        run("Etherscan-flagged", flagged)
        let ransomware = try SharedData.csvColumn("chain/btc_ransomwhere_addresses.csv", column: 0)
        run("Ransomwhere BTC", ransomware)
        let csdb = try SharedData.text("indicators/cryptoscamdb_addresses.csv").split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for coin in ["ETH", "BTC", "XRP", "LTC", "BCH", "TRX", "DOGE"] {
            let chain = ["ETH": "ethereum", "BTC": "bitcoin", "XRP": "xrp", "LTC": "litecoin", "BCH": "bitcoin_cash", "TRX": "tron", "DOGE": "dogecoin"][coin]!
            run("CryptoScamDB \(coin)", Array(Set(csdb.filter { $0.count > 1 && $0[0] == coin }.map { $0[1] })), chain: chain)
        }
        #expect(tallies["ScamSniffer EVM drainers"]!.share == 1.0)
        #expect(tallies["OFAC Lazarus (EIP-55 mixed case)"]!.share == 1.0)
        #expect(tallies["Etherscan-flagged"]!.share == 1.0)
        #expect(tallies["Ransomwhere BTC"]!.share > 0.999)
        for coin in ["ETH", "BTC", "XRP", "LTC", "BCH", "TRX", "DOGE"] {
            let tally = tallies["CryptoScamDB \(coin)"]!
            #expect(tally.share > 0.9, "CryptoScamDB \(coin): \(tally)")
        }
    }
}
