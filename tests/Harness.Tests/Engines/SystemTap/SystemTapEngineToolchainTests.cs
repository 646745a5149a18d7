using System.Text;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Guest;
using ProbeHarness.Suites;

namespace ProbeHarness.Tests.Engines.SystemTap;

/// <summary>
/// Which toolchain the engine builds with, with fake toolchains that record their requests
/// (the real ones are exercised by StapRealBuildTests and TrixieStapContainerTests).
/// </summary>
public class SystemTapEngineToolchainTests
{
    private string dir = null!;
    private HarnessCache cache = null!;
    private readonly List<FakeToolchain> made = [];

    [SetUp]
    public void Make()
    {
        dir = Directory.CreateTempSubdirectory("engine-toolchain").FullName;
        cache = new HarnessCache(Path.Combine(dir, "cache"));
        made.Clear();
    }

    [TearDown]
    public void Remove() => Directory.Delete(dir, true);

    private SystemTapEngine Engine(string? distro)
    {
        var toolchains = new StapToolchains(cache, (choice, _) =>
        {
            var t = new FakeToolchain(choice.Toolchain, choice.OnHost ? "4.8" : "5.1", dir);
            made.Add(t);
            return Task.FromResult<IStapToolchain>(t);
        });
        return new SystemTapEngine(toolchains, distro, null, RuntimePatchCatalog.Default(), cache, underEmulation: true);
    }

    private ProbeTarget Target(string release) =>
        new(ArchTable.Get("x86_64"), release, Directory.CreateDirectory(Path.Combine(dir, "tree-" + release)).FullName, null);

    private static SuiteTest Smoke(string name) => SuiteLoader.Load("smoke").Tests.Single(t => t.Name == name);

    [Test]
    public async Task A_trixie_kernel_is_built_in_the_container_with_the_5_1_patch()
    {
        await using var engine = Engine(distro: null);
        var p = await engine.PrepareAsync(Smoke("stap-getpid-kprobe-pair"), Target("6.12.118+deb13-amd64"), Path.Combine(dir, "w1"), CancellationToken.None);

        Assert.That(p.Ok, Is.True, p.Reason);
        var fake = made.Single();
        Assert.That(fake.Name, Is.EqualTo("trixie-stap"));
        Assert.That(engine.Version, Is.EqualTo("5.1"));
        Assert.That(fake.Requests.Single().RuntimePatch?.Id, Is.EqualTo("stap-5.1-uprobe-unregister-nosync"));
        Assert.That(File.ReadAllText(fake.Requests.Single().ScriptFile), Does.Contain("__x64_sys_getpid"));
        Assert.That(p.Log, Does.Contain("trixie-stap toolchain"));
    }

    [Test]
    public async Task A_trixie_tracepoint_build_gets_the_declared_workaround_and_its_log_names_it()
    {
        await using var engine = Engine(distro: null);
        var p = await engine.PrepareAsync(Smoke("stap-tracepoint-fork"), Target("6.12.118+deb13-amd64"), Path.Combine(dir, "w7"), CancellationToken.None);

        var args = StapBuilder.Arguments(made.Single().Requests.Single());
        Assert.That(args.Zip(args.Skip(1)), Does.Contain(("-B", "KCFLAGS=-w")));
        Assert.That(args[^1], Does.EndWith("fork_tracepoint.stp"), "options come before the script");
        Assert.That(p.Log, Does.Contain("build workarounds: stap-5.1-tracequery-count-args"));
    }

    [Test]
    public async Task A_bookworm_build_gets_no_workaround()
    {
        await using var engine = Engine(distro: null);
        var p = await engine.PrepareAsync(Smoke("stap-tracepoint-fork"), Target("6.1.0-57-amd64"), Path.Combine(dir, "w8"), CancellationToken.None);

        Assert.That(StapBuilder.Arguments(made.Single().Requests.Single()), Has.None.StartsWith("KCFLAGS"));
        Assert.That(p.Log, Does.Not.Contain("build workarounds"));
    }

    [Test]
    public async Task A_bookworm_kernel_is_built_on_the_host_with_the_4_8_patch()
    {
        await using var engine = Engine(distro: null);
        await engine.PrepareAsync(Smoke("stap-getpid-kprobe-pair"), Target("6.1.0-56-amd64"), Path.Combine(dir, "w2"), CancellationToken.None);

        Assert.That(made.Single().Name, Is.EqualTo("host"));
        Assert.That(made.Single().Requests.Single().RuntimePatch?.Id, Is.EqualTo("stap-4.8-task-work-cancel-func"));
        Assert.That(engine.Version, Is.EqualTo("4.8"));
    }

    [Test]
    public async Task A_distribution_given_at_creation_wins_over_the_release_string_and_one_toolchain_serves_all_builds()
    {
        await using var engine = Engine(distro: "trixie");
        await engine.PrepareAsync(Smoke("stap-timer-aggregate"), Target("6.12.118+deb13-amd64"), Path.Combine(dir, "w3"), CancellationToken.None);
        await engine.PrepareAsync(Smoke("stap-stock-runtime-builds"), Target("6.12.118+deb13-amd64"), Path.Combine(dir, "w4"), CancellationToken.None);

        var fake = made.Single();
        Assert.That(fake.Name, Is.EqualTo("trixie-stap"));
        Assert.That(fake.Requests.Select(r => r.RuntimePatch?.Id), Is.EqualTo(new[] { "stap-5.1-uprobe-unregister-nosync", null }),
            "the stock-runtime test keeps the unpatched runtime");
    }

    [Test]
    public async Task A_stock_5_1_module_that_fails_to_load_on_6_12_is_named_as_the_known_failure()
    {
        await using var engine = Engine(distro: null);
        await engine.PrepareAsync(Smoke("stap-stock-runtime-builds"), Target("6.12.118+deb13-amd64"), Path.Combine(dir, "w5"), CancellationToken.None);
        var step = new StepResult(1, [], Encoding.UTF8.GetBytes("ERROR: Can't resolve uprobe_unregister!\n"));

        var output = engine.Interpret(step);

        Assert.That(output.Diagnostics, Does.Contain("known: needs runtime patch stap-5.1-uprobe-unregister-nosync"));
        Assert.That(engine.Interpret(new StepResult(0, [], [])).Diagnostics, Is.Empty);
    }

    [Test]
    public async Task The_toolchain_is_disposed_with_the_engine()
    {
        var engine = Engine(distro: "trixie");
        await engine.PrepareAsync(Smoke("stap-timer-aggregate"), Target("6.12.118+deb13-amd64"), Path.Combine(dir, "w6"), CancellationToken.None);
        await engine.DisposeAsync();
        Assert.That(made.Single().Disposed, Is.True);
    }

    /// <summary>A toolchain that "builds" by writing an empty module and remembers what it was asked.</summary>
    private sealed class FakeToolchain(string name, string version, string root) : IStapToolchain
    {
        public List<StapBuildRequest> Requests { get; } = [];
        public bool Disposed { get; private set; }
        public string Name => name;
        public string Version => version;
        public string FullVersion => $"{version}/0.0, fake";

        public Task<string> PatchedRuntimeAsync(RuntimePatch patch, CancellationToken ct) =>
            Task.FromResult(Directory.CreateDirectory(Path.Combine(root, "runtime-" + patch.Id)).FullName);

        public Task<StapBuildResult> BuildAsync(StapBuildRequest request, CancellationToken ct)
        {
            Requests.Add(request);
            var ko = Path.Combine(request.OutputDirectory, $"stap_fake_{Requests.Count}.ko");
            File.WriteAllBytes(ko, []);
            return Task.FromResult(new StapBuildResult(true, ko, null, null, TimeSpan.Zero, 0, false, ko + "\n", "",
                request.RuntimePatch?.Id, ["stap", "-p4"]));
        }

        public Task<StapProgram> ProgramAsync(string directory, string? buildTree, CancellationToken ct) =>
            Task.FromResult(new StapProgram("/bin/false", Path.Combine(root, "stapdir"), null));

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
