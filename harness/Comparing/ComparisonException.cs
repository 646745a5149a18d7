namespace ProbeHarness.Comparing;

/// <summary>The comparison cannot be made (no such run, no earlier good run): the command exits 2 and says why.</summary>
public sealed class ComparisonException(string message) : Exception(message);
