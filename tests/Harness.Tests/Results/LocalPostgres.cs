using NUnit.Framework;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Results;

/// <summary>
/// A private PostgreSQL server for the tests: initdb into a temporary folder, listening on a Unix
/// socket only (no TCP), run as the postgres user when the tests run as root. Started once,
/// stopped at the end; each test gets a database of its own.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LocalPostgres? _shared;

    private readonly string _dir;
    private readonly string _bin;
    private readonly bool _asPostgres;

    private LocalPostgres(string dir, string bin, bool asPostgres)
    {
        _dir = dir;
        _bin = bin;
        _asPostgres = asPostgres;
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host={_dir};Port=5432;Username=postgres;Database={database};Pooling=false";

    public static async Task<LocalPostgres> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopSharedAsync()
    {
        if (_shared is { } s) await s.DisposeAsync();
        _shared = null;
    }

    private static async Task<LocalPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).Order().LastOrDefault()
            : null;
        if (bin is null) Assert.Fail("PostgreSQL is not installed (scripts/setup-host installs postgresql-15)");
        var dir = Path.Combine(Path.GetTempPath(), $"ph-pg-{Guid.NewGuid():N}"[..16]);
        Directory.CreateDirectory(dir);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres) await Tool.CheckAsync("chown", ["postgres:postgres", dir], TimeSpan.FromSeconds(10));
        var pg = new LocalPostgres(dir, bin!, asPostgres);
        await pg.RunAsync("initdb", ["-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
        await pg.RunAsync("pg_ctl", ["-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "log"), "-w", "-t", "60",
            "-o", $"-k {dir} -c listen_addresses= -p 5432 -c fsync=off", "start"]);
        return pg;
    }

    public async Task<string> NewDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using var db = new Npgsql.NpgsqlConnection(ConnectionString());
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE {name}";
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private Task<ToolResult> RunAsync(string tool, IEnumerable<string> args)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgres
            ? Tool.CheckAsync("runuser", ["-u", "postgres", "--", path, .. args], TimeSpan.FromMinutes(2))
            : Tool.CheckAsync(path, args, TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "stop"]);
        Directory.Delete(_dir, true);
    }
}

[SetUpFixture]
public sealed class LocalPostgresTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => LocalPostgres.StopSharedAsync();
}
