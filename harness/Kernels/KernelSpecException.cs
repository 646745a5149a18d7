namespace ProbeHarness.Kernels;

/// <summary>
/// The user asked for a kernel that cannot be had: a malformed spec, an unknown flavor, an ABI the
/// archive no longer serves, a path without a kernel. The message says what is accepted or served.
/// </summary>
public sealed class KernelSpecException(string message) : FormatException(message);
