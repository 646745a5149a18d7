using System.Globalization;
using Microsoft.Data.Sqlite;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>Maps a <see cref="TestResult"/> to the columns of the results table and back.</summary>
internal static class ResultRow
{
    public const string Columns =
        "run_id, recorded, suite, test, arch, kernel, engine, state, culprit, reason, duration_ms, output, " +
        "crash_title, crash_kind, crash_culprit, crash_corrupted, crash_probe, crash_excerpt, console_log";

    public const string Parameters =
        "$run_id, $recorded, $suite, $test, $arch, $kernel, $engine, $state, $culprit, $reason, $duration_ms, $output, " +
        "$crash_title, $crash_kind, $crash_culprit, $crash_corrupted, $crash_probe, $crash_excerpt, $console_log";

    public static void Bind(SqliteCommand cmd, string runId, DateTimeOffset recorded, TestResult r)
    {
        var p = cmd.Parameters;
        p.AddWithValue("$run_id", runId);
        p.AddWithValue("$recorded", Timestamps.Write(recorded));
        p.AddWithValue("$suite", r.Suite);
        p.AddWithValue("$test", r.Test);
        p.AddWithValue("$arch", r.Cell.Arch);
        p.AddWithValue("$kernel", r.Cell.Kernel);
        p.AddWithValue("$engine", r.Cell.Engine);
        // The DejaGnu word, not the enum number, so the table reads on its own and survives reordering.
        p.AddWithValue("$state", r.State.DejaGnuWord());
        p.AddWithValue("$culprit", r.Culprit.ToString());
        p.AddWithValue("$reason", (object?)r.Reason ?? DBNull.Value);
        p.AddWithValue("$duration_ms", (long)Math.Round(r.Duration.TotalMilliseconds));
        p.AddWithValue("$output", r.Output);
        var c = r.Crash;
        p.AddWithValue("$crash_title", (object?)c?.Title ?? DBNull.Value);
        p.AddWithValue("$crash_kind", (object?)c?.Kind ?? DBNull.Value);
        p.AddWithValue("$crash_culprit", (object?)c?.Culprit.ToString() ?? DBNull.Value);
        p.AddWithValue("$crash_corrupted", c is null ? DBNull.Value : c.Corrupted ? 1 : 0);
        p.AddWithValue("$crash_probe", (object?)c?.Probe ?? DBNull.Value);
        p.AddWithValue("$crash_excerpt", (object?)c?.Excerpt ?? DBNull.Value);
        p.AddWithValue("$console_log", (object?)r.ConsoleLog ?? DBNull.Value);
    }

    /// <summary>Reads a row selected with <see cref="Columns"/> (run_id and recorded are skipped).</summary>
    public static TestResult Read(SqliteDataReader row)
    {
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        CrashInfo? crash = row.IsDBNull(12) ? null : new CrashInfo(
            row.GetString(12),
            row.GetString(13),
            Enum.Parse<Culprit>(row.GetString(14)),
            row.GetInt64(15) != 0,
            Text(16),
            row.GetString(17));
        return new TestResult(
            row.GetString(2),
            row.GetString(3),
            new Cell(row.GetString(4), row.GetString(5), row.GetString(6)),
            ParseState(row.GetString(7)),
            Enum.Parse<Culprit>(row.GetString(8)),
            Text(9),
            TimeSpan.FromMilliseconds(row.GetInt64(10)),
            row.GetString(11),
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

/// <summary>Round-trip ISO-8601 text: sorts as text, keeps the offset, portable to PostgreSQL.</summary>
internal static class Timestamps
{
    public static string Write(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Read(string s) =>
        DateTimeOffset.ParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
