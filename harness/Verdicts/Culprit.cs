namespace ProbeHarness.Verdicts;

/// <summary>Who is at fault when a result is not a plain pass.</summary>
public enum Culprit
{
    None,
    /// <summary>The kernel under test crashed, hung or misbehaved on its own.</summary>
    Kernel,
    /// <summary>The probe engine (translator, runtime, module, kprobes machinery) failed or crashed the guest.</summary>
    ProbeEngine,
    /// <summary>The harness itself: a bug here, a bad suite file.</summary>
    Harness,
    /// <summary>QEMU, apt, the disk, the network: nothing the kernel or the engine did.</summary>
    Infrastructure,
}
