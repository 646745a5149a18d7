using ProbeHarness.Caching;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// The toolchains one engine uses, each made on first need (a container starts only when a
/// kernel of its distribution is built for) and all disposed with the engine.
/// </summary>
/// <param name="make">Makes a toolchain for a row; the default starts the real one (tests pass fakes).</param>
public sealed class StapToolchains(HarnessCache cache, Func<StapToolchainChoice, CancellationToken, Task<IStapToolchain>>? make = null)
    : IAsyncDisposable
{
    private readonly Dictionary<string, Task<IStapToolchain>> made = new();
    private readonly Lock gate = new();

    public Task<IStapToolchain> GetAsync(StapToolchainChoice choice, CancellationToken ct)
    {
        lock (gate)
        {
            if (!made.TryGetValue(choice.Toolchain, out var t) || t.IsFaulted || t.IsCanceled)
                made[choice.Toolchain] = t = CreateAsync(choice, ct);
            return t;
        }
    }

    private async Task<IStapToolchain> CreateAsync(StapToolchainChoice choice, CancellationToken ct)
    {
        IStapToolchain t = make is not null ? await make(choice, ct)
            : choice.OnHost ? await HostStapToolchain.DetectAsync(cache, ct)
            : await ContainerStapToolchain.StartAsync(cache, ToolchainRecipe.Get(choice.Toolchain), ct);
        // The host's stap is what the user installed; a container's is what its recipe promised.
        if (!choice.OnHost && t.Version != choice.StapVersion)
        {
            await t.DisposeAsync();
            throw new InvalidOperationException(
                $"the {choice.Toolchain} toolchain for {choice.Distro} has stap {t.Version}, but StapToolchainTable expects {choice.StapVersion}");
        }
        return t;
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<IStapToolchain>> all;
        lock (gate) { all = made.Values.ToList(); made.Clear(); }
        foreach (var t in all.Where(t => t.IsCompletedSuccessfully)) await t.Result.DisposeAsync();
    }
}
