using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Machines;

namespace ProbeHarness.Tests.Machines;

public class QemuCommandTests
{
    private static IEnumerable<Arch> Rows => ArchTable.All;

    private static IReadOnlyList<string> ArgsFor(Arch a, string accel = "tcg") =>
        QemuCommand.Arguments(new MachineConfig(a, "/k/vmlinuz", "/k/initrd.gz", "/tmp/w", ["nokaslr"]), "/tmp/agent.sock", accel);

    private static string After(IReadOnlyList<string> args, string option) => args[args.ToList().IndexOf(option) + 1];

    [TestCaseSource(nameof(Rows))]
    public void Every_row_gives_a_complete_command(Arch a)
    {
        var args = ArgsFor(a);
        Assert.That(After(args, "-M"), Is.EqualTo(a.Machine));
        Assert.That(After(args, "-cpu"), Is.EqualTo(a.Cpu));
        Assert.That(After(args, "-accel"), Is.EqualTo("tcg"));
        Assert.That(After(args, "-append"), Is.EqualTo(string.Join(' ', new[] { $"console={a.Console}", "panic=-1" }.Concat(a.EmulationKernelArgs ?? []).Append("nokaslr"))),
            "under TCG the row's emulation arguments come before the caller's");
        Assert.That(args, Does.Contain(a.VirtioSerialDevice));
        Assert.That(args, Does.Contain("virtserialport,chardev=ph,name=ph.agent"));
        Assert.That(args, Does.Contain("socket,id=ph,path=/tmp/agent.sock"));
        Assert.That(string.Join(' ', args), Does.EndWith(string.Join(' ', a.ExtraQemuArgs)));
        Assert.That(args.Where(x => x == "-device"), Has.Exactly(2).Items);
    }

    [Test]
    public void Kvm_takes_the_hosts_cpu() =>
        Assert.That(After(ArgsFor(ArchTable.Get("x86_64"), "kvm"), "-cpu"), Is.EqualTo("host"));

    [Test]
    public void Foreign_architectures_are_always_emulated()
    {
        foreach (var a in Rows.Where(a => !a.IsHost))
            Assert.That(Accelerator.For(a), Is.EqualTo(Environment.GetEnvironmentVariable("PROBE_HARNESS_ACCEL") ?? "tcg"), a.Name);
    }
}
