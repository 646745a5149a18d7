namespace ProbeHarness.Processes;

/// <summary>
/// Runs a host command that comes from outside the harness (a suite's command line, a SystemTap
/// testsuite script, the examples' test_support/test_check, fuzzed input) without the capability
/// to load kernel modules, whatever it calls: `/usr/bin/stap` by path, `staprun`, `insmod`.
/// `setpriv` (util-linux) drops CAP_SYS_MODULE from the bounding set, so no later exec — not even
/// of a set-user-ID root program — can get it back, and from the inheritable and ambient sets, so
/// the root exec that follows does not regain it through them either; with no_new_privs no exec
/// gains any privilege. The command keeps every other right root has (the harness cache, the build
/// trees), so builds to pass 4 run as before; loading (init_module, finit_module) fails with EPERM
/// before the kernel reads the image.
/// </summary>
public static class WithoutModuleLoading
{
    public const string Program = "setpriv";

    /// <summary>CAP_SYS_MODULE's number, the bit that stays clear in /proc/PID/status's Cap* masks.</summary>
    public const int CapSysModule = 16;

    public static readonly IReadOnlyList<string> Dropping =
        ["--bounding-set=-sys_module", "--inh-caps=-sys_module", "--ambient-caps=-sys_module", "--no-new-privs", "--"];

    /// <summary>setpriv's argument list that runs <paramref name="file"/> with <paramref name="args"/> in the dropped context.</summary>
    public static IReadOnlyList<string> Arguments(string file, IEnumerable<string> args) => [.. Dropping, file, .. args];

    public static Task<ToolResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct = default,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? env = null) =>
        Tool.RunAsync(Program, Arguments(file, args), timeout, ct, workingDirectory, env);
}
