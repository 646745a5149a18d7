using NUnit.Framework;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Tests.Toolchains;

public class DockerEnvironmentTests
{
    [Test]
    public void Apply_sets_what_Testcontainers_needs_here_and_keeps_what_the_user_set()
    {
        var saved = DockerEnvironment.Defaults.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", "1.43");
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", null);
            Environment.SetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE", null);
            DockerEnvironment.Apply();
            Assert.That(Environment.GetEnvironmentVariable("DOCKER_API_VERSION"), Is.EqualTo("1.43"));
            Assert.That(Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED"), Is.EqualTo("true"));
            Assert.That(Environment.GetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE"), Is.EqualTo("127.0.0.1"));
        }
        finally
        {
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
        }
    }
}
