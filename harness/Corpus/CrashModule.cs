using ProbeHarness.Architectures;
using ProbeHarness.Processes;

namespace ProbeHarness.Corpus;

/// <summary>
/// Builds vmimages/crashmod/crashmod.c against a kernel's headers tree (cross-compiled for a
/// foreign guest). Built on the host, loaded only in a throwaway guest.
/// </summary>
public static class CrashModule
{
    public static async Task<string> BuildAsync(Arch arch, string buildDir, string workDir, CancellationToken ct)
    {
        var dir = Path.Combine(workDir, "crashmod");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        foreach (var f in new[] { "crashmod.c", "Kbuild" })
            File.Copy(Resources.PathOf("vmimages", $"crashmod/{f}"), Path.Combine(dir, f));
        var args = new List<string> { "-s", "-C", buildDir, $"M={dir}" };
        if (!arch.IsHost) args.AddRange([$"ARCH={arch.KernelArch}", $"CROSS_COMPILE={arch.CrossCompilePrefix}"]);
        args.Add("modules");
        await Tool.CheckAsync("make", args, TimeSpan.FromMinutes(5), ct);
        return Path.Combine(dir, "crashmod.ko");
    }
}
