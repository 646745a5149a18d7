using ProbeHarness.Caching;

namespace ProbeHarness.GuestModules;

/// <summary>
/// Everything a built module depends on, hashed into its cache key (guest-modules/&lt;key&gt;): the
/// sources, the kernel build tree it is built against, the architecture, and the compiler that
/// builds it (the host's gcc --version, or the toolchain image's tag, which is its recipe's hash).
/// </summary>
public sealed record ModuleBuildKey(string SourceHash, string KernelTree, string Arch, string Compiler)
{
    // Bump when the layout of an entry changes.
    private const string Layout = "guest-module-v1";

    public string Value => HarnessCache.KeyOf(Layout, SourceHash, KernelTree, Arch, Compiler);

    public override string ToString() => Value;
}
