using Npgsql;

namespace ProbeHarness.Results;

/// <summary>
/// Run history in PostgreSQL, for a team or a farm sharing one history. Same tables and SQL as
/// the SQLite store; the schema is created under an advisory lock so concurrent first runs agree.
/// </summary>
public sealed class PostgresResultStore : DbResultStore
{
    // Any constant works; it only has to be the same for every harness creating the schema.
    private const long SchemaLock = 0x50524f4245L;

    public PostgresResultStore(string connectionString, TimeProvider? clock = null)
        : base(Open(connectionString), clock)
    {
        HistorySchema.Create(Connection, "BIGSERIAL PRIMARY KEY", $"SELECT pg_advisory_xact_lock({SchemaLock})");
    }

    private static NpgsqlConnection Open(string connectionString)
    {
        var db = new NpgsqlConnection(connectionString);
        db.Open();
        return db;
    }
}
