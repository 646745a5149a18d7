using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Cli;
using ProbeHarness.Kernels;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// A user's own kernel, for real: Debian trixie's x86_64 kernel package unpacked as it is
/// (boot/vmlinuz-*, usr/lib/modules/*), given to `run --kernel DIR` without --arch, through the
/// whole command line. The arch comes from the image, the cell is named by the release, and the
/// smoke suite passes its gate.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class OwnKernelRunTests
{
    private string _root = null!;
    private string _release = null!;
    private int _exit;
    private string _output = null!;
    private IReadOnlyList<TestResult> _results = null!;

    [OneTimeSetUp]
    public async Task RunSmokeOnTheUnpackedPackage()
    {
        _root = Directory.CreateTempSubdirectory("ph-own-kernel-").FullName;
        var package = Path.Combine(_root, "trixie-pkg");
        _release = await UnpackTrixieKernelAsync(package);

        var tester = new CommandAppTester();
        tester.Console.Width(400);
        tester.Configure(HarnessApp.Configure);
        var db = Path.Combine(_root, "history.sqlite");
        var result = await Task.Run(() => tester.Run("run", "--kernel", package, "--out", Path.Combine(_root, "runs"), "--db", db));
        (_exit, _output) = (result.ExitCode, result.Output);
        TestContext.Progress.WriteLine(_output);
        using var store = new SqliteResultStore(db);
        _results = store.Results(store.Runs().Single().Id);
    }

    [OneTimeTearDown]
    public void RemoveTheCopy() => Directory.Delete(_root, recursive: true);

    /// <summary>The .deb `run --kernel trixie` would boot, unpacked with dpkg-deb -x and nothing moved.</summary>
    private static async Task<string> UnpackTrixieKernelAsync(string into)
    {
        var arch = ArchTable.Get("x86_64");
        var archive = new DebianArchive(HarnessCache.Default(), DistroTable.Get("trixie"), arch.DebianArch);
        var chosen = KernelProvider.Choose(await archive.ListKernelsAsync(), KernelSpec.Parse("trixie"), arch.DefaultFlavor, arch);
        var image = await archive.FindAsync(chosen.Name) ?? throw new InvalidOperationException($"no {chosen.Name}");
        var deb = (await archive.DownloadAsync([image]))[0];
        await DebExtractor.ExtractAsync(deb, into, CancellationToken.None);
        Assert.That(Directory.Exists(Path.Combine(into, "usr", "lib", "modules", chosen.Release)), "trixie's package has the merged-/usr layout");
        return chosen.Release;
    }

    [Test]
    public void The_gate_passes() => Assert.That(_exit, Is.EqualTo(Gate.Passed), _output);

    [Test]
    public void Every_cell_is_named_by_the_release_on_the_arch_the_image_says()
    {
        Assert.That(_results, Is.Not.Empty);
        Assert.That(_results.Select(r => (r.Cell.Arch, r.Cell.Kernel)).Distinct(), Is.EqualTo(new[] { ("x86_64", _release) }));
    }

    [Test]
    public void Kprobe_events_count_every_getpid_entry_and_return_exactly()
    {
        var r = _results.Single(r => r.Test == "kprobe-events-getpid-pair");
        Assert.That(r.State, Is.EqualTo(TestState.Pass), r.Reason + "\n" + r.Output);
    }

    [Test]
    public void SystemTap_without_headers_is_unsupported_not_failed()
    {
        var stap = _results.Where(r => r.Cell.Engine.StartsWith("systemtap")).ToList();
        Assert.That(stap, Is.Not.Empty);
        Assert.That(stap.Select(r => r.State), Is.All.EqualTo(TestState.Unsupported));
        Assert.That(stap.Single(r => r.Test == "stap-getpid-kprobe-pair").Reason, Does.Contain($"no kernel headers or build tree for {_release}"));
    }

    [Test]
    public void What_is_missing_is_said_in_one_line_before_the_boot() =>
        Assert.That(_output, Does.Contain($"({_release}, x86_64): no headers or build tree"));
}
