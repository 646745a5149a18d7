namespace ProbeHarness.Machines;

/// <summary>
/// Chooses KVM only when it can work (host arch, /dev/kvm usable, CPU virtualisation flags);
/// on this kind of machine /dev/kvm exists but a KVM boot hangs, so the flags decide.
/// PROBE_HARNESS_ACCEL=tcg|kvm overrides.
/// </summary>
public static class Accelerator
{
    public static string For(Architectures.Arch arch)
    {
        var forced = Environment.GetEnvironmentVariable("PROBE_HARNESS_ACCEL");
        if (!string.IsNullOrEmpty(forced)) return forced;
        if (!arch.IsHost || !File.Exists("/dev/kvm")) return "tcg";
        try
        {
            var flags = File.ReadAllText("/proc/cpuinfo");
            var virt = flags.Contains(" vmx") || flags.Contains(" svm");
            return virt ? "kvm" : "tcg";
        }
        catch (IOException)
        {
            return "tcg";
        }
    }
}
