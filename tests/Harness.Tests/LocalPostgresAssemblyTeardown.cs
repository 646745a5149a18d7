using NUnit.Framework;

/// <summary>
/// Stops the tests' private PostgreSQL server after the whole assembly, outside any namespace: tests
/// beyond ProbeHarness.Tests.Results (the shard history, the Slurm array) start it again after
/// that namespace's teardown, and it must not outlive the run.
/// </summary>
[SetUpFixture]
public sealed class LocalPostgresAssemblyTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => ProbeHarness.Tests.Results.LocalPostgres.StopSharedAsync();
}
