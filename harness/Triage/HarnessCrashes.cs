using ProbeHarness.Verdicts;

namespace ProbeHarness.Triage;

/// <summary>
/// Failures the harness sees rather than reads on the console. Titles are fixed strings so that
/// they group like kernel titles. Who is blamed is decided here, once:
/// silence and a boot that never reaches the agent are the kernel's (a guest that prints nothing
/// or never gets to userspace is what a hung or broken kernel looks like); a lost agent connection
/// and an unexpected QEMU exit are infrastructure until the console shows a kernel report, in
/// which case the caller should prefer the parsed report.
/// </summary>
public static class HarnessCrashes
{
    public const string NoOutputTitle = "no output from test machine";
    public const string LostConnectionTitle = "lost connection to guest agent";
    public const string QemuExitedTitle = "QEMU exited unexpectedly";
    public const string BootNeverReachedAgentTitle = "boot never reached the guest agent";

    public static CrashInfo NoOutput(TimeSpan silence, string consoleTail) =>
        new(NoOutputTitle, CrashKinds.NoOutput, Culprit.Kernel, false, null,
            $"no console output for {silence.TotalSeconds:0} s\n{consoleTail}");

    public static CrashInfo LostConnection(string detail, string consoleTail) =>
        new(LostConnectionTitle, CrashKinds.LostConnection, Culprit.Infrastructure, false, null, $"{detail}\n{consoleTail}");

    public static CrashInfo QemuExited(int exitCode, string stderr, string consoleTail) =>
        new(QemuExitedTitle, CrashKinds.QemuExit, Culprit.Infrastructure, false, null,
            $"qemu exit code {exitCode}\n{stderr}\n{consoleTail}");

    public static CrashInfo BootNeverReachedAgent(TimeSpan waited, string consoleTail) =>
        new(BootNeverReachedAgentTitle, CrashKinds.BootFailure, Culprit.Kernel, false, null,
            $"guest agent not reachable after {waited.TotalSeconds:0} s\n{consoleTail}");

    /// <summary>The report to keep when the harness saw a failure: the console's own account wins.</summary>
    public static CrashInfo Prefer(CrashInfo harnessSide, string console, string? arch = null) =>
        ConsoleTriage.Parse(console, arch) is [var first, ..] ? first.ToCrashInfo() : harnessSide;
}
