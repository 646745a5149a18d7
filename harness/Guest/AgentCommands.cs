using System.Text;

namespace ProbeHarness.Guest;

/// <summary>The host's side of the agent protocol: how commands are written on the channel.</summary>
public static class AgentCommands
{
    public const string ReadyPrefix = "@@PH-READY ";

    public static byte[] Run(string id, string script, TimeSpan timeout) =>
        WithPayload($"RUN {id} {Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds))}", Encoding.UTF8.GetBytes(script));

    public static byte[] Put(string id, string guestPath, byte[] content)
    {
        if (guestPath.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !guestPath.StartsWith('/'))
            throw new ArgumentException($"guest path must be absolute without white space: '{guestPath}'");
        return WithPayload($"PUT {id} {guestPath}", content);
    }

    public static byte[] Ping(string id) => Encoding.ASCII.GetBytes($"PING {id}\n");

    public static byte[] PowerOff(string id) => Encoding.ASCII.GetBytes($"POWEROFF {id}\n");

    private static byte[] WithPayload(string head, byte[] payload)
    {
        var b64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(payload));
        var h = Encoding.ASCII.GetBytes($"{head} {b64.Length}\n");
        return [.. h, .. b64];
    }
}
