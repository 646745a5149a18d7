namespace ProbeHarness.Machines;

/// <summary>
/// A guest saved once its agent was up and idle (QEMU's migration stream in a file), and the exact
/// machine configuration it was saved from: a restore must use the same devices, kernel and initrd.
/// Everything the guest uses is migratable by construction (serial console, virtio-serial agent
/// channel, no 9p share, no disks).
/// </summary>
public sealed record Snapshot(string File, MachineConfig Config, string Release, string GuestMachine, TimeSpan SaveTime);
