using NUnit.Framework;
using ProbeHarness.Engines.Phinject;

namespace ProbeHarness.Tests.Engines.Phinject;

public class InjectionScriptTests
{
    private static readonly InjectionSpec Open = new("security_file_open", -13, new InjectionRule("first", N: 1));

    [Test]
    public void The_module_is_loaded_with_the_specs_parameters_and_a_refusal_has_its_own_status()
    {
        var s = InjectionScript.For(Open, "/tmp/ph/phinject.ko", "phfault open /etc/hostname");
        Assert.That(s, Does.Contain("insmod /tmp/ph/phinject.ko func=security_file_open value=-13 rule=first:1 || {"));
        Assert.That(s, Does.Contain("exit 90; }"));
    }

    [Test]
    public void The_workload_runs_quoted_with_the_arming_file_and_is_disarmed_before_the_counts_are_read()
    {
        var s = InjectionScript.For(Open, "/m.ko", "phfault open '/a b'");
        Assert.That(s, Does.Contain("PHINJECT_ARM=$P/pid sh -c 'eval \"exec $1\"' ph-workload 'phfault open '\\''/a b'\\'''"));
        Assert.That(s.IndexOf("echo 0 > $P/pid", StringComparison.Ordinal), Is.LessThan(s.IndexOf("calls=$(cat $P/calls)", StringComparison.Ordinal)));
        Assert.That(s.TrimEnd(), Does.EndWith("exit $rc"));
    }

    [Test]
    public void Only_the_taint_flags_that_matter_make_the_kernel_not_survive()
    {
        // M B D W L; the module's own O and E (bits 12, 13) are not in the mask.
        Assert.That(InjectionScript.TroubleMask, Is.EqualTo((1UL << 4) | (1UL << 5) | (1UL << 7) | (1UL << 9) | (1UL << 14)));
        Assert.That(InjectionScript.For(Open, "/m.ko", "w"), Does.Contain($"new=$(( after & ~before & {InjectionScript.TroubleMask} ))"));
    }
}
