/// A crypto wallet address with its chain detected and its checksum verified.
public struct WalletAddress: Hashable, Sendable {
    /// The canonical text: lower-case `0x…` for EVM, lower-case Bech32 and CashAddr (with its
    /// `bitcoincash:` prefix), Base58 forms as they are (Base58 is case-sensitive).
    public let address: String
    public let chain: WalletChain
    /// The network named by the reporter inside a family (`bsc` for an EVM address).
    public let network: String?

    public static func parse(_ text: String, chain hint: String? = nil) throws(IndicatorError) -> WalletAddress {
        // The most common case, a bare `0x…` EVM address, without a single heap allocation beyond
        // the result.
        if hint == nil, text.utf8.count == 42, let fast = EVMFastPath.read(text) {
            switch fast {
            case .success(let address): return WalletAddress(address: address, chain: .evm, network: nil)
            case .failure(let error): throw error
            }
        }
        let named = try hint.map { h throws(IndicatorError) in try WalletChain.fromHint(h) }
        var value = Substring(text.trimmingWhitespace())
        // Payment URIs: `bitcoin:1A1z…?amount=0.1`, `ethereum:0x…@56`.
        for scheme in ["bitcoin:", "litecoin:", "dogecoin:", "ethereum:", "tron:", "solana:"] where value.lowercased().hasPrefix(scheme) {
            value = value.dropFirst(scheme.count)
            if let end = value.firstIndex(where: { $0 == "?" || $0 == "@" || $0 == "/" }) { value = value[..<end] }
        }
        if value.isEmpty { throw IndicatorError(.wallet, "empty address") }
        let (address, chain) = try detect(String(value), named: named?.chain)
        if let wanted = named?.chain, wanted != chain {
            throw IndicatorError(.wallet, "this is a \(chain.displayName) address, not \(wanted.displayName)")
        }
        return WalletAddress(address: address, chain: chain, network: chain == .evm ? named?.network : nil)
    }

    private static func detect(_ value: String, named: WalletChain?) throws(IndicatorError) -> (String, WalletChain) {
        let bytes = Array(value.utf8)
        // EVM: 0x + 40 hex digits (bare 40 hex when the reporter named an EVM chain).
        if bytes.count == 42, bytes[0] == 0x30, bytes[1] | 0x20 == 0x78 {
            return (try evm(bytes[2...]), .evm)
        }
        if bytes.count == 40, named == .evm, bytes.allSatisfy(isHex) {
            return (try evm(bytes[...]), .evm)
        }
        // Tron in hex: 41 + 20 bytes.
        if bytes.count == 42, named == .tron, bytes[0] == 0x34, bytes[1] == 0x31, bytes.allSatisfy(isHex) {
            let payload = stride(from: 0, to: 42, by: 2).map { UInt8(String(decoding: bytes[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
            return (Base58.bitcoin.encodeCheck(payload), .tron)
        }
        let lower = value.lowercased()
        // Bitcoin Cash CashAddr.
        if lower.hasPrefix("bitcoincash:") || (named == .bitcoinCash && (lower.hasPrefix("q") || lower.hasPrefix("p")))
            || (bytes.count == 42 && (lower.hasPrefix("qp") || lower.hasPrefix("qq") || lower.hasPrefix("pp") || lower.hasPrefix("pq")) && named == nil) {
            switch CashAddr.canonical(value) {
            case .success(let canonical): return (canonical, .bitcoinCash)
            case .failure(.checksum): throw IndicatorError(.wallet, "bad CashAddr checksum")
            case .failure(.mixedCase): throw IndicatorError(.wallet, "CashAddr mixes upper and lower case")
            case .failure(.version): throw IndicatorError(.wallet, "CashAddr version byte does not match its length")
            case .failure(.character): if lower.hasPrefix("bitcoincash:") { throw IndicatorError(.wallet, "holds a character CashAddr does not use") }
            case .failure: if lower.hasPrefix("bitcoincash:") { throw IndicatorError(.wallet, "wrong length for a CashAddr") }
            }
        }
        // SegWit: bc1… (Bitcoin), ltc1… (Litecoin).
        for (hrp, chain) in [("bc", WalletChain.bitcoin), ("ltc", .litecoin)] where lower.hasPrefix(hrp + "1") {
            switch Bech32.decodeSegWit(value, expectedHRP: hrp) {
            case .success: return (lower, chain)
            case .failure(let failure): throw IndicatorError(.wallet, failure.reason)
            }
        }
        if lower.hasPrefix("tb1") || lower.hasPrefix("bcrt1") {
            throw IndicatorError(.wallet, "a Bitcoin testnet address, which holds no real value")
        }
        // XRP Ledger: Base58Check with its own alphabet, account ids start with r.
        if bytes.first == 0x72, bytes.count >= 25, bytes.count <= 35 {
            if case .success(let payload) = Base58.ripple.decodeCheck(bytes), payload.count == 21, payload[0] == 0 {
                return (value, .xrp)
            }
        }
        guard let decoded = Base58.bitcoin.decode(bytes) else {
            throw IndicatorError(.wallet, "not an address of a known chain (Bitcoin, EVM, Tron, Litecoin, Dogecoin, Bitcoin Cash, XRP, Solana, Polkadot/Substrate)")
        }
        switch decoded.count {
        case 25:
            guard case .success(let payload) = Base58.bitcoin.decodeCheck(bytes) else {
                if bytes.first == 0x72 { throw IndicatorError(.wallet, "bad XRP address checksum") }
                throw IndicatorError(.wallet, "bad Base58Check checksum")
            }
            switch payload[0] {
            case 0x00: return (value, named == .bitcoinCash ? .bitcoinCash : .bitcoin)
            case 0x05:
                if named == .litecoin { return (value, .litecoin) }
                if named == .bitcoinCash { return (value, .bitcoinCash) }
                return (value, .bitcoin)
            case 0x41: return (value, .tron)
            case 0x30, 0x32: return (value, .litecoin)
            case 0x1E, 0x16: return (value, .dogecoin)
            default: throw IndicatorError(.wallet, "Base58Check version byte 0x\(String(payload[0], radix: 16)) belongs to no supported chain")
            }
        case 32:
            return (value, .solana)
        case 35, 36:
            return try substrate(decoded, value)
        default:
            throw IndicatorError(.wallet, "not an address of a known chain: Base58 value of \(decoded.count) bytes")
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    /// EVM: lower-case canonical form; a mixed-case address must carry a valid EIP-55 checksum.
    private static func evm(_ hex: ArraySlice<UInt8>) throws(IndicatorError) -> String {
        let result = hex.withUnsafeBufferPointer { EVMFastPath.canonical(hex: $0) }
        switch result {
        case .success(let address): return address
        case .failure(let error): throw error
        }
    }

    /// The Tron address of a 20-byte account: Base58Check of `0x41` and the account.
    public static func tron(account: [UInt8]) -> String { Base58.bitcoin.encodeCheck([0x41] + account.prefix(20)) }

    /// The canonical EVM address of a 20-byte account.
    public static func evm(account: [UInt8]) -> String { "0x" + Hex.encode(account.prefix(20)) }

    /// The EIP-55 mixed-case form of a canonical (lower-case) EVM address.
    public static func eip55(_ canonical: String) -> String {
        let hex = Array(canonical.utf8.dropFirst(2))
        let hash = Keccak256.hash(hex)
        var out: [UInt8] = [0x30, 0x78]
        for (j, byte) in hex.enumerated() {
            let nibble = (j & 1 == 0) ? hash[j >> 1] >> 4 : hash[j >> 1] & 0x0F
            out.append(byte >= 0x61 && nibble >= 8 ? byte - 32 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// SS58 (Substrate, Polkadot, Kusama): network prefix, 32-byte account id, and a two-byte
    /// checksum = BLAKE2b-512("SS58PRE" ‖ prefix ‖ account)[0..2].
    private static func substrate(_ decoded: [UInt8], _ value: String) throws(IndicatorError) -> (String, WalletChain) {
        let prefixLength: Int
        let network: Int
        if decoded[0] < 64 {
            prefixLength = 1
            network = Int(decoded[0])
        } else if decoded[0] < 128 {
            prefixLength = 2
            network = Int((decoded[0] & 0x3F) << 2 | decoded[1] >> 6) | Int(decoded[1] & 0x3F) << 8
        } else {
            throw IndicatorError(.wallet, "SS58 prefix byte out of range")
        }
        guard decoded.count == prefixLength + 34 else {
            throw IndicatorError(.wallet, "SS58 address does not hold a 32-byte account id")
        }
        let body = Array(decoded.prefix(prefixLength + 32))
        let checksum = Blake2b.hash(Array("SS58PRE".utf8) + body, outputLength: 64).prefix(2)
        guard decoded.suffix(2).elementsEqual(checksum) else {
            throw IndicatorError(.wallet, "bad SS58 checksum")
        }
        switch network {
        case 0: return (value, .polkadot)
        case 2: return (value, .kusama)
        default: return (value, .substrate)
        }
    }
}
