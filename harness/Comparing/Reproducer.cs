using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>Where a finding shows again: the command that runs that test in that cell, and the run directory that has its logs.</summary>
public static class Reproducer
{
    public static string Of(RunResult r)
    {
        var c = r.Result.Cell;
        return $"scripts/harness run --suite {r.Result.Suite} --arch {c.Arch} --kernel {KernelSpecOf(c.Kernel)} --engine {TestKey.EngineFamily(c.Engine)}"
               + $"  # logs: {r.Run.RunDirectory}";
    }

    /// <summary>A Debian release back as a kernel spec: 6.1.0-57-amd64 → bookworm:6.1.0-57; 6.1.0-57-cloud-amd64 → bookworm:6.1.0-57-cloud.</summary>
    public static string KernelSpecOf(string release)
    {
        var parts = release.Split('-');
        if (release.StartsWith("6.1.0-", StringComparison.Ordinal) && parts.Length >= 3)
            return $"bookworm:6.1.0-{parts[1]}" + (parts.Length > 3 ? $"-{parts[2]}" : "");
        if (release.Contains("+deb13", StringComparison.Ordinal)) return "trixie";
        if (release.Contains("+deb12", StringComparison.Ordinal)) return $"bookworm:{release.Split('-')[0]}";
        return release;
    }
}
