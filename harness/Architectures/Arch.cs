namespace ProbeHarness.Architectures;

/// <summary>
/// Everything the harness needs to know about one guest architecture. One row per architecture
/// in <see cref="ArchTable"/>; nothing else in the code branches on an architecture name.
/// </summary>
/// <param name="Name">The harness's name for it (x86_64, arm64, ...).</param>
/// <param name="DebianArch">Debian's architecture name (amd64, arm64, ppc64el, ...).</param>
/// <param name="Triplet">The GNU triplet of its multiarch library directories.</param>
/// <param name="QemuBinary">The qemu-system binary that runs it.</param>
/// <param name="QemuPackage">The Debian package that has that binary.</param>
/// <param name="Machine">QEMU's -M value.</param>
/// <param name="Cpu">QEMU's -cpu value.</param>
/// <param name="Console">The kernel's console= device for the first serial port.</param>
/// <param name="KernelFlavors">Debian's image flavors, first the default (e.g. amd64, cloud-amd64).</param>
/// <param name="KernelImageGlob">The kernel file inside the image package's /boot, {release} filled in.</param>
/// <param name="SyscallPrefix">The symbol prefix of syscall entry points (__x64_sys_getpid).</param>
/// <param name="StapArch">SystemTap's -a value.</param>
/// <param name="CrossCompilePrefix">The cross compiler prefix, used when the host is another architecture.</param>
/// <param name="CrossCompilerPackage">Debian's package for that cross compiler (on other hosts).</param>
/// <param name="ReturnRegister">Where a function's return value lives in pt_regs, for guru-mode fault injection.</param>
/// <param name="VirtioSerialDevice">The QEMU device that carries the guest agent's channel.</param>
/// <param name="AgentModules">Kernel modules (with their dependencies) that make the agent channel appear.</param>
/// <param name="KernelArch">The kernel's ARCH= name (headers' arch/ directory).</param>
/// <param name="ExtraQemuArgs">More QEMU arguments this machine needs (firmware, for instance).</param>
/// <param name="DynamicLoader">The program interpreter of its dynamically linked programs (staprun in the guest).</param>
/// <param name="CrossLibcPackage">Debian's libc6-dev cross package that lets the cross compiler link static workloads.</param>
/// <param name="UnameMachine">The kernel's own name for it (`uname -m`, the "Linux version" banner's machine).</param>
/// <param name="Oops">What its oops prints that triage reads (faulting PC and link register lines).</param>
/// <param name="EmulationKernelArgs">Kernel arguments a guest of this architecture needs to boot reliably under
/// TCG on a loaded host (x86's IO-APIC timer check panics when the emulated timer ticks too slowly).</param>
/// <param name="BootsUnpackedElf">Boot the uncompressed ELF kernel unpacked on the host from the packaged compressed image,
/// through its PVH entry, instead of letting the guest decompress it under emulation (x86).</param>
public sealed record Arch(
    string Name,
    string DebianArch,
    string Triplet,
    string QemuBinary,
    string QemuPackage,
    string Machine,
    string Cpu,
    string Console,
    IReadOnlyList<string> KernelFlavors,
    string KernelImageGlob,
    string SyscallPrefix,
    string StapArch,
    string CrossCompilePrefix,
    string CrossCompilerPackage,
    string ReturnRegister,
    string VirtioSerialDevice,
    IReadOnlyList<string> AgentModules,
    string KernelArch,
    IReadOnlyList<string> ExtraQemuArgs,
    string DynamicLoader,
    string CrossLibcPackage,
    string UnameMachine,
    OopsFacts Oops,
    IReadOnlyList<string>? EmulationKernelArgs = null,
    bool BootsUnpackedElf = false)
{
    public override string ToString() => Name;

    public string DefaultFlavor => KernelFlavors[0];

    /// <summary>Every name this architecture goes by: the harness's, Debian's and the kernel's.</summary>
    public IEnumerable<string> Names => new[] { Name, DebianArch, UnameMachine }.Distinct();

    /// <summary>True when the host can run this architecture's code natively.</summary>
    public bool IsHost => Name == ArchTable.HostName;
}
