namespace ProbeHarness.Verdicts;

/// <summary>What a run is: identity, what was asked, where its files go.</summary>
public sealed record RunInfo(string Id, string Suite, DateTimeOffset Started, string Host, string RunDirectory, string HarnessVersion);
