extension Migration {
    /// Canonical indicators get a table of their own and a dense number, in the order they were
    /// first stored. A report keeps its indicators as given in one JSON document (`indicators`)
    /// and the numbers of what it links on (`links`); `report_links` indexes reports by indicator,
    /// clustered on the indicator number so that new indicators append. This replaces the row per
    /// indicator of version 1, which repeated each identifier, kind and value; existing reports
    /// are carried over.
    static let numberIndicators = Migration(version: 2, name: "number canonical indicators") { postgres in
        let number = postgres ? "BIGINT PRIMARY KEY" : "INTEGER PRIMARY KEY"
        // The identifier's 16 bytes: PostgreSQL's uuid type, a blob in SQLite.
        let uuid = postgres ? "UUID" : "BLOB"
        let oldID = postgres ? "ri.indicator_id::uuid" : "unhex(replace(ri.indicator_id, '-', ''))"
        let clustered = postgres ? "" : " WITHOUT ROWID"
        // The document and the link list built from the old rows, in each dialect.
        let object = postgres ? "json_build_object" : "json_object"
        let array = postgres ? "json_agg" : "json_group_array"
        let asText = postgres ? "::text" : ""
        let extracted = postgres ? "ri.extracted <> 0" : "json(CASE WHEN ri.extracted <> 0 THEN 'true' ELSE 'false' END)"
        return [
            """
            CREATE TABLE indicators (
                id \(number),
                uuid \(uuid) NOT NULL,
                kind TEXT NOT NULL,
                value TEXT NOT NULL
            )
            """,
            """
            INSERT INTO indicators (id, uuid, kind, value)
            SELECT ROW_NUMBER() OVER (ORDER BY MIN(ri.report_seq * 100000 + ri.position)), \(oldID), MIN(ri.kind), MIN(ri.value)
            FROM report_indicators ri WHERE ri.indicator_id IS NOT NULL GROUP BY ri.indicator_id
            """,
            "CREATE INDEX indicators_uuid_migrating ON indicators (uuid)",
            "ALTER TABLE reports ADD COLUMN indicators TEXT",
            "ALTER TABLE reports ADD COLUMN links TEXT",
            """
            UPDATE reports SET indicators = (
                SELECT \(array)(\(object)(
                    'kind', ri.raw_kind,
                    'value', CASE WHEN ri.raw_value = ri.value THEN NULL ELSE ri.raw_value END,
                    'chain', ri.chain, 'platform', ri.platform, 'bank', ri.bank,
                    'country', CASE WHEN ri.country = reports.country THEN NULL ELSE ri.country END,
                    'indicator', i.id, 'problem', ri.problem, 'extracted', \(extracted)) ORDER BY ri.position)\(asText)
                FROM report_indicators ri LEFT JOIN indicators i ON i.uuid = \(oldID)
                WHERE ri.report_seq = reports.seq AND ri.raw_kind IS NOT NULL)
            """,
            """
            UPDATE reports SET links = (
                SELECT \(array)(n ORDER BY first)\(asText) FROM (
                    SELECT i.id AS n, MIN(ri.position) AS first
                    FROM report_indicators ri JOIN indicators i ON i.uuid = \(oldID)
                    WHERE ri.report_seq = reports.seq GROUP BY i.id) AS named)
            """,
            """
            CREATE TABLE report_links (
                indicator BIGINT NOT NULL,
                report_seq BIGINT NOT NULL,
                PRIMARY KEY (indicator, report_seq)
            )\(clustered)
            """,
            """
            INSERT INTO report_links (indicator, report_seq)
            SELECT DISTINCT i.id, ri.report_seq FROM report_indicators ri JOIN indicators i ON i.uuid = \(oldID)
            """,
            "DROP TABLE report_indicators",
            "DROP INDEX indicators_uuid_migrating",
        ]
    }
}
