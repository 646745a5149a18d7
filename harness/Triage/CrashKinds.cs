namespace ProbeHarness.Triage;

/// <summary>The values of CrashInfo.Kind: coarse classes a reader can filter and count on.</summary>
public static class CrashKinds
{
    public const string Bug = "BUG";
    public const string Warning = "WARNING";
    public const string Panic = "PANIC";
    public const string Lockup = "LOCKUP";
    public const string Stall = "STALL";
    public const string Hang = "HANG";
    public const string Lockdep = "LOCKDEP";
    public const string Memory = "MEMORY";
    public const string Ubsan = "UBSAN";
    // Harness-side conditions: no kernel text to parse, only what the harness saw.
    public const string NoOutput = "NO_OUTPUT";
    public const string LostConnection = "LOST_CONNECTION";
    public const string QemuExit = "QEMU_EXIT";
    public const string BootFailure = "BOOT_FAILURE";
}
