namespace ProbeHarness.Kernels;

/// <summary>Unpacks .deb files with `dpkg-deb -x`: the files only, no maintainer scripts, no host install.</summary>
public static class DebExtractor
{
    public static async Task ExtractAsync(string deb, string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        await Processes.Tool.CheckAsync("dpkg-deb", ["-x", deb, destination], TimeSpan.FromMinutes(10), ct);
    }
}
