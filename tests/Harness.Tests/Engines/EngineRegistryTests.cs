using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Kernels;
using ProbeHarness.Running;

namespace ProbeHarness.Tests.Engines;

public class EngineRegistryTests
{
    private string _root = null!;
    private EngineContext _context = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("engine-registry-").FullName;
        var kernel = new KernelImage("bookworm", "6.1.0-56-amd64", "6.1.0-56", "amd64", "6.1.192-2", ArchTable.Get("x86_64"),
            "/nonexistent/vmlinuz", null, null, null, null, "key");
        _context = new EngineContext(new HarnessCache(_root), kernel);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Each_engine_folder_registers_its_name_and_the_defaults_keep_their_order()
    {
        // phinject (error injection) runs only where a suite or the user names it.
        Assert.That(EngineRegistry.Names, Is.EqualTo(new[] { "systemtap", "kprobe_events", "phinject" }));
        Assert.That(EngineRegistry.Defaults, Is.EqualTo(new[] { "systemtap", "kprobe_events" }));
        Assert.That(new RunOptions().Engines, Is.EqualTo(EngineRegistry.Defaults));
    }

    [Test]
    public void An_unknown_name_is_refused_with_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => EngineRegistry.Get("dtrace"))!;
        Assert.That(e.Message, Is.EqualTo("unknown engine 'dtrace'; known: systemtap, kprobe_events, phinject"));
        Assert.That(EngineRegistry.Find("dtrace"), Is.Null);
    }

    [Test]
    public void Engines_made_before_one_fails_to_start_are_disposed()
    {
        var first = new FakeKind("first");
        var broken = new FakeKind("broken", new InvalidOperationException("no container engine"));
        var e = Assert.ThrowsAsync<InfrastructureException>(() => StartedEngines.StartAsync([first, broken], _context, CancellationToken.None))!;
        Assert.That(e.Message, Is.EqualTo("engine broken could not start for 6.1.0-56-amd64: no container engine"));
        Assert.That(first.Made.Single().Disposals, Is.EqualTo(1));
    }

    [Test]
    public void A_cancelled_start_disposes_what_it_made_and_stays_a_cancellation()
    {
        var first = new FakeKind("first");
        var cancelled = new FakeKind("cancelled", new OperationCanceledException());
        Assert.ThrowsAsync<OperationCanceledException>(() => StartedEngines.StartAsync([first, cancelled], _context, CancellationToken.None));
        Assert.That(first.Made.Single().Disposals, Is.EqualTo(1));
    }

    [Test]
    public async Task The_set_disposes_each_engine_once_in_the_order_asked()
    {
        var a = new FakeKind("a");
        var b = new FakeKind("b");
        var set = await StartedEngines.StartAsync([b, a], _context, CancellationToken.None);
        Assert.That(set.All.Select(x => x.Name), Is.EqualTo(new[] { "b", "a" }));
        await set.DisposeAsync();
        await set.DisposeAsync();
        Assert.That(a.Made.Single().Disposals + b.Made.Single().Disposals, Is.EqualTo(2));
    }

    [Test]
    public void An_unknown_name_among_known_ones_makes_nothing()
    {
        Assert.ThrowsAsync<ArgumentException>(() => EngineRegistry.StartAsync(["kprobe_events", "dtrace"], _context, CancellationToken.None));
    }
}
