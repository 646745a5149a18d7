using ProbeHarness.Caching;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>The host's installed stap (bookworm: 4.8), run directly.</summary>
public sealed class HostStapToolchain(StapRuntime stap, HarnessCache cache) : IStapToolchain
{
    public const string ToolchainName = "host";

    private readonly StapBuilder builder = new(stap.StapPath, cache);

    public string Name => ToolchainName;

    public string Version => stap.Version;

    public string FullVersion => stap.FullVersion;

    public static async Task<HostStapToolchain> DetectAsync(HarnessCache cache, CancellationToken ct) =>
        new(await StapRuntime.DetectAsync(ct), cache);

    public Task<string> PatchedRuntimeAsync(RuntimePatch patch, CancellationToken ct) =>
        PatchedRuntime.GetAsync(cache, stap.Version, patch, stap.RuntimeDirectory, ct);

    public Task<StapBuildResult> BuildAsync(StapBuildRequest request, CancellationToken ct) => builder.BuildAsync(request, ct);

    public Task<StapProgram> ProgramAsync(string directory, string? buildTree, CancellationToken ct) =>
        Task.FromResult(new StapProgram(stap.StapPath, builder.SystemtapDir, null));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
