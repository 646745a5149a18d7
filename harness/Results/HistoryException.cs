namespace ProbeHarness.Results;

/// <summary>
/// The history database cannot be used: not a database, unreadable, a server that does not answer,
/// a schema newer than this harness. The CLI says so in one line and exits 2.
/// </summary>
public sealed class HistoryException(string database, string why, Exception inner)
    : Exception($"history database {database}: {why}", inner);
