extension Migration {
    /// What the scam-text analyser said of a report's narrative when it was ingested: the text's
    /// scam probability, the verdict and the scam type. Reports stored before stay without.
    static let narrativeAnalysis = Migration(version: 6, name: "narrative analysis") { postgres in
        [
            "ALTER TABLE reports ADD COLUMN narrative_score DOUBLE PRECISION",
            "ALTER TABLE reports ADD COLUMN narrative_verdict TEXT",
            "ALTER TABLE reports ADD COLUMN narrative_scam_type TEXT",
        ]
    }
}
