using System.ComponentModel;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>The architecture and kernel a benchmark runs on, the same options as `run` has.</summary>
public class CellSettings : CommandSettings
{
    [CommandOption("--arch <ARCH>")]
    [Description("Guest architecture. Default: x86_64.")]
    [DefaultValue("x86_64")]
    public string Arch { get; init; } = "x86_64";

    [CommandOption("--kernel <SPEC>")]
    [Description("Kernel spec, as for `run`. Default: bookworm.")]
    [DefaultValue("bookworm")]
    public string Kernel { get; init; } = "bookworm";
}
