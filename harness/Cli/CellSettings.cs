using System.ComponentModel;
using ProbeHarness.Inputs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// The architecture and kernel a command runs on: the options `run`, `corpus` and the benchmarks
/// share, checked before the command starts (an unknown arch, a bad spec or a flavor the arch lacks).
/// </summary>
public class CellSettings : CommandSettings
{
    [CommandOption("--arch <ARCH>")]
    [Description("Guest architecture, a row of the arch table: x86_64, arm64, ppc64le, s390x, i386, riscv64. Default: the architecture a path --kernel's image says, else x86_64.")]
    public string? Arch { get; init; }

    [CommandOption("--kernel <SPEC>")]
    [Description("Kernel: 'bookworm' (newest ABI served), 'bookworm:6.1.0-56', 'bookworm:6.1.0-56-cloud', 'bookworm:cloud', 'trixie', or a path to your own kernel: an image, an unpacked or installed package (boot/ with lib/modules or usr/lib/modules), or a kernel build tree. Default: bookworm.")]
    public string? Kernel { get; init; }

    /// <summary>The kernel when none is given; a command may default to another (the corpus to its own kernel).</summary>
    protected virtual string DefaultKernel => "bookworm";

    /// <summary>The arch table's name for the chosen architecture (Debian's amd64 is x86_64).</summary>
    public string ArchName => Arch is null ? LocalImageArch() ?? "x86_64"
        : Architectures.ArchTable.All.FirstOrDefault(a => a.Name == Arch || a.DebianArch == Arch)?.Name ?? Arch;
    public string KernelText => Kernel ?? DefaultKernel;

    public override ValidationResult Validate()
    {
        try
        {
            if (Arch is null && LocalPath is { } p && UnreadableArch(p) is { } image)
                throw new InputException($"--kernel {p}: the header of {image} does not say its architecture; give --arch");
            RunChecks.Kernel(KernelText, RunChecks.Arch(ArchName, "--arch"), "--kernel");
            Check();
            return ValidationResult.Success();
        }
        catch (InputException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>The --kernel path when it names an existing file or directory.</summary>
    private string? LocalPath
    {
        get
        {
            try { return Kernels.KernelSpec.Parse(KernelText).Path is { } p && Path.Exists(p) ? p : null; }
            catch (Kernels.KernelSpecException) { return null; }
        }
    }

    /// <summary>The architecture a local kernel's image says; null for a Debian spec, or when the image cannot be found or read.</summary>
    private string? LocalImageArch()
    {
        if (LocalPath is not { } p) return null;
        try { return Kernels.LocalKernel.ArchOf(p)?.Arch.Name; }
        catch (Exception e) when (e is Kernels.KernelSpecException or IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The image whose header names no architecture; null when it names one or no image is found (CheckFor says so).</summary>
    private static string? UnreadableArch(string path)
    {
        try
        {
            var image = Kernels.LocalKernelLayout.Find(path, null).Image;
            return Kernels.ImageArch.Of(image) is null ? image : null;
        }
        catch (Kernels.KernelSpecException) { return null; }
    }

    /// <summary>A command's own options, checked the same way; throws <see cref="InputException"/>.</summary>
    protected virtual void Check() { }
}
