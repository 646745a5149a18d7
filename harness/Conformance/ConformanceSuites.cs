namespace ProbeHarness.Conformance;

/// <summary>The suite names SystemTap's own suites run under (the .sum is &lt;name&gt;.sum).</summary>
public static class ConformanceSuites
{
    /// <summary>`--suite stap-examples`: the examples collection of the engine's systemtap-doc.</summary>
    public const string Examples = "stap-examples";

    /// <summary>`--stap-testsuite PATH`: a source tree's pass directories.</summary>
    public const string PassDirectories = "systemtap-pass1-4";
}
