namespace ProbeHarness;

/// <summary>
/// The source checkout the harness runs from: the folders above a start (by default the running
/// assembly, in bin/… of the harness or of the tests) that hold Harness.sln. Data the build does
/// not copy (runtime patches, the triage corpus, test trees) is read from there.
/// </summary>
public static class Checkout
{
    public const string SolutionFile = "Harness.sln";

    /// <summary>Every folder at or above <paramref name="start"/> holding Harness.sln, nearest first.</summary>
    public static IEnumerable<string> Roots(string? start = null)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(start ?? AppContext.BaseDirectory)); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, SolutionFile)))
                yield return d.FullName;
    }

    /// <summary>The nearest checkout root above <paramref name="start"/>; null outside a checkout.</summary>
    public static string? Find(string? start = null) => Roots(start).FirstOrDefault();

    /// <summary>The nearest checkout root above <paramref name="start"/>, or an error naming where it looked.</summary>
    public static string Root(string? start = null) =>
        Find(start) ?? throw new DirectoryNotFoundException($"no {SolutionFile} above {Path.GetFullPath(start ?? AppContext.BaseDirectory)}");
}
