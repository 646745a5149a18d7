namespace ProbeHarness.Results;

/// <summary>Opens the history named on the command line: a PostgreSQL URL or connection string, else a SQLite file.</summary>
public static class ResultStores
{
    /// <summary>history.sqlite in the harness cache: the history when no --db is given.</summary>
    public static string DefaultPath() => Path.Combine(Caching.HarnessCache.Default().Root, "history.sqlite");

    /// <summary>Opens (and creates or migrates) the history; one that cannot be used is a <see cref="HistoryException"/>.</summary>
    public static IResultStore Open(string database)
    {
        try
        {
            if (database.StartsWith("postgres://", StringComparison.Ordinal) || database.StartsWith("postgresql://", StringComparison.Ordinal))
                return new PostgresResultStore(FromUrl(new Uri(database)));
            if (database.Contains("Host=", StringComparison.OrdinalIgnoreCase))
                return new PostgresResultStore(database);
            // A history in a folder not made yet (a fresh --out tree, say) is made with it, as the file itself is.
            if (Path.GetDirectoryName(Path.GetFullPath(database)) is { } folder) Directory.CreateDirectory(folder);
            return new SqliteResultStore(database);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or UriFormatException
                                       or ArgumentException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            throw new HistoryException(Redacted(database), e.Message, e);
        }
    }

    /// <summary>The database as it may be printed: a URL's or connection string's password hidden.</summary>
    public static string Redacted(string database) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(database, @"(://[^:/@]*:)[^@]*@", "$1***@"),
            @"(?i)(password\s*=\s*)[^;]*", "$1***");

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
