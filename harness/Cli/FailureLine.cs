using ProbeHarness.DataFiles;
using ProbeHarness.Inputs;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Text;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// What a command that ends in an exception prints and returns: one line (never a stack trace)
/// and the documented exit code. Bad input and a failure the harness met both exit 2, as a gate
/// that could not judge; an interrupted command exits 130, as a shell expects after Ctrl-C.
/// </summary>
public static class FailureLine
{
    public const int Interrupted = 130;

    public static (int Exit, string Line) Of(Exception e, bool interrupted)
    {
        e = Unwrap(e);
        if (interrupted || e is OperationCanceledException) return (Interrupted, "harness: interrupted");
        var message = UntrustedText.OneLine(e.Message, 2000);
        return e switch
        {
            InputException or DataFileException or CommandParseException or CommandRuntimeException or KernelSpecException
                => (Gate.Unjudged, $"harness: error: {message}"),
            HistoryException => (Gate.Unjudged, $"harness: {message}"),
            InfrastructureException or MachineFailure or Processes.ToolFailedException or IOException or HttpRequestException
                => (Gate.Unjudged, $"harness: failed (infrastructure): {message}"),
            _ => (Gate.Unjudged, $"harness: failed ({e.GetType().Name}): {message}"),
        };
    }

    /// <summary>The failure itself, not the wrappers Parallel.ForEachAsync and Task add around it.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        return e;
    }
}
