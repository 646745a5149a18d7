namespace ProbeHarness.Cli;

/// <summary>
/// The plain streams a command writes to besides its console: machine-read output (triage's
/// JSON and lines) goes to <see cref="Out"/>, never wrapped; errors go to <see cref="Error"/>, one line each.
/// </summary>
public sealed record CliStreams(TextWriter Out, TextWriter Error)
{
    public static CliStreams Process => new(Console.Out, Console.Error);
}
