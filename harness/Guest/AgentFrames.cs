using System.Text;

namespace ProbeHarness.Guest;

/// <summary>What one step in the guest produced: its exit status and both output streams.</summary>
public sealed record StepResult(int ExitStatus, byte[] Stdout, byte[] Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
    public string StderrText => Encoding.UTF8.GetString(Stderr);
}

/// <summary>Raised when the agent says something outside its protocol.</summary>
public class AgentProtocolException(string message) : Exception(message);

/// <summary>The channel closed under a step: the guest or QEMU went away, which is not a protocol fault.</summary>
public sealed class AgentChannelClosedException(string message) : AgentProtocolException(message);

/// <summary>
/// Reads the agent's framed replies, one line at a time. Every payload is base64 between a
/// header that states its decoded length and a trailer naming the same step and stream, so a
/// truncated or interleaved reply is detected instead of guessed at.
/// </summary>
public sealed class AgentFrames
{
    private readonly Dictionary<string, MemoryStream> _streams = new();
    private string? _openStream;
    private long _expected;
    private readonly StringBuilder _b64 = new();

    public string StepId { get; }

    public AgentFrames(string stepId) => StepId = stepId;

    /// <summary>Feeds one line (without its newline). Returns the result once the step has ended.</summary>
    public StepResult? Feed(string line)
    {
        if (_openStream is not null)
        {
            if (line.StartsWith("@@PH-EOD ", StringComparison.Ordinal))
            {
                Expect(line, $"@@PH-EOD {StepId} {_openStream}");
                var bytes = Decode();
                if (bytes.Length != _expected)
                    throw new AgentProtocolException($"step {StepId} {_openStream}: {bytes.Length} bytes decoded, {_expected} announced");
                _streams[_openStream] = new MemoryStream(bytes);
                _openStream = null;
                return null;
            }
            if (line.StartsWith("@@PH-", StringComparison.Ordinal))
                throw new AgentProtocolException($"step {StepId}: '{line}' inside the {_openStream} payload");
            _b64.Append(line.Trim());
            return null;
        }

        var f = line.Split(' ');
        switch (f[0])
        {
            case "@@PH-DATA" when f.Length == 4 && f[1] == StepId && long.TryParse(f[3], out var n) && n >= 0:
                _openStream = f[2];
                _expected = n;
                _b64.Clear();
                return null;
            case "@@PH-END" when f.Length == 3 && f[1] == StepId && int.TryParse(f[2], out var rc):
                return new StepResult(rc, Bytes("out"), Bytes("err"));
            case "@@PH-ERROR":
                throw new AgentProtocolException($"agent refused step {StepId}: {line}");
            default:
                throw new AgentProtocolException($"step {StepId}: unexpected line '{Truncate(line)}'");
        }
    }

    private byte[] Bytes(string stream) => _streams.TryGetValue(stream, out var ms) ? ms.ToArray() : [];

    private byte[] Decode()
    {
        try { return Convert.FromBase64String(_b64.ToString()); }
        catch (FormatException) { throw new AgentProtocolException($"step {StepId} {_openStream}: payload is not base64"); }
    }

    private void Expect(string line, string wanted)
    {
        if (line != wanted) throw new AgentProtocolException($"expected '{wanted}', got '{Truncate(line)}'");
    }

    private static string Truncate(string s) => s.Length > 120 ? s[..120] + "…" : s;
}
