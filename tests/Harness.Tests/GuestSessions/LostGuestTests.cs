using NUnit.Framework;
using ProbeHarness.GuestSessions;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.GuestSessions;

public class LostGuestTests
{
    private static GuestSession.LostGuest G(bool stopped = false, bool exited = false, int? exit = null, bool closed = false) =>
        new(stopped, exited, exit, "", closed, 42, TimeSpan.FromSeconds(60), "tail");

    [Test]
    public void A_stopped_qemu_is_the_machines_fault_not_a_kernel_hang()
    {
        var o = GuestSession.Lost(G(stopped: true));
        Assert.That(o.Culprit, Is.EqualTo(Culprit.Infrastructure));
        Assert.That(o.Title, Does.Contain("stopped"));
    }

    [Test]
    public void A_qemu_killed_by_a_signal_is_infrastructure() =>
        Assert.That(GuestSession.Lost(G(exited: true, exit: 137, closed: true)).Culprit, Is.EqualTo(Culprit.Infrastructure));

    [Test]
    public void A_guest_that_went_silent_while_qemu_runs_is_the_kernels()
    {
        var silent = GuestSession.Lost(G());
        Assert.That(silent.Culprit, Is.EqualTo(Culprit.Kernel));
        Assert.That(silent.Detail, Does.StartWith("no reply within 60 s"));
        var closed = GuestSession.Lost(G(closed: true));
        Assert.That(closed.Detail, Does.StartWith("the agent's channel closed"), "a closed channel is not said to be a timeout");
    }

    [Test]
    public void A_guest_that_powered_off_is_the_kernels() =>
        Assert.That(GuestSession.Lost(G(exited: true, exit: 0)).Culprit, Is.EqualTo(Culprit.Kernel));
}
