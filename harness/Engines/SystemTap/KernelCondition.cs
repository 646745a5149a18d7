namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// One "needed for" rule of a runtime patch. Either a Debian series with an ABI range
/// (backports land at an ABI bump, invisible in the 6.1.0 version), or a mainline version
/// from which on the change is upstream. Unset fields do not constrain.
/// </summary>
public sealed record KernelCondition(string? DebianSeries, int? MinAbi, int? MaxAbi, Version? MinVersion)
{
    public bool Matches(KernelRelease k)
    {
        if (DebianSeries is not null)
        {
            if (k.Series != DebianSeries || k.DebianAbi is not { } abi) return false;
            if (MinAbi is { } lo && abi < lo) return false;
            if (MaxAbi is { } hi && abi > hi) return false;
        }
        if (MinVersion is not null && k.Version < MinVersion) return false;
        return DebianSeries is not null || MinVersion is not null;
    }

    public override string ToString() =>
        DebianSeries is not null
            ? $"Debian {DebianSeries}.0-{MinAbi?.ToString() ?? "*"}..{MaxAbi?.ToString() ?? ""}"
            : $"kernel >= {MinVersion}";
}
