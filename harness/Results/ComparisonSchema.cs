namespace ProbeHarness.Results;

/// <summary>
/// Tables that comparisons read, added beside the runs and results (CREATE IF NOT EXISTS, so an
/// older history gains them on first open and older harnesses ignore them): which runs make one
/// matrix or nightly, the measurements (overhead samples) and the probe points that resolved (coverage) per cell.
/// </summary>
internal static class ComparisonSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS run_sets (
            id   TEXT PRIMARY KEY REFERENCES runs(id),
            kind TEXT NOT NULL,
            name TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS run_members (
            set_id TEXT NOT NULL REFERENCES run_sets(id),
            run_id TEXT NOT NULL REFERENCES runs(id),
            PRIMARY KEY (set_id, run_id)
        );
        CREATE TABLE IF NOT EXISTS measurements (
            run_id  TEXT NOT NULL REFERENCES runs(id),
            arch    TEXT NOT NULL,
            kernel  TEXT NOT NULL,
            engine  TEXT NOT NULL,
            name    TEXT NOT NULL,
            unit    TEXT NOT NULL,
            samples TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS measurements_by_run ON measurements(run_id);
        CREATE TABLE IF NOT EXISTS coverage (
            run_id     TEXT NOT NULL REFERENCES runs(id),
            arch       TEXT NOT NULL,
            kernel     TEXT NOT NULL,
            engine     TEXT NOT NULL,
            family     TEXT NOT NULL,
            candidates BIGINT NOT NULL,
            points     TEXT NOT NULL
        );
        """;
}
