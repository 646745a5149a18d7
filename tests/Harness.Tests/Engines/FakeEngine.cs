using ProbeHarness.Engines;
using ProbeHarness.Guest;
using ProbeHarness.Suites;

namespace ProbeHarness.Tests.Engines;

/// <summary>An engine that builds nothing and holds a resource, so a test can see whether it was released.</summary>
public sealed class FakeEngine(string name) : IProbeEngine, IAsyncDisposable
{
    public string Name => name;
    public string Version => "fake";
    public IReadOnlyList<string> GuestPackages => [];
    public int Disposals { get; private set; }

    public Task<PreparedProbe> PrepareAsync(SuiteTest test, ProbeTarget target, string workDir, CancellationToken ct) =>
        Task.FromResult(PreparedProbe.HostDone("", TimeSpan.Zero));

    public ProbeOutput Interpret(StepResult step) => new(step.ExitStatus, step.StdoutText, step.StderrText);

    public ValueTask DisposeAsync()
    {
        Disposals++;
        return ValueTask.CompletedTask;
    }
}

/// <summary>A kind whose engines are <see cref="FakeEngine"/>s, or that fails to start with the exception it is given.</summary>
public sealed class FakeKind(string name, Exception? fails = null) : IEngineKind
{
    public string Name => name;
    public bool IsDefault => false;
    public int Order => 99;
    public List<FakeEngine> Made { get; } = [];

    public Task<IProbeEngine> CreateAsync(EngineContext context, CancellationToken ct)
    {
        if (fails is not null) throw fails;
        var e = new FakeEngine(name);
        Made.Add(e);
        return Task.FromResult<IProbeEngine>(e);
    }
}
