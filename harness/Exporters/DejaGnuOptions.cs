using System.Runtime.InteropServices;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>
/// What a DejaGnu header says that the run record does not: who ran it, on what configuration, and
/// what counts as one test source. Injectable so golden files do not depend on the machine.
/// </summary>
public sealed record DejaGnuOptions(string? User = null, string? Triplet = null, Func<TestResult, string>? SourceOf = null)
{
    public string UserName => User ?? Environment.UserName;

    /// <summary>DejaGnu prints the GNU triplet of the machine that ran the tests (the host here; guests are cells).</summary>
    public string Configuration => Triplet ?? HostTriplet();

    /// <summary>The "Running X ..." unit: by default the suite's test script, which then runs in every cell.</summary>
    public string Source(TestResult r) => SourceOf?.Invoke(r) ?? $"{r.Suite}/{r.Test}";

    private static string HostTriplet() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64-pc-linux-gnu",
        Architecture.Arm64 => "aarch64-unknown-linux-gnu",
        Architecture.Ppc64le => "powerpc64le-unknown-linux-gnu",
        Architecture.S390x => "s390x-ibm-linux-gnu",
        Architecture.RiscV64 => "riscv64-unknown-linux-gnu",
        var a => $"{a.ToString().ToLowerInvariant()}-unknown-linux-gnu",
    };
}
