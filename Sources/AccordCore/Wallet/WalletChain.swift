/// The chain of a wallet address, or its family where several chains share one address form
/// (every EVM chain shares `evm`; a legacy `1…`/`3…` Base58 address is valid on Bitcoin and its
/// forks alike and stays `bitcoin`).
public enum WalletChain: String, CaseIterable, Codable, Sendable {
    case bitcoin
    case evm
    case tron
    case litecoin
    case dogecoin
    case bitcoinCash = "bitcoin_cash"
    case xrp
    case solana
    case polkadot
    case kusama
    case substrate

    /// The chain a reporter's word names (`trc20` → tron, `bsc` → evm), with the network inside
    /// an EVM family kept. `nil` chain with no error: a token that lives on many chains (USDT).
    static func fromHint(_ hint: String) throws(IndicatorError) -> (chain: WalletChain?, network: String?) {
        let key = hint.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "bitcoin", "btc", "xbt": return (.bitcoin, nil)
        case "evm", "ethereum", "eth", "erc20": return (.evm, key == "evm" ? nil : "ethereum")
        case "bsc", "bnb", "bep20", "binancesmartchain", "bnbchain", "bnbsmartchain": return (.evm, "bsc")
        case "polygon", "matic", "pol": return (.evm, "polygon")
        case "arbitrum", "arb": return (.evm, "arbitrum")
        case "optimism", "op": return (.evm, "optimism")
        case "base": return (.evm, "base")
        case "avalanche", "avax", "avaxc": return (.evm, "avalanche")
        case "fantom", "ftm": return (.evm, "fantom")
        case "cronos", "cro": return (.evm, "cronos")
        case "gnosis", "xdai": return (.evm, "gnosis")
        case "linea": return (.evm, "linea")
        case "zksync": return (.evm, "zksync")
        case "ethereumclassic", "etc": return (.evm, "ethereum_classic")
        case "tron", "trx", "trc20": return (.tron, nil)
        case "litecoin", "ltc": return (.litecoin, nil)
        case "dogecoin", "doge": return (.dogecoin, nil)
        case "bitcoincash", "bch": return (.bitcoinCash, nil)
        case "xrp", "ripple", "xrpl": return (.xrp, nil)
        case "solana", "sol", "spl": return (.solana, nil)
        case "polkadot", "dot": return (.polkadot, nil)
        case "kusama", "ksm": return (.kusama, nil)
        case "substrate", "ss58": return (.substrate, nil)
        case "usdt", "usdc", "tether", "dai", "busd": return (nil, nil)
        default:
            throw IndicatorError(.wallet, "unknown chain '\(hint)': use bitcoin, ethereum (or any EVM chain: bsc, polygon, arbitrum…), tron, litecoin, dogecoin, bitcoin_cash, xrp, solana, polkadot, kusama or substrate")
        }
    }

    var displayName: String {
        switch self {
        case .bitcoin: "Bitcoin"
        case .evm: "EVM"
        case .tron: "Tron"
        case .litecoin: "Litecoin"
        case .dogecoin: "Dogecoin"
        case .bitcoinCash: "Bitcoin Cash"
        case .xrp: "XRP Ledger"
        case .solana: "Solana"
        case .polkadot: "Polkadot"
        case .kusama: "Kusama"
        case .substrate: "Substrate"
        }
    }
}
