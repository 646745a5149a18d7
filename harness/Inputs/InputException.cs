namespace ProbeHarness.Inputs;

/// <summary>
/// Something the user asked for that the harness cannot do (an unknown name, a missing path, a
/// number out of range), found before any work starts. The CLI prints its message as one line and exits 2.
/// </summary>
public sealed class InputException(string message, Exception? inner = null) : Exception(message, inner);
