namespace ProbeHarness.Suites;

/// <summary>A suite file is wrong; the message names the file and line.</summary>
public sealed class SuiteFormatException(string file, long line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
}
