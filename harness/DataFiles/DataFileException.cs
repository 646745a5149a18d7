namespace ProbeHarness.DataFiles;

/// <summary>A data file (suite, matrix, case table) is wrong; the message names the file and line.</summary>
public sealed class DataFileException(string file, long line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
}
