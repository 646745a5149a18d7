namespace ProbeHarness.Machines;

/// <summary>The argument list of one QEMU boot, built from the architecture row and the config.</summary>
public static class QemuCommand
{
    public static IReadOnlyList<string> Arguments(MachineConfig c, string agentSocket, string accel)
    {
        var a = c.Arch;
        var args = new List<string>
        {
            "-M", a.Machine, "-cpu", accel == "kvm" ? "host" : a.Cpu, "-accel", accel,
            "-m", c.MemoryMb.ToString(), "-smp", c.Cpus.ToString(),
            "-nodefaults", "-display", "none", "-no-reboot",
            "-kernel", c.KernelPath, "-initrd", c.InitrdPath, "-append", c.CommandLine,
            "-chardev", "stdio,id=con,signal=off", "-serial", "chardev:con",
            "-chardev", $"socket,id=ph,path={agentSocket}",
            "-device", a.VirtioSerialDevice, "-device", "virtserialport,chardev=ph,name=ph.agent",
            "-monitor", "none",
        };
        args.AddRange(a.ExtraQemuArgs);
        if (c.QemuArgs is { } more) args.AddRange(more);
        return args;
    }
}
