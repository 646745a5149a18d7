using System.Globalization;
using System.Data.Common;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>Maps a <see cref="TestResult"/> to the columns of the results table and back.</summary>
internal static class ResultRow
{
    public const string Columns =
        "run_id, recorded, suite, test, arch, kernel, engine, state, culprit, reason, duration_ms, output, " +
        "crash_title, crash_kind, crash_culprit, crash_corrupted, crash_probe, crash_excerpt, console_log";

    public const string Parameters =
        "@run_id, @recorded, @suite, @test, @arch, @kernel, @engine, @state, @culprit, @reason, @duration_ms, @output, " +
        "@crash_title, @crash_kind, @crash_culprit, @crash_corrupted, @crash_probe, @crash_excerpt, @console_log";

    public static void Bind(DbCommand cmd, string runId, DateTimeOffset recorded, TestResult r)
    {
        var p = new Binder(cmd);
        p.AddWithValue("run_id", runId);
        p.AddWithValue("recorded", Timestamps.Write(recorded));
        p.AddWithValue("suite", r.Suite);
        p.AddWithValue("test", r.Test);
        p.AddWithValue("arch", r.Cell.Arch);
        p.AddWithValue("kernel", r.Cell.Kernel);
        p.AddWithValue("engine", r.Cell.Engine);
        // The DejaGnu word, not the enum number, so the table reads on its own and survives reordering.
        p.AddWithValue("state", r.State.DejaGnuWord());
        p.AddWithValue("culprit", r.Culprit.ToString());
        p.AddWithValue("reason", (object?)r.Reason ?? DBNull.Value);
        p.AddWithValue("duration_ms", (long)Math.Round(r.Duration.TotalMilliseconds));
        p.AddWithValue("output", r.Output);
        var c = r.Crash;
        p.AddWithValue("crash_title", (object?)c?.Title ?? DBNull.Value);
        p.AddWithValue("crash_kind", (object?)c?.Kind ?? DBNull.Value);
        p.AddWithValue("crash_culprit", (object?)c?.Culprit.ToString() ?? DBNull.Value);
        p.AddWithValue("crash_corrupted", c is null ? DBNull.Value : c.Corrupted ? 1 : 0);
        p.AddWithValue("crash_probe", (object?)c?.Probe ?? DBNull.Value);
        p.AddWithValue("crash_excerpt", (object?)c?.Excerpt ?? DBNull.Value);
        p.AddWithValue("console_log", (object?)r.ConsoleLog ?? DBNull.Value);
    }

    /// <summary>Reads a row selected with <see cref="Columns"/> (run_id and recorded are skipped).</summary>
    public static TestResult Read(DbDataReader row)
    {
        string? Text(int i) => row.IsDBNull(i) ? null : StoredText.Decode(row.GetString(i));
        CrashInfo? crash = row.IsDBNull(12) ? null : new CrashInfo(
            Text(12)!,
            Text(13)!,
            Enum.Parse<Culprit>(row.GetString(14)),
            Convert.ToInt64(row.GetValue(15)) != 0,
            Text(16),
            Text(17)!);
        return new TestResult(
            Text(2)!,
            Text(3)!,
            new Cell(Text(4)!, Text(5)!, Text(6)!),
            ParseState(row.GetString(7)),
            Enum.Parse<Culprit>(row.GetString(8)),
            Text(9),
            TimeSpan.FromMilliseconds(Convert.ToInt64(row.GetValue(10))),
            Text(11)!,
            crash,
            Text(18));
    }

    private static readonly Dictionary<string, TestState> StatesByWord =
        Enum.GetValues<TestState>().ToDictionary(s => s.DejaGnuWord());

    private static TestState ParseState(string word) =>
        StatesByWord.TryGetValue(word, out var s)
            ? s
            : throw new InvalidDataException($"unknown state '{word}' in history database");
}

/// <summary>Adds named parameters to any ADO.NET command (SQLite and Npgsql both take @name).</summary>
internal readonly struct Binder(DbCommand cmd)
{
    public void AddWithValue(string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value is string s ? StoredText.Encode(s) : value;
        cmd.Parameters.Add(p);
    }
}

/// <summary>
/// Kernel output can hold NUL bytes, which PostgreSQL's text type refuses. Text is stored with NUL
/// written as U+E000 '0' and U+E000 itself doubled, a private-use escape that round-trips exactly.
/// </summary>
internal static class StoredText
{
    private const char Escape = '\uE000';

    public static string Encode(string s) =>
        s.AsSpan().IndexOfAny('\0', Escape) < 0 ? s : s.Replace(Escape.ToString(), $"{Escape}{Escape}").Replace("\0", $"{Escape}0");

    public static string Decode(string s)
    {
        if (s.IndexOf(Escape) < 0) return s;
        var b = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == Escape && i + 1 < s.Length)
            {
                b.Append(s[++i] == '0' ? '\0' : Escape);
                continue;
            }
            b.Append(s[i]);
        }
        return b.ToString();
    }
}

/// <summary>Round-trip ISO-8601 text: sorts as text, keeps the offset, portable to PostgreSQL.</summary>
internal static class Timestamps
{
    public static string Write(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Read(string s) =>
        DateTimeOffset.ParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
