namespace ProbeHarness.Kernels;

/// <summary>
/// A failure of something outside the kernel and the probe engine: apt, the network, dpkg-deb,
/// the disk. Callers map it to <see cref="ProbeHarness.Verdicts.Culprit.Infrastructure"/> so that
/// a mirror hiccup never reads as a kernel regression.
/// </summary>
public class InfrastructureException : Exception
{
    public InfrastructureException(string message) : base(message) { }
    public InfrastructureException(string message, Exception inner) : base(message, inner) { }
}
