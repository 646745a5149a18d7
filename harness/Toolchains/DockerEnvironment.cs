namespace ProbeHarness.Toolchains;

/// <summary>
/// The settings Testcontainers needs with Debian's docker.io (20.10, API 1.41) on this kind of
/// machine, applied before its first use. Values already set by the user win.
/// </summary>
public static class DockerEnvironment
{
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        // Docker.DotNet would otherwise ask for a newer API than the 20.10 daemon speaks.
        ["DOCKER_API_VERSION"] = "1.41",
        // Ryuk's image would have to be pulled, and no registry is reachable; containers here have one owner that disposes them.
        ["TESTCONTAINERS_RYUK_DISABLED"] = "true",
        // The machine has /.dockerenv, so Testcontainers would reach containers through a bridge address; nothing here needs a network, and private addresses are no target.
        ["TESTCONTAINERS_HOST_OVERRIDE"] = "127.0.0.1",
    };

    private static readonly Lock Gate = new();

    public static void Apply()
    {
        lock (Gate)
            foreach (var (name, value) in Defaults)
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
                    Environment.SetEnvironmentVariable(name, value);
    }
}
