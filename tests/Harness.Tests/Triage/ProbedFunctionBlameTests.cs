using NUnit.Framework;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Triage;

/// <summary>
/// The probed-function rule on real logs: a crash in a probed function (faulting PC or guilty
/// frame) is the probe's; a probed function deeper in the stack, or in a "?" frame, is not.
/// </summary>
public class ProbedFunctionBlameTests
{
    private static CorpusCase Log(string arch, string name) => Corpus.Cases().Single(c => c.Arch == arch && c.Name == name);

    private static CrashReport First(CorpusCase c, params string[] probed) => ConsoleTriage.Parse(c.Log, c.Arch, null, probed)[0];

    [Test]
    public void WithoutProbedFunctionsAKernelCrashStaysTheKernels()
    {
        var r = First(Log("x86_64", "null"));
        Assert.That((r.Culprit, r.Probe), Is.EqualTo((Culprit.Kernel, (string?)null)));
    }

    [Test]
    public void ProbedGuiltyFrameBlamesTheProbe()
    {
        // x86_64/null: RIP and guilty frame crashmod_null.
        var r = First(Log("x86_64", "null"), "crashmod_null");
        Assert.That((r.Culprit, r.Probe), Is.EqualTo((Culprit.ProbeEngine, (string?)"kprobe:crashmod_null")));
        Assert.That(r.Title, Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in crashmod_null"), "blame does not change the title");
    }

    [Test]
    public void ProbedNamesAreNormalisedLikeFrames()
    {
        var r = First(Log("x86_64", "null"), "crashmod_null+0x5", "crashmod_null.isra.0");
        Assert.That(r.Culprit, Is.EqualTo(Culprit.ProbeEngine));
    }

    [Test]
    public void ProbedFaultingPcBlamesTheProbeEvenWhenTheTitleNamesAnother()
    {
        // x86_64/listdel: RIP is __list_del_entry_valid (a checker, skipped for the title), guilty frame crashmod_listdel.
        var c = Log("x86_64", "listdel");
        var plain = First(c);
        Assert.That(plain.GuiltyFrame, Is.EqualTo("crashmod_listdel"));
        Assert.That(c.Log, Does.Contain("RIP: 0010:__list_del_entry_valid"));
        var r = First(c, "__list_del_entry_valid");
        Assert.That(r.Culprit, Is.EqualTo(Culprit.ProbeEngine));
        Assert.That(r.Probe, Is.EqualTo("kprobe:__list_del_entry_valid"));
    }

    [TestCase("x86_64", "null", "do_one_initcall")]
    [TestCase("x86_64", "null", "do_init_module")]
    [TestCase("x86_64", "null", "__do_sys_finit_module")]
    [TestCase("x86_64", "softlockup", "do_one_initcall")]
    [TestCase("arm64", "null", "do_init_module")]
    public void ProbedCallerDeeperInTheStackDoesNotBlameTheProbe(string arch, string name, string probed)
    {
        var c = Log(arch, name);
        Assert.That(c.Log, Does.Contain(" " + probed + "+0x"), "the probed function is on the stack");
        Assert.That(First(c, probed).Culprit, Is.EqualTo(Culprit.Kernel));
    }

    [Test]
    public void ProbedFunctionInAStaleFrameDoesNotBlameTheProbe()
    {
        // x86_64/null prints "? do_sys_openat2+0x9b/0x170": stack leftovers, not a caller.
        var c = Log("x86_64", "null");
        Assert.That(c.Log, Does.Contain("? do_sys_openat2+"));
        Assert.That(First(c, "do_sys_openat2").Culprit, Is.EqualTo(Culprit.Kernel));
    }

    [Test]
    public void KprobeMachineryStillBlamesWithoutProbedFunctionsAndKeepsTheHandlersModule()
    {
        var c = Log("x86_64", "kprobe");
        Assert.That(First(c).Culprit, Is.EqualTo(Culprit.ProbeEngine));
        Assert.That(First(c, "do_sys_openat2").Probe, Is.EqualTo(First(c).Probe), "a module handler names the probe, not the probed function");
    }

    [Test]
    public void StreamingMonitorAppliesTheSameRule()
    {
        var c = Log("x86_64", "null");
        var blamed = new ConsoleMonitor(c.Arch, null, ["crashmod_null"]);
        var spared = new ConsoleMonitor(c.Arch, null, ["do_init_module"]);
        foreach (var chunk in c.Log.Chunk(512).Select(ch => new string(ch)))
        {
            blamed.Feed(chunk);
            spared.Feed(chunk);
        }
        blamed.Complete();
        spared.Complete();
        Assert.That(blamed.All[0].Culprit, Is.EqualTo(Culprit.ProbeEngine));
        Assert.That(spared.All[0].Culprit, Is.EqualTo(Culprit.Kernel));
    }

    [Test]
    public void EmptySetIsTheSameAsNone()
    {
        var c = Log("x86_64", "null");
        Assert.That(ConsoleTriage.Parse(c.Log, c.Arch, null, Array.Empty<string>())[0].Culprit, Is.EqualTo(Culprit.Kernel));
    }
}
