namespace ProbeHarness.Cli;

/// <summary>The `--db` option `run` and `report` share: its help text, and the history it means when absent.</summary>
public static class HistoryOption
{
    public const string Description =
        "History database: a SQLite file, or PostgreSQL as postgres://user:pass@host/db or an Npgsql connection string. Default: history.sqlite in the harness cache.";

    public static string PathOr(string? given) => given ?? Results.ResultStores.DefaultPath();
}
