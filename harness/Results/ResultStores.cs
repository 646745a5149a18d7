namespace ProbeHarness.Results;

/// <summary>Opens the history named on the command line: a PostgreSQL URL or connection string, else a SQLite file.</summary>
public static class ResultStores
{
    public static IResultStore Open(string database)
    {
        if (database.StartsWith("postgres://", StringComparison.Ordinal) || database.StartsWith("postgresql://", StringComparison.Ordinal))
            return new PostgresResultStore(FromUrl(new Uri(database)));
        if (database.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return new PostgresResultStore(database);
        return new SqliteResultStore(database);
    }

    /// <summary>postgres://user:password@host:port/database → an Npgsql connection string.</summary>
    public static string FromUrl(Uri url)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = Uri.UnescapeDataString(url.Host),
            Database = url.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        if (url.Port > 0) b.Port = url.Port;
        var user = url.UserInfo.Split(':', 2);
        if (user[0].Length > 0) b.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1) b.Password = Uri.UnescapeDataString(user[1]);
        return b.ConnectionString;
    }
}
