using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Guest;

namespace ProbeHarness.Tests.Guest;

public class AgentFramesTests
{
    /// <summary>What the agent writes for a step, as busybox's base64 wraps it (76 columns).</summary>
    internal static IEnumerable<string> AgentReply(string id, byte[] stdout, byte[] stderr, int rc)
    {
        foreach (var (name, data) in new[] { ("out", stdout), ("err", stderr) })
        {
            yield return $"@@PH-DATA {id} {name} {data.Length}";
            var b64 = Convert.ToBase64String(data);
            for (var i = 0; i < b64.Length; i += 76) yield return b64.Substring(i, Math.Min(76, b64.Length - i));
            yield return $"@@PH-EOD {id} {name}";
        }
        yield return $"@@PH-END {id} {rc}";
    }

    private static StepResult? FeedAll(string id, IEnumerable<string> lines)
    {
        var f = new AgentFrames(id);
        StepResult? r = null;
        foreach (var l in lines)
        {
            Assert.That(r, Is.Null, "nothing may follow the END line");
            r = f.Feed(l);
        }
        return r;
    }

    [Test]
    public void A_reply_gives_both_streams_and_the_status()
    {
        var r = FeedAll("7", AgentReply("7", "hello\n"u8.ToArray(), "warn\n"u8.ToArray(), 3))!;
        Assert.That(r.ExitStatus, Is.EqualTo(3));
        Assert.That(r.StdoutText, Is.EqualTo("hello\n"));
        Assert.That(r.StderrText, Is.EqualTo("warn\n"));
    }

    [Test]
    public void A_payload_shorter_than_announced_is_refused()
    {
        var lines = AgentReply("1", "abcdef"u8.ToArray(), [], 0).ToList();
        lines[0] = "@@PH-DATA 1 out 7";
        Assert.That(() => FeedAll("1", lines), Throws.InstanceOf<AgentProtocolException>().With.Message.Contains("announced"));
    }

    [Test]
    public void A_reply_for_another_step_is_refused()
    {
        Assert.That(() => FeedAll("2", AgentReply("1", [], [], 0)), Throws.InstanceOf<AgentProtocolException>());
    }

    [Test]
    public void A_frame_line_inside_a_payload_is_refused()
    {
        var lines = new[] { "@@PH-DATA 1 out 4", "@@PH-END 1 0" };
        Assert.That(() => FeedAll("1", lines), Throws.InstanceOf<AgentProtocolException>().With.Message.Contains("inside"));
    }

    [Test]
    public void Stray_text_outside_a_frame_is_refused_rather_than_guessed_at()
    {
        Assert.That(() => new AgentFrames("1").Feed("[   12.3] some kernel line"), Throws.InstanceOf<AgentProtocolException>());
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool Any_bytes_and_status_survive_the_framing(byte[] stdout, byte[] stderr, int rc)
    {
        stdout ??= [];
        stderr ??= [];
        var r = FeedAll("9", AgentReply("9", stdout, stderr, rc))!;
        return r.ExitStatus == rc && r.Stdout.SequenceEqual(stdout) && r.Stderr.SequenceEqual(stderr);
    }

    [Test]
    public void Commands_carry_their_payload_length()
    {
        var cmd = Encoding.ASCII.GetString(AgentCommands.Run("4", "echo hi", TimeSpan.FromSeconds(2.5)));
        var head = cmd[..cmd.IndexOf('\n')].Split(' ');
        Assert.That(head[..3], Is.EqualTo(new[] { "RUN", "4", "3" }));
        Assert.That(int.Parse(head[3]), Is.EqualTo(cmd.Length - cmd.IndexOf('\n') - 1));
        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(cmd[(cmd.IndexOf('\n') + 1)..])), Is.EqualTo("echo hi"));
    }

    [TestCase("relative/path")]
    [TestCase("/tmp/with space")]
    [TestCase("/tmp/new\nline")]
    public void Put_refuses_paths_the_agent_could_misread(string path)
    {
        Assert.That(() => AgentCommands.Put("1", path, []), Throws.ArgumentException);
    }
}
