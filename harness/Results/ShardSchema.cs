namespace ProbeHarness.Results;

/// <summary>
/// Tables of a run spread over shards (CREATE IF NOT EXISTS beside the others, so an older history
/// gains them on first open): each shard's host, job and end; the tests each shard planned, written
/// before it runs them; and which of the run's member runs (one per arch x kernel group) each shard made.
/// The run itself is a run set (kind <c>sharded</c>) whose members are the groups' runs.
/// </summary>
internal static class ShardSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS shards (
            run_id    TEXT NOT NULL REFERENCES runs(id),
            shard     BIGINT NOT NULL,
            shards    BIGINT NOT NULL,
            host      TEXT NULL,
            job       TEXT NULL,
            started   TEXT NULL,
            ended     TEXT NULL,
            exit_code BIGINT NULL,
            PRIMARY KEY (run_id, shard)
        );
        CREATE TABLE IF NOT EXISTS shard_tests (
            run_id TEXT NOT NULL REFERENCES runs(id),
            shard  BIGINT NOT NULL,
            suite  TEXT NOT NULL,
            test   TEXT NOT NULL,
            arch   TEXT NOT NULL,
            kernel TEXT NOT NULL,
            engine TEXT NOT NULL,
            PRIMARY KEY (run_id, shard, arch, kernel, engine, suite, test)
        );
        CREATE TABLE IF NOT EXISTS shard_groups (
            member TEXT PRIMARY KEY REFERENCES runs(id),
            run_id TEXT NOT NULL REFERENCES runs(id),
            shard  BIGINT NOT NULL,
            arch   TEXT NOT NULL,
            kernel TEXT NOT NULL
        );
        """;
}
