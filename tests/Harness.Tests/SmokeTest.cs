using NUnit.Framework;
namespace ProbeHarness.Tests;
public class SmokeTest { [Test] public void Builds() => Assert.That(1, Is.EqualTo(1)); }
