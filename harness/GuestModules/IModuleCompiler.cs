namespace ProbeHarness.GuestModules;

/// <summary>Runs kbuild's make for an out-of-tree module: on the host, or in a toolchain container.</summary>
public interface IModuleCompiler
{
    /// <summary>What identifies the compiler in the module's cache key.</summary>
    Task<string> IdentityAsync(CancellationToken ct);

    /// <summary>Runs make with <paramref name="args"/>; the module's folder is writable. Throws with make's output on failure.</summary>
    Task MakeAsync(IReadOnlyList<string> args, string moduleDir, CancellationToken ct);
}
