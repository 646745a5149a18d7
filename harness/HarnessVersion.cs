namespace ProbeHarness;

public static class HarnessVersion
{
    public static string Text => typeof(HarnessVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
