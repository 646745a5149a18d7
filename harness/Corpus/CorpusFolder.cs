namespace ProbeHarness.Corpus;

/// <summary>Where the triage corpus lives in the checkout the harness was built from.</summary>
public static class CorpusFolder
{
    /// <summary>tests/Harness.Tests/Triage/corpus above the running harness, or null outside a checkout.</summary>
    public static string? InCheckout() =>
        Checkout.Find() is { } root ? Path.Combine(root, "tests", "Harness.Tests", "Triage", "corpus") : null;
}
