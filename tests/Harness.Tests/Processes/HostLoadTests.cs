using NUnit.Framework;
using ProbeHarness.Machines;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Processes;

public class HostLoadTests
{
    [TestCase(0.3, 2, 1.0)]     // a quiet host: the limit as set
    [TestCase(2.0, 2, 1.0)]
    [TestCase(31.0, 2, 8.0)]    // load 31 on 2 cores: capped, a real hang is still caught
    [TestCase(9.0, 2, 4.5)]
    [TestCase(null, 2, 1.0)]    // no /proc/loadavg: as set
    [TestCase(9.0, 0, 1.0)]
    public void The_factor_is_the_load_over_the_cores_between_1_and_8(double? load, int cores, double factor) =>
        Assert.That(HostLoad.FactorOf(load, cores), Is.EqualTo(factor).Within(1e-9));

    [Test]
    public void A_limit_the_user_gave_is_never_stretched_and_a_default_never_shrinks()
    {
        var given = new MachineConfig(Architectures.ArchTable.Get("x86_64"), "/k", "/i", "/w", [], SilenceLimit: TimeSpan.FromSeconds(5));
        Assert.That(given.EffectiveSilenceLimit, Is.EqualTo(TimeSpan.FromSeconds(5)));
        var byDefault = given with { SilenceLimit = null };
        Assert.That(byDefault.EffectiveSilenceLimit, Is.InRange(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60 * HostLoad.MaxFactor)));
    }
}
