using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using ProbeHarness.Kernels;

namespace ProbeHarness.Toolchains;

/// <summary>What a command run in a toolchain container left behind.</summary>
public sealed record ContainerExecResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut);

/// <summary>
/// A running container of a toolchain image (Testcontainers), with host directories bound in, in
/// which commands are executed by argument list. It has no network. One owner starts it and
/// disposes it; an owner that exits without disposing stops it at process exit, and one that is
/// killed leaves it to its own command (sleep), which ends it after MaxLifetime.
/// </summary>
public sealed class ToolchainContainer : IAsyncDisposable
{
    /// <summary>Upper bound on a leaked container's life: a run that never disposed it.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(6);

    // coreutils timeout exits 124 when it stopped the command, 137 when it had to KILL it.
    private const int TimeoutExit = 124, KilledExit = 137;

    private readonly IContainer container;

    public string Image { get; }

    /// <summary>The time from create to running, for reports.</summary>
    public TimeSpan StartTime { get; }

    public string Id => container.Id;

    private int disposed;

    private ToolchainContainer(IContainer container, string image, TimeSpan startTime)
    {
        this.container = container;
        Image = image;
        StartTime = startTime;
        // An owner that exits without disposing (a run ended by an exception, a CLI that never
        // disposes engines) must not leave the container behind for hours.
        AppDomain.CurrentDomain.ProcessExit += StopAtExit;
    }

    private void StopAtExit(object? sender, EventArgs e) =>
        DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(15));

    public static async Task<ToolchainContainer> StartAsync(string image, IReadOnlyList<ToolchainMount> mounts, CancellationToken ct)
    {
        DockerEnvironment.Apply();
        var builder = new ContainerBuilder(image)
            // Images are made locally by scripts/setup-docker; a pull could only fail, slowly.
            .WithImagePullPolicy(_ => false)
            .WithCommand("sleep", ((int)MaxLifetime.TotalSeconds).ToString())
            .WithAutoRemove(true)
            .WithLabel("probe-harness.toolchain", image)
            .WithCreateParameterModifier(p => p.HostConfig!.NetworkMode = "none");
        // Parents before children, so a writable directory inside a read-only one stays writable.
        foreach (var m in mounts.OrderBy(m => m.ContainerPath.Length))
            builder = builder.WithBindMount(m.HostPath, m.ContainerPath, m.Writable ? AccessMode.ReadWrite : AccessMode.ReadOnly);
        var c = builder.Build();
        var sw = Stopwatch.StartNew();
        try
        {
            await c.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await c.DisposeAsync();
            throw new InfrastructureException(
                $"cannot start toolchain container {image} ({e.GetType().Name}: {e.Message}); "
                + "is dockerd running and the image imported? run scripts/setup-docker");
        }
        return new ToolchainContainer(c, image, sw.Elapsed);
    }

    /// <summary>
    /// Runs <paramref name="command"/> in the container, killed (with its children) after
    /// <paramref name="timeout"/> by coreutils timeout inside the container: cancelling the
    /// exec API call alone would leave the process running there.
    /// </summary>
    public async Task<ContainerExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        var secs = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var sw = Stopwatch.StartNew();
        ExecResult r = await container.ExecAsync(["timeout", "--kill-after=10", $"{secs}", .. command], ct);
        var code = (int)(r.ExitCode ?? -1);
        return new ContainerExecResult(code, r.Stdout, r.Stderr, sw.Elapsed, code is TimeoutExit or KilledExit);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit -= StopAtExit;
        await container.DisposeAsync();
    }
}
