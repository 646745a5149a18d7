namespace ProbeHarness.Corpus;

/// <summary>Where the triage corpus lives in the checkout the harness was built from.</summary>
public static class CorpusFolder
{
    /// <summary>tests/Harness.Tests/Triage/corpus above the running harness, or null outside a checkout.</summary>
    public static string? InCheckout()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Harness.sln")))
                return Path.Combine(d.FullName, "tests", "Harness.Tests", "Triage", "corpus");
        return null;
    }
}
