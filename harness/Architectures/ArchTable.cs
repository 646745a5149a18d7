using System.Runtime.InteropServices;

namespace ProbeHarness.Architectures;

/// <summary>The architectures the harness knows, as data. Adding one is adding a row.</summary>
public static class ArchTable
{
    public static readonly IReadOnlyList<Arch> All =
    [
        new("x86_64", "amd64", "x86_64-linux-gnu",
            "qemu-system-x86_64", "qemu-system-x86", "pc", "max", "ttyS0",
            ["amd64", "cloud-amd64", "rt-amd64"], "vmlinuz-{release}",
            "__x64_sys_", "x86_64", "", "gcc", "ax",
            "virtio-serial-pci", ["virtio_pci", "virtio_console"], "x86", []),
        new("arm64", "arm64", "aarch64-linux-gnu",
            "qemu-system-aarch64", "qemu-system-arm", "virt", "max", "ttyAMA0",
            ["arm64", "cloud-arm64", "rt-arm64"], "vmlinuz-{release}",
            "__arm64_sys_", "arm64", "aarch64-linux-gnu-", "gcc-aarch64-linux-gnu", "regs[0]",
            "virtio-serial-pci", ["virtio_pci", "virtio_console"], "arm64", []),
        new("ppc64le", "ppc64el", "powerpc64le-linux-gnu",
            "qemu-system-ppc64", "qemu-system-ppc", "pseries", "power9", "hvc0",
            ["powerpc64le"], "vmlinux-{release}",
            "sys_", "powerpc", "powerpc64le-linux-gnu-", "gcc-powerpc64le-linux-gnu", "gpr[3]",
            "virtio-serial-pci", ["virtio_pci", "virtio_console"], "powerpc", []),
        new("s390x", "s390x", "s390x-linux-gnu",
            "qemu-system-s390x", "qemu-system-misc", "s390-ccw-virtio", "max", "ttysclp0",
            ["s390x"], "vmlinuz-{release}",
            "__s390x_sys_", "s390", "s390x-linux-gnu-", "gcc-s390x-linux-gnu", "gprs[2]",
            "virtio-serial-ccw", ["virtio_console"], "s390", []),
        new("i386", "i386", "i386-linux-gnu",
            "qemu-system-i386", "qemu-system-x86", "pc", "max", "ttyS0",
            ["686-pae", "686"], "vmlinuz-{release}",
            "__ia32_sys_", "i386", "i686-linux-gnu-", "gcc-i686-linux-gnu", "ax",
            "virtio-serial-pci", ["virtio_pci", "virtio_console"], "x86", []),
        new("riscv64", "riscv64", "riscv64-linux-gnu",
            "qemu-system-riscv64", "qemu-system-misc", "virt", "rv64", "ttyS0",
            ["riscv64"], "vmlinux-{release}",
            "__riscv_sys_", "riscv", "riscv64-linux-gnu-", "gcc-riscv64-linux-gnu", "a0",
            "virtio-serial-pci", ["virtio_pci", "virtio_console"], "riscv", []),
    ];

    public static string HostName => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.X86 => "i386",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        _ => "unknown",
    };

    /// <summary>Finds an architecture by the harness's name or by Debian's.</summary>
    public static Arch Get(string name) =>
        All.FirstOrDefault(a => a.Name == name || a.DebianArch == name)
        ?? throw new ArgumentException(
            $"unknown architecture '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}");
}
