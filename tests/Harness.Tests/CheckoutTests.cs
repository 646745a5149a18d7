using NUnit.Framework;

namespace ProbeHarness.Tests;

public class CheckoutTests
{
    [Test]
    public void Roots_are_the_folders_holding_the_solution_nearest_first()
    {
        var top = Directory.CreateTempSubdirectory("checkout-");
        try
        {
            var inner = Path.Combine(top.FullName, "a", "inner");
            var deep = Path.Combine(inner, "b", "c");
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(top.FullName, Checkout.SolutionFile), "");
            File.WriteAllText(Path.Combine(inner, Checkout.SolutionFile), "");
            Assert.That(Checkout.Roots(deep), Is.EqualTo(new[] { inner, top.FullName }));
            Assert.That(Checkout.Root(deep), Is.EqualTo(inner));
        }
        finally
        {
            top.Delete(recursive: true);
        }
    }

    [Test]
    public void Outside_a_checkout_there_is_no_root_and_the_error_says_where_it_looked()
    {
        Assert.That(Checkout.Find("/"), Is.Null);
        Assert.That(() => Checkout.Root("/"), Throws.TypeOf<DirectoryNotFoundException>().With.Message.EqualTo("no Harness.sln above /"));
    }

    [Test]
    public void The_tests_run_inside_the_checkout_they_were_built_from() =>
        Assert.That(Directory.Exists(Path.Combine(Checkout.Root(), "harness", "Running")));
}
