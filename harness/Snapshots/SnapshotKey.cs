using ProbeHarness.Caching;
using ProbeHarness.Machines;

namespace ProbeHarness.Snapshots;

/// <summary>
/// What determines a saved guest, as the inputs of its cache key: the QEMU that ran it, the
/// accelerator, the kernel and initramfs by content, and every argument the configuration puts on
/// QEMU's command line (machine, CPU, memory, CPUs, kernel command line, devices, the arch row's
/// extra arguments). Per-run paths (work directory, sockets, where the kernel and initramfs lie)
/// are left out, so the same guest made by another run has the same key.
/// </summary>
public static class SnapshotKey
{
    /// <summary>Bumped when the way a guest is saved changes (agent state at save, stream format).</summary>
    public const string Format = "snapshot-1";

    private const string KernelStandIn = "@kernel";
    private const string InitrdStandIn = "@initrd";
    private const string SocketStandIn = "@agent-socket";

    /// <summary>The key's inputs, in order; <paramref name="hashFile"/> gives a file's content hash.</summary>
    public static IReadOnlyList<string> Inputs(MachineConfig config, string accel, string qemuIdentity, Func<string, string> hashFile)
    {
        var placed = config with { KernelPath = KernelStandIn, InitrdPath = InitrdStandIn, WorkDirectory = "" };
        return
        [
            Format,
            $"arch={config.Arch.Name}",
            $"qemu={qemuIdentity}",
            $"accel={accel}",
            $"kernel={hashFile(config.KernelPath)}",
            $"initrd={(config.InitrdPath.Length == 0 ? "none" : hashFile(config.InitrdPath))}",
            .. QemuCommand.Arguments(placed, SocketStandIn, accel),
        ];
    }

    public static string Of(MachineConfig config, string accel, string qemuIdentity, Func<string, string> hashFile) =>
        HarnessCache.KeyOf([.. Inputs(config, accel, qemuIdentity, hashFile)]);
}
