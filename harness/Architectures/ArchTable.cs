using System.Runtime.InteropServices;

namespace ProbeHarness.Architectures;

/// <summary>
/// The architectures the harness knows, as data. Adding one is adding a row. Every row has been
/// booted to the guest agent and run the smoke suite (QEMU 7.2 TCG, Debian 12 host); the figures
/// in comments were measured so.
/// </summary>
public static class ArchTable
{
    public static readonly IReadOnlyList<Arch> All =
    [
        // ~6 s to the agent from the bzImage; 4.3x faster to the agent from the unpacked vmlinux (decompressing XZ
        // under emulation was most of the boot).
        new(Name: "x86_64", DebianArch: "amd64", Triplet: "x86_64-linux-gnu",
            QemuBinary: "qemu-system-x86_64", QemuPackage: "qemu-system-x86", Machine: "pc", Cpu: "max", Console: "ttyS0",
            KernelFlavors: ["amd64", "cloud-amd64", "rt-amd64"], KernelImageGlob: "vmlinuz-{release}",
            SyscallPrefix: "__x64_sys_", StapArch: "x86_64", CrossCompilePrefix: "x86_64-linux-gnu-",
            CrossCompilerPackage: "gcc-x86-64-linux-gnu", ReturnRegister: "ax",
            VirtioSerialDevice: "virtio-serial-pci", AgentModules: ["virtio_pci", "virtio_console"], KernelArch: "x86",
            ExtraQemuArgs: [], DynamicLoader: "/lib64/ld-linux-x86-64.so.2", CrossLibcPackage: "libc6-dev-amd64-cross",
            UnameMachine: "x86_64", Oops: new(@"^RIP: [0-9a-f]{4}:(?<sym>\S.*)$"), EmulationKernelArgs: ["no_timer_check"],
            BootsUnpackedElf: true),
        // 16-23 s to the agent with -cpu max (loaded 2-core host), 2.3x faster with pauth-impdef=on: the kernel signs
        // every return address, and emulating the architected QARMA cipher dominated. Pointer authentication stays on
        // (kretprobes must cope with signed return addresses); only its algorithm is the cheap implementation-defined one.
        new(Name: "arm64", DebianArch: "arm64", Triplet: "aarch64-linux-gnu",
            QemuBinary: "qemu-system-aarch64", QemuPackage: "qemu-system-arm", Machine: "virt", Cpu: "max,pauth-impdef=on", Console: "ttyAMA0",
            KernelFlavors: ["arm64", "cloud-arm64", "rt-arm64"], KernelImageGlob: "vmlinuz-{release}",
            SyscallPrefix: "__arm64_sys_", StapArch: "arm64", CrossCompilePrefix: "aarch64-linux-gnu-",
            CrossCompilerPackage: "gcc-aarch64-linux-gnu", ReturnRegister: "regs[0]",
            VirtioSerialDevice: "virtio-serial-pci", AgentModules: ["virtio_pci", "virtio_console"], KernelArch: "arm64",
            ExtraQemuArgs: [], DynamicLoader: "/lib/ld-linux-aarch64.so.1", CrossLibcPackage: "libc6-dev-arm64-cross",
            // kprobe handlers run from the BRK exception; the unwinder skips kprobe_breakpoint_handler,
            // which then shows only as the link register.
            UnameMachine: "aarch64", Oops: new(@"^pc : (?<sym>\S.*)$", @"^lr : (?<sym>\S.*)$")),
        // 14 s to the agent with SLOF, 2.7x faster with QEMU's minimal Virtual Open Firmware (x-vof=on), which boots
        // the same kernel without SLOF's device probing. The package's kernel is an uncompressed vmlinux.
        // powerpc's syscall wrappers (6.1) keep the plain name: the entry point is sys_getpid (read from kallsyms).
        new(Name: "ppc64le", DebianArch: "ppc64el", Triplet: "powerpc64le-linux-gnu",
            QemuBinary: "qemu-system-ppc64", QemuPackage: "qemu-system-ppc", Machine: "pseries,x-vof=on", Cpu: "power9", Console: "hvc0",
            KernelFlavors: ["powerpc64le"], KernelImageGlob: "vmlinux-{release}",
            SyscallPrefix: "sys_", StapArch: "powerpc", CrossCompilePrefix: "powerpc64le-linux-gnu-",
            CrossCompilerPackage: "gcc-powerpc64le-linux-gnu", ReturnRegister: "gpr[3]",
            VirtioSerialDevice: "virtio-serial-pci", AgentModules: ["virtio_pci", "virtio_console"], KernelArch: "powerpc",
            ExtraQemuArgs: [], DynamicLoader: "/lib64/ld64.so.2", CrossLibcPackage: "libc6-dev-ppc64el-cross",
            UnameMachine: "ppc64le", Oops: new(@"^NIP \[[0-9a-f]+\] (?<sym>\S.*)$", @"^LR \[[0-9a-f]+\] (?<sym>\S.*)$")),
        // 4-7 s to the agent. The first SCLP line console is ttysclp0; virtio devices sit on the channel subsystem (-ccw),
        // and virtio_pci is not needed (virtio_ccw is built in).
        new(Name: "s390x", DebianArch: "s390x", Triplet: "s390x-linux-gnu",
            QemuBinary: "qemu-system-s390x", QemuPackage: "qemu-system-misc", Machine: "s390-ccw-virtio", Cpu: "max", Console: "ttysclp0",
            KernelFlavors: ["s390x"], KernelImageGlob: "vmlinuz-{release}",
            SyscallPrefix: "__s390x_sys_", StapArch: "s390", CrossCompilePrefix: "s390x-linux-gnu-",
            CrossCompilerPackage: "gcc-s390x-linux-gnu", ReturnRegister: "gprs[2]",
            VirtioSerialDevice: "virtio-serial-ccw", AgentModules: ["virtio_console"], KernelArch: "s390",
            ExtraQemuArgs: [], DynamicLoader: "/lib/ld64.so.1", CrossLibcPackage: "libc6-dev-s390x-cross",
            UnameMachine: "s390x", Oops: new(@"^Krnl PSW : [0-9a-f]+ [0-9a-f]+ \((?<sym>[^)]+)\)")),
        // 10-18 s to the agent. A 32-bit kernel has no compat layer in front of its syscalls: __ia32_sys_ is the native entry.
        new(Name: "i386", DebianArch: "i386", Triplet: "i386-linux-gnu",
            QemuBinary: "qemu-system-i386", QemuPackage: "qemu-system-x86", Machine: "pc", Cpu: "max", Console: "ttyS0",
            KernelFlavors: ["686-pae", "686"], KernelImageGlob: "vmlinuz-{release}",
            SyscallPrefix: "__ia32_sys_", StapArch: "i386", CrossCompilePrefix: "i686-linux-gnu-",
            CrossCompilerPackage: "gcc-i686-linux-gnu", ReturnRegister: "ax",
            VirtioSerialDevice: "virtio-serial-pci", AgentModules: ["virtio_pci", "virtio_console"], KernelArch: "x86",
            ExtraQemuArgs: [], DynamicLoader: "/lib/ld-linux.so.2", CrossLibcPackage: "libc6-dev-i386-cross",
            // Debian's 686 and 686-pae kernels say i686 in `uname -m`.
            // On a 2-core host at a load of ~50, two i386 corpus boots panicked in setup_IO_APIC (the emulated
            // timer too slow for the kernel's check) without no_timer_check.
            UnameMachine: "i686", Oops: new(@"^EIP: (?:[0-9a-f]{4}:\[<[0-9a-f]+>\] )?(?<sym>[^\s].*)$"), EmulationKernelArgs: ["no_timer_check"],
            BootsUnpackedElf: true),
        // trixie only (6.12), 6-12 s to the agent. OpenSBI (qemu-system-data) is -M virt's firmware; the package's
        // vmlinux-* is an Image with an EFI stub, which OpenSBI's fw_dynamic jumps into.
        // Measured limits of Debian's 6.12.117 riscv64 kernel for kprobe_events: no KPROBES_ON_FTRACE, so a
        // probe at a traceable function's entry (and every kretprobe) is refused with EINVAL; and kprobes
        // run in NMI context without ARCH_HAVE_NMI_SAFE_CMPXCHG, so hits show in kprobe_profile but the
        // ring buffer drops every event.
        // sstc=off: with the Sstc timer extension (on by default in QEMU 7.2's rv64) a guest restored from a
        // snapshot hangs (its stimecmp is not brought back); the SBI timer works either way.
        new(Name: "riscv64", DebianArch: "riscv64", Triplet: "riscv64-linux-gnu",
            QemuBinary: "qemu-system-riscv64", QemuPackage: "qemu-system-misc", Machine: "virt", Cpu: "rv64,sstc=off", Console: "ttyS0",
            KernelFlavors: ["riscv64"], KernelImageGlob: "vmlinux-{release}",
            SyscallPrefix: "__riscv_sys_", StapArch: "riscv", CrossCompilePrefix: "riscv64-linux-gnu-",
            CrossCompilerPackage: "gcc-riscv64-linux-gnu", ReturnRegister: "a0",
            VirtioSerialDevice: "virtio-serial-pci", AgentModules: ["virtio_pci", "virtio_console"], KernelArch: "riscv",
            ExtraQemuArgs: ["-bios", "default"], DynamicLoader: "/lib/ld-linux-riscv64-lp64d.so.1", CrossLibcPackage: "libc6-dev-riscv64-cross",
            UnameMachine: "riscv64", Oops: new(@"^epc : (?<sym>\S.*)$", @"^\s*ra : (?<sym>\S.*)$")),
    ];

    /// <summary>
    /// The rows as they were before each architecture was tuned for emulation speed: what
    /// `bench boot --against-former` measures the current rows against. Data, not history: a row here
    /// is the former row of the same name, with the settings that changed.
    /// </summary>
    public static readonly IReadOnlyList<Arch> Former =
    [
        Get("x86_64") with { BootsUnpackedElf = false },
        Get("arm64") with { Cpu = "max" },
        Get("ppc64le") with { Machine = "pseries" },
        Get("i386") with { BootsUnpackedElf = false },
        Get("riscv64") with { Cpu = "rv64" },
    ];

    /// <summary>The former row of an architecture, or null when it has not changed.</summary>
    public static Arch? FormerOf(string name) => Former.FirstOrDefault(a => a.Names.Contains(name));

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

    /// <summary>
    /// Finds an architecture by any of its names: the harness's (x86_64), Debian's (amd64) or the
    /// kernel's `uname -m` (aarch64). The one place a name becomes a row.
    /// </summary>
    public static Arch Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"unknown architecture '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}");

    /// <summary>As <see cref="Get"/>, or null for a name no row has.</summary>
    public static Arch? Find(string name) => All.FirstOrDefault(a => a.Names.Contains(name));
}
