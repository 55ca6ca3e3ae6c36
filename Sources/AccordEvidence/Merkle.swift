import AccordCore
import Crypto

/// A SHA-256 value: a leaf's or a node's hash in the custody log, or a file's in the vault.
public struct Hash32: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// `bytes` must be 32 long; anything else is not a SHA-256 value.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    init(digest: SHA256.Digest) {
        bytes = Array(digest)
    }

    /// 64 hex digits, either case.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else { return nil }
        self.bytes = bytes
    }

    /// Lower-case hex.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }
}

/// The Merkle tree hashing of RFC 6962 and RFC 9162 (section 2.1), with SHA-256: a leaf is
/// `SHA-256(0x00 || data)`, a node `SHA-256(0x01 || left || right)`, the empty tree `SHA-256("")`.
public enum MerkleHashing {
    public static let emptyRoot = Hash32(digest: SHA256.hash(data: [UInt8]()))

    public static func leaf(_ data: some Sequence<UInt8>) -> Hash32 {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: Array(data))
        return Hash32(digest: hasher.finalize())
    }

    public static func node(_ left: Hash32, _ right: Hash32) -> Hash32 {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return Hash32(digest: hasher.finalize())
    }

    /// The largest power of two smaller than `n` (n > 1): where RFC 9162 splits a tree of `n` leaves.
    static func split(_ n: UInt64) -> UInt64 {
        precondition(n > 1)
        return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }
}

/// Where proofs get the hashes they need: the hash of each complete subtree, the `2^level` leaves
/// from `index << level`. A log answers from what it stores; a test from an array.
public protocol SubtreeHashes {
    func subtree(level: Int, index: UInt64) throws -> Hash32
}

/// Why a proof does not hold, or cannot be made.
public struct ProofError: Error, Equatable, CustomStringConvertible, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Tree heads and proofs of RFC 9162 (sections 2.1.1 to 2.1.4): made over any `SubtreeHashes`,
/// checked with nothing but the hashes given.
public enum MerkleProof {
    /// MTH(D[start:end]): the hash of the leaves from `start` up to `end` (exclusive), built from the
    /// complete subtrees that cover them.
    public static func rangeHash(_ start: UInt64, _ end: UInt64, _ source: some SubtreeHashes) throws -> Hash32 {
        let count = end - start
        if count == 0 { return MerkleHashing.emptyRoot }
        if count & (count - 1) == 0, start % count == 0 {
            return try source.subtree(level: count.trailingZeroBitCount, index: start / count)
        }
        let k = MerkleHashing.split(count)
        return MerkleHashing.node(try rangeHash(start, start + k, source), try rangeHash(start + k, end, source))
    }

    /// The root of the tree of the first `size` leaves.
    public static func root(size: UInt64, _ source: some SubtreeHashes) throws -> Hash32 {
        try rangeHash(0, size, source)
    }

    /// PATH(index, D[size]): the hashes, from the leaf up, that lead from leaf `index` to the root
    /// of the tree of `size` leaves.
    public static func inclusion(index: UInt64, size: UInt64, _ source: some SubtreeHashes) throws -> [Hash32] {
        guard index < size else { throw ProofError("leaf \(index) is not in a tree of \(size) leaves") }
        var path: [Hash32] = []
        func walk(_ m: UInt64, _ start: UInt64, _ end: UInt64) throws {
            let n = end - start
            guard n > 1 else { return }
            let k = MerkleHashing.split(n)
            if m < k {
                try walk(m, start, start + k)
                path.append(try rangeHash(start + k, end, source))
            } else {
                try walk(m - k, start + k, end)
                path.append(try rangeHash(start, start + k, source))
            }
        }
        try walk(index, 0, size)
        return path
    }

    /// PROOF(old, D[new]): the hashes that show the tree of `new` leaves extends the tree of `old`.
    /// Empty when `old` is 0 or equals `new`.
    public static func consistency(old: UInt64, new: UInt64, _ source: some SubtreeHashes) throws -> [Hash32] {
        guard old <= new else { throw ProofError("a tree of \(old) leaves cannot be extended by one of \(new)") }
        guard old > 0, old < new else { return [] }
        var proof: [Hash32] = []
        func subproof(_ m: UInt64, _ start: UInt64, _ end: UInt64, _ complete: Bool) throws {
            let n = end - start
            if m == n {
                if !complete { proof.append(try rangeHash(start, end, source)) }
                return
            }
            let k = MerkleHashing.split(n)
            if m <= k {
                try subproof(m, start, start + k, complete)
                proof.append(try rangeHash(start + k, end, source))
            } else {
                try subproof(m - k, start + k, end, false)
                proof.append(try rangeHash(start, start + k, source))
            }
        }
        try subproof(old, 0, new, true)
        return proof
    }

    /// RFC 9162, 2.1.3.2: that `leaf` is leaf `index` of the tree of `size` leaves whose root is
    /// `root`.
    public static func verifyInclusion(index: UInt64, size: UInt64, leaf: Hash32, proof: [Hash32], root: Hash32) throws(ProofError) {
        guard index < size else { throw ProofError("leaf index \(index) is not below the tree size \(size)") }
        var fn = index, sn = size - 1
        var r = leaf
        for p in proof {
            guard sn > 0 else { throw ProofError("the inclusion proof is longer than a tree of \(size) leaves needs") }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHashing.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHashing.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw ProofError("the inclusion proof is shorter than a tree of \(size) leaves needs") }
        guard r == root else { throw ProofError("the inclusion proof leads to \(r.hex), not to the root \(root.hex)") }
    }

    /// RFC 9162, 2.1.4.2: that the tree of `new` leaves with root `newRoot` extends the tree of `old`
    /// leaves with root `oldRoot`.
    public static func verifyConsistency(old: UInt64, new: UInt64, oldRoot: Hash32, newRoot: Hash32, proof: [Hash32]) throws(ProofError) {
        guard old <= new else { throw ProofError("a tree of \(new) leaves cannot extend one of \(old)") }
        if old == new {
            guard proof.isEmpty else { throw ProofError("trees of the same size need an empty consistency proof") }
            guard oldRoot == newRoot else { throw ProofError("two trees of \(old) leaves with different roots") }
            return
        }
        if old == 0 {
            guard proof.isEmpty else { throw ProofError("the empty tree needs an empty consistency proof") }
            return
        }
        guard !proof.isEmpty else { throw ProofError("the consistency proof is empty") }
        var path = proof
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = old - 1, sn = new - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn > 0 else { throw ProofError("the consistency proof is longer than the trees need") }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHashing.node(c, fr)
                sr = MerkleHashing.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHashing.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw ProofError("the consistency proof is shorter than the trees need") }
        guard fr == oldRoot else { throw ProofError("the consistency proof leads to \(fr.hex), not to the old root \(oldRoot.hex)") }
        guard sr == newRoot else { throw ProofError("the consistency proof leads to \(sr.hex), not to the new root \(newRoot.hex)") }
    }
}

/// Complete subtree hashes kept in memory, level by level: for tests, and for a log small enough
/// to hold. Level 0 is the leaf hashes; each level above holds the hashes of complete pairs.
public struct InMemoryTree: SubtreeHashes, Sendable {
    public private(set) var levels: [[Hash32]] = [[]]

    public init() {}

    public init(leaves: [[UInt8]]) {
        for leaf in leaves { append(leafHash: MerkleHashing.leaf(leaf)) }
    }

    public var size: UInt64 { UInt64(levels[0].count) }

    public mutating func append(leafHash: Hash32) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = MerkleHashing.node(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    public func subtree(level: Int, index: UInt64) throws -> Hash32 {
        guard level < levels.count, index < UInt64(levels[level].count) else {
            throw ProofError("no complete subtree at level \(level), index \(index) in a tree of \(size) leaves")
        }
        return levels[level][Int(index)]
    }
}
