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
    [Description("Guest architecture, a row of the arch table: x86_64, arm64, ppc64le, s390x, i386, riscv64. Default: x86_64.")]
    public string? Arch { get; init; }

    [CommandOption("--kernel <SPEC>")]
    [Description("Kernel: 'bookworm' (newest ABI served), 'bookworm:6.1.0-56', 'bookworm:6.1.0-56-cloud', 'bookworm:cloud', 'trixie', or a path to your own kernel (a directory or image). Default: bookworm.")]
    public string? Kernel { get; init; }

    /// <summary>The kernel when none is given; a command may default to another (the corpus to its own kernel).</summary>
    protected virtual string DefaultKernel => "bookworm";

    /// <summary>The arch table's name for the chosen architecture (Debian's amd64 is x86_64).</summary>
    public string ArchName => Arch is null ? "x86_64"
        : Architectures.ArchTable.All.FirstOrDefault(a => a.Name == Arch || a.DebianArch == Arch)?.Name ?? Arch;
    public string KernelText => Kernel ?? DefaultKernel;

    public override ValidationResult Validate()
    {
        try
        {
            RunChecks.Kernel(KernelText, RunChecks.Arch(ArchName, "--arch"), "--kernel");
            Check();
            return ValidationResult.Success();
        }
        catch (InputException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>A command's own options, checked the same way; throws <see cref="InputException"/>.</summary>
    protected virtual void Check() { }
}
