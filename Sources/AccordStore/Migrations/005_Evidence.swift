extension Migration {
    /// Electronic evidence: items of the vault (their content lives in files named by its SHA-256)
    /// and the custody log, an RFC 9162 Merkle tree: each event a leaf, the hash of each complete
    /// block of 256 leaves kept so that proofs never read more than one block of leaves, and the
    /// signed tree heads.
    static let evidence = Migration(version: 5, name: "evidence") { _ in
        [
            """
            CREATE TABLE evidence_items (
                id TEXT PRIMARY KEY,
                sha256 TEXT NOT NULL,
                size BIGINT NOT NULL,
                case_ref TEXT NOT NULL,
                description TEXT NOT NULL,
                acquired_by TEXT NOT NULL,
                acquired_at TEXT NOT NULL,
                method TEXT NOT NULL,
                original_name TEXT,
                media_type TEXT,
                tlp TEXT NOT NULL,
                added_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX evidence_items_sha256 ON evidence_items (sha256)",
            """
            CREATE TABLE custody_log (
                leaf_index BIGINT PRIMARY KEY,
                item_id TEXT NOT NULL,
                leaf TEXT NOT NULL,
                leaf_hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX custody_log_item ON custody_log (item_id, leaf_index)",
            "CREATE TABLE custody_blocks (block BIGINT PRIMARY KEY, hash TEXT NOT NULL)",
            "CREATE TABLE custody_heads (size BIGINT PRIMARY KEY, root TEXT NOT NULL, signed_at BIGINT NOT NULL, checkpoint TEXT NOT NULL)",
        ]
    }
}
