namespace ProbeHarness.Verdicts;

/// <summary>Where a test ran: one cell of the arch x kernel x engine matrix.</summary>
public sealed record Cell(string Arch, string Kernel, string Engine)
{
    public override string ToString() => $"{Arch}/{Kernel}/{Engine}";
}

/// <summary>One judged test. Immutable; stored as soon as it is judged.</summary>
public sealed record TestResult(
    string Suite,
    string Test,
    Cell Cell,
    TestState State,
    Culprit Culprit,
    string? Reason,
    TimeSpan Duration,
    string Output,
    CrashInfo? Crash = null,
    string? ConsoleLog = null)
{
    /// <summary>The name used in .sum files and JUnit: the test within its cell.</summary>
    public string FullName => $"{Test} [{Cell}]";
}
