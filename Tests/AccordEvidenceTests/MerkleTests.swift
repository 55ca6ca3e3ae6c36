@testable import AccordEvidence
import Testing

/// The RFC 6962 test data that Certificate Transparency implementations share (published with
/// transparency-dev/merkle, Apache-2.0): eight leaf inputs, the root of each tree of 1 to 8 of them,
/// and inclusion and consistency proofs in those trees.
enum CTVectors {
    static let leaves: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(bytes)

    /// The root of the tree of the first n leaves, n = 1…8.
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map { Hash32(hex: $0)! }

    /// The leaf hashes (level 0) and the complete subtrees above them.
    static let levels: [[String]] = [
        ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
         "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
         "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
         "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"],
        ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
         "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"],
        ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ]

    /// (leaf index, tree size, proof).
    static let inclusion: [(UInt64, UInt64, [String])] = [
        (0, 1, []),
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    /// (old size, new size, proof).
    static let consistency: [(UInt64, UInt64, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }
}

@Suite("Merkle trees, RFC 6962 and RFC 9162")
struct MerkleTests {
    let tree = InMemoryTree(leaves: CTVectors.leaves)

    @Test("the empty tree, leaves, complete subtrees and roots match the published values")
    func hashes() throws {
        #expect(MerkleHashing.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try MerkleProof.root(size: 0, tree) == MerkleHashing.emptyRoot)
        for (level, hashes) in CTVectors.levels.enumerated() {
            for (index, hash) in hashes.enumerated() {
                #expect(try tree.subtree(level: level, index: UInt64(index)).hex == hash, "level \(level), index \(index)")
            }
        }
        for (index, root) in CTVectors.roots.enumerated() {
            #expect(try MerkleProof.root(size: UInt64(index + 1), tree) == root, "tree of \(index + 1)")
        }
    }

    @Test("inclusion proofs are the published ones, and verify", arguments: CTVectors.inclusion)
    func inclusion(index: UInt64, size: UInt64, expected: [String]) throws {
        let proof = try MerkleProof.inclusion(index: index, size: size, tree)
        #expect(proof.map(\.hex) == expected)
        try MerkleProof.verifyInclusion(index: index, size: size, leaf: MerkleHashing.leaf(CTVectors.leaves[Int(index)]), proof: proof,
                                        root: CTVectors.roots[Int(size) - 1])
    }

    @Test("consistency proofs are the published ones, and verify", arguments: CTVectors.consistency)
    func consistency(old: UInt64, new: UInt64, expected: [String]) throws {
        let proof = try MerkleProof.consistency(old: old, new: new, tree)
        #expect(proof.map(\.hex) == expected)
        try MerkleProof.verifyConsistency(old: old, new: new, oldRoot: CTVectors.roots[Int(old) - 1], newRoot: CTVectors.roots[Int(new) - 1], proof: proof)
    }

    /// Every way the published proofs can be spoiled: wrong index or sizes, wrong leaf or roots, a
    /// hash added, dropped or with one bit flipped.
    @Test("spoiled inclusion proofs are rejected", arguments: CTVectors.inclusion.filter { !$0.2.isEmpty })
    func spoiledInclusion(index: UInt64, size: UInt64, expected: [String]) {
        let proof = expected.map { Hash32(hex: $0)! }
        let leaf = MerkleHashing.leaf(CTVectors.leaves[Int(index)]), root = CTVectors.roots[Int(size) - 1]
        let other = Hash32(hex: "abacaba000000000000000000000000000000000000000000060061e00123456")!
        var probes: [(UInt64, UInt64, Hash32, [Hash32], Hash32, String)] = [
            (index &- 1, size, leaf, proof, root, "index - 1"), (index + 1, size, leaf, proof, root, "index + 1"),
            (index ^ 2, size, leaf, proof, root, "index ^ 2"), (index, size * 2, leaf, proof, root, "size * 2"),
            (index, size / 2, leaf, proof, root, "size / 2"), (index, size, other, proof, root, "wrong leaf"),
            (index, size, leaf, proof, MerkleHashing.emptyRoot, "empty root"), (index, size, leaf, proof, other, "other root"),
            (index, size, leaf, proof + [root], root, "trailing root"), (index, size, leaf, [root] + proof, root, "preceding root"),
            (index, size, leaf, Array(proof.dropLast()), root, "last hash dropped"),
        ]
        if proof.count > 1 { probes.append((index, size, leaf, [proof[0], other] + proof.dropFirst(), root, "hash inserted")) }
        for position in proof.indices {
            for bit in 0..<256 {
                var spoiled = proof
                var bytes = spoiled[position].bytes
                bytes[bit / 8] ^= 1 << (bit % 8)
                spoiled[position] = Hash32(bytes)!
                probes.append((index, size, leaf, spoiled, root, "bit \(bit) of hash \(position)"))
            }
        }
        for (index, size, leaf, proof, root, what) in probes {
            #expect(throws: ProofError.self, "\(what)") {
                try MerkleProof.verifyInclusion(index: index, size: size, leaf: leaf, proof: proof, root: root)
            }
        }
    }

    @Test("spoiled consistency proofs are rejected", arguments: CTVectors.consistency.filter { !$0.2.isEmpty })
    func spoiledConsistency(old: UInt64, new: UInt64, expected: [String]) {
        let proof = expected.map { Hash32(hex: $0)! }
        let oldRoot = CTVectors.roots[Int(old) - 1], newRoot = CTVectors.roots[Int(new) - 1]
        var probes: [(UInt64, UInt64, Hash32, Hash32, [Hash32], String)] = [
            (old - 1, new, oldRoot, newRoot, proof, "old - 1"), (old + 1, new, oldRoot, newRoot, proof, "old + 1"),
            (old ^ 2, new, oldRoot, newRoot, proof, "old ^ 2"), (old, new * 2, oldRoot, newRoot, proof, "new * 2"),
            (old, new / 2, oldRoot, newRoot, proof, "new / 2"), (old, new, newRoot, oldRoot, proof, "roots swapped"),
            (old, new, MerkleHashing.emptyRoot, newRoot, proof, "wrong old root"), (old, new, oldRoot, MerkleHashing.emptyRoot, proof, "wrong new root"),
            (old, new, oldRoot, newRoot, [], "empty proof"), (old, new, oldRoot, newRoot, proof + [oldRoot], "trailing old root"),
            (old, new, oldRoot, newRoot, proof + [newRoot], "trailing new root"), (old, new, oldRoot, newRoot, [oldRoot] + proof, "preceding old root"),
            (old, new, oldRoot, newRoot, [proof[0]] + proof, "first hash twice"), (old, new, oldRoot, newRoot, Array(proof.dropLast()), "truncated"),
        ]
        for position in proof.indices {
            for bit in 0..<256 {
                var spoiled = proof
                var bytes = spoiled[position].bytes
                bytes[bit / 8] ^= 1 << (bit % 8)
                spoiled[position] = Hash32(bytes)!
                probes.append((old, new, oldRoot, newRoot, spoiled, "bit \(bit) of hash \(position)"))
            }
        }
        for (old, new, oldRoot, newRoot, proof, what) in probes {
            #expect(throws: ProofError.self, "\(what)") {
                try MerkleProof.verifyConsistency(old: old, new: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            }
        }
    }

    /// A small deterministic generator, so that a failure names its seed and can be run again.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("for random log sizes, every inclusion and consistency proof verifies and one flipped bit breaks it", arguments: [1, 2, 3])
    func property(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var tree = InMemoryTree()
        let size = UInt64.random(in: 1...300, using: &random)
        for index in 0..<size { tree.append(leafHash: MerkleHashing.leaf(Array("leaf \(index) of seed \(seed)".utf8))) }
        let roots = try (0...size).map { try MerkleProof.root(size: $0, tree) }
        func flipped(_ proof: [Hash32]) -> [Hash32] {
            var spoiled = proof
            let position = Int.random(in: 0..<proof.count, using: &random), bit = Int.random(in: 0..<256, using: &random)
            var bytes = spoiled[position].bytes
            bytes[bit / 8] ^= 1 << (bit % 8)
            spoiled[position] = Hash32(bytes)!
            return spoiled
        }
        for treeSize in 1...size {
            for index in 0..<treeSize {
                let proof = try MerkleProof.inclusion(index: index, size: treeSize, tree)
                let leaf = try tree.subtree(level: 0, index: index)
                try MerkleProof.verifyInclusion(index: index, size: treeSize, leaf: leaf, proof: proof, root: roots[Int(treeSize)])
                if !proof.isEmpty {
                    #expect(throws: ProofError.self, "seed \(seed): leaf \(index) of \(treeSize)") {
                        try MerkleProof.verifyInclusion(index: index, size: treeSize, leaf: leaf, proof: flipped(proof), root: roots[Int(treeSize)])
                    }
                }
            }
            for old in 1...treeSize {
                let proof = try MerkleProof.consistency(old: old, new: treeSize, tree)
                try MerkleProof.verifyConsistency(old: old, new: treeSize, oldRoot: roots[Int(old)], newRoot: roots[Int(treeSize)], proof: proof)
                if !proof.isEmpty {
                    #expect(throws: ProofError.self, "seed \(seed): \(old) to \(treeSize)") {
                        try MerkleProof.verifyConsistency(old: old, new: treeSize, oldRoot: roots[Int(old)], newRoot: roots[Int(treeSize)], proof: flipped(proof))
                    }
                }
            }
        }
    }

    @Test("proofs for leaves or sizes the tree does not have are refused")
    func outOfRange() {
        #expect(throws: ProofError.self) { try MerkleProof.inclusion(index: 8, size: 8, tree) }
        #expect(throws: ProofError.self) { try MerkleProof.inclusion(index: 0, size: 9, tree) }
        #expect(throws: ProofError.self) { try MerkleProof.consistency(old: 5, new: 4, tree) }
        #expect(throws: ProofError.self) { try MerkleProof.consistency(old: 4, new: 9, tree) }
        #expect(throws: ProofError.self) {
            try MerkleProof.verifyInclusion(index: 0, size: 0, leaf: MerkleHashing.emptyRoot, proof: [], root: MerkleHashing.emptyRoot)
        }
        #expect(Hash32(hex: "zz") == nil && Hash32([1, 2, 3]) == nil)
    }
}
