namespace Gateway.Storage.Migrations;

/// <summary>
/// The SQLite schema as an ordered list of migrations. Times are INTEGER Unix milliseconds (UTC): sortable, compact,
/// and unambiguous across providers. Identifiers are the gateway's text ids. Enumerations are stored as readable text
/// (e.g. <c>pre_empted</c>) so an operator with the sqlite3 shell can read the evidence without this code.
/// </summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "initial: topology, calls, transmissions, recordings, duty, alerts, audit", """
            CREATE TABLE talk_groups (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                hang_time_ms INTEGER NOT NULL,
                max_transmit_ms INTEGER NOT NULL,
                queue_requests INTEGER NOT NULL,
                queue_timeout_ms INTEGER NOT NULL,
                record INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );

            CREATE TABLE units (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                mumble_user TEXT NULL,
                selcall TEXT NULL,
                dtmf_id TEXT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );

            -- Unit membership in talk groups (a unit's groups); groups may come from configuration, so no foreign key.
            CREATE TABLE unit_memberships (
                unit_id TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
                talk_group_id TEXT NOT NULL,
                PRIMARY KEY (unit_id, talk_group_id)
            );

            -- Endpoints added at run time: the connector kind and its options as JSON (the connector owns the shape).
            CREATE TABLE endpoints (
                id TEXT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL,
                definition_json TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );

            CREATE TABLE endpoint_memberships (
                endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
                talk_group_id TEXT NOT NULL,
                PRIMARY KEY (endpoint_id, talk_group_id)
            );

            CREATE TABLE patches (
                id TEXT NOT NULL PRIMARY KEY,
                created_at INTEGER NOT NULL,
                removed_at INTEGER NULL
            );

            CREATE TABLE patch_groups (
                patch_id TEXT NOT NULL REFERENCES patches(id) ON DELETE CASCADE,
                talk_group_id TEXT NOT NULL,
                PRIMARY KEY (patch_id, talk_group_id)
            );

            CREATE TABLE calls (
                id TEXT NOT NULL PRIMARY KEY,
                talk_group_id TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                ended_at INTEGER NULL,
                end_reason TEXT NULL,
                first_endpoint_id TEXT NULL,
                first_unit_id TEXT NULL,
                first_talker_name TEXT NULL,
                priority TEXT NOT NULL,
                transmission_count INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_calls_group_started ON calls (talk_group_id, started_at);
            CREATE INDEX ix_calls_started ON calls (started_at);
            CREATE INDEX ix_calls_open ON calls (ended_at) WHERE ended_at IS NULL;

            CREATE TABLE transmissions (
                call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                talk_group_id TEXT NOT NULL,
                endpoint_id TEXT NOT NULL,
                unit_id TEXT NULL,
                talker_name TEXT NOT NULL,
                priority TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                ended_at INTEGER NULL,
                end_reason TEXT NULL,
                PRIMARY KEY (call_id, number)
            );
            CREATE INDEX ix_transmissions_unit ON transmissions (unit_id, started_at);

            -- One recording per call; written by the recorder, which may finish before or after the call row commits,
            -- hence no foreign key (retention deletes both).
            CREATE TABLE recordings (
                call_id TEXT NOT NULL PRIMARY KEY,
                talk_group_id TEXT NOT NULL,
                path TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                ended_at INTEGER NULL,
                duration_ms INTEGER NOT NULL DEFAULT 0,
                size_bytes INTEGER NOT NULL DEFAULT 0,
                complete INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_recordings_started ON recordings (started_at);

            -- Where each talker's audio sits in the recording (voice is recorded back to back, gaps are not).
            CREATE TABLE recording_segments (
                call_id TEXT NOT NULL REFERENCES recordings(call_id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                endpoint_id TEXT NOT NULL,
                unit_id TEXT NULL,
                talker_name TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                offset_ms INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                PRIMARY KEY (call_id, seq)
            );

            CREATE TABLE duty_registrations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                unit_id TEXT NOT NULL,
                on_duty INTEGER NOT NULL,
                at INTEGER NOT NULL,
                location TEXT NULL,
                note TEXT NULL,
                source TEXT NOT NULL
            );
            CREATE INDEX ix_duty_unit_at ON duty_registrations (unit_id, at);

            -- Alerts (pages) and per-unit status, for the alerts work: state machine, ack and on-scene times.
            CREATE TABLE alerts (
                id TEXT NOT NULL PRIMARY KEY,
                state TEXT NOT NULL,
                priority TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                created_by TEXT NULL,
                text TEXT NULL,
                ack_required INTEGER NOT NULL,
                ack_deadline_ms INTEGER NULL,
                request_json TEXT NOT NULL,
                ended_at INTEGER NULL
            );
            CREATE INDEX ix_alerts_created ON alerts (created_at);
            CREATE INDEX ix_alerts_open ON alerts (state) WHERE ended_at IS NULL;

            CREATE TABLE alert_units (
                alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
                unit_id TEXT NOT NULL,
                status TEXT NOT NULL,
                notified_at INTEGER NULL,
                acknowledged_at INTEGER NULL,
                ack_via TEXT NULL,
                responding_at INTEGER NULL,
                on_scene_at INTEGER NULL,
                checked_out_at INTEGER NULL,
                PRIMARY KEY (alert_id, unit_id)
            );

            -- Every state change of an alert, and duplicate/late acknowledgements (recorded, never overwriting the first).
            CREATE TABLE alert_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                unit_id TEXT NULL,
                detail TEXT NULL
            );
            CREATE INDEX ix_alert_events_alert ON alert_events (alert_id, at);

            -- State-changing API calls: who (API key name), what, when, result.
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                key_name TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NULL,
                detail TEXT NULL,
                result TEXT NOT NULL
            );
            CREATE INDEX ix_audit_at ON audit_log (at);
            """),

        // Version 2 belongs to the unit emergency/status work (merged separately; the migrator accepts gaps).
        new(3, "unit positions: the last reported fix per unit", """
            -- One row per unit: its last position (WGS-84 degrees), the fix time as reported and when it arrived.
            -- Units may come from configuration, so no foreign key.
            CREATE TABLE unit_positions (
                unit_id TEXT NOT NULL PRIMARY KEY,
                latitude REAL NOT NULL,
                longitude REAL NOT NULL,
                accuracy_m REAL NOT NULL,
                fix_at INTEGER NOT NULL,
                received_at INTEGER NOT NULL,
                source TEXT NOT NULL
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
