using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Engines.Phinject;

namespace ProbeHarness.Tests.Engines.Phinject;

public class InjectionSpecTests
{
    [Test]
    public void A_script_gives_function_value_and_rule()
    {
        var s = InjectionSpec.Parse("# open fails\nfunction: security_file_open\nreturns: -EACCES  # 13\nrule: first:1\n", "open.inject");
        Assert.That(s, Is.EqualTo(new InjectionSpec("security_file_open", -13, new InjectionRule("first", N: 1))));
        Assert.That(s.Rule.ModuleValue, Is.EqualTo("first:1"));
    }

    [Test]
    public void Null_and_numbers_are_return_values_and_the_rule_defaults_to_always()
    {
        var s = InjectionSpec.Parse("function: alloc_pipe_info\nreturns: NULL\n", "f");
        Assert.That((s.Returns, s.Rule.ModuleValue), Is.EqualTo((0L, "always")));
        Assert.That(InjectionSpec.Parse("function: f\nreturns: -27\n", "f").Returns, Is.EqualTo(-27));
    }

    [TestCase("function: f\nreturns: -EWHAT\n", "f.inject:2: returns '-EWHAT'")]
    [TestCase("function: f\nreturns: 5\n", "f.inject:2: returns '5'")]
    [TestCase("function: f\nreturns: -5000\n", "f.inject:2: returns '-5000'")]
    [TestCase("function: f\nreturns: -EIO\nrule: nth:0\n", "f.inject:3: rule 'nth:0'")]
    [TestCase("function: f\nreturns: -EIO\nrule: random:1.5:3\n", "f.inject:3: rule 'random:1.5:3'")]
    [TestCase("function: f\nreturns: -EIO\nrule: sometimes\n", "f.inject:3: rule 'sometimes'")]
    [TestCase("\nfunction: f g\nreturns: -EIO\n", "f.inject:2: 'f g' is not a kernel function")]
    [TestCase("function: f\nfunction: g\n", "f.inject:2: 'function' given twice")]
    [TestCase("function: f\nvalue: -EIO\n", "f.inject:2: unknown key 'value'")]
    [TestCase("function f\n", "f.inject:1: expected 'key: value'")]
    [TestCase("function: f\n", "f.inject: no 'returns:' line")]
    public void Mistakes_name_the_file_and_line(string text, string message)
    {
        Assert.That(() => InjectionSpec.Parse(text, "f.inject"), Throws.TypeOf<FormatException>().With.Message.StartsWith(message));
    }

    [Test]
    public void Random_rules_become_parts_per_million_with_their_seed()
    {
        Assert.That(InjectionRule.Parse("random:0.25:42")!.ModuleValue, Is.EqualTo("random:250000:42"));
        Assert.That(InjectionRule.Parse("random:1:0")!.ModuleValue, Is.EqualTo("random:1000000:0"));
        Assert.That(InjectionRule.Parse("random:0.000001:7")!.ModuleValue, Is.EqualTo("random:1:7"));
    }

    [FsCheck.NUnit.Property]
    public Property Every_counted_rule_reads_back_as_the_module_value_it_was_written_as(PositiveInt n, bool first)
    {
        var text = $"{(first ? "first" : "every")}:{n.Get % 1_000_000_000}";
        var rule = InjectionRule.Parse(text);
        return (n.Get % 1_000_000_000 == 0 ? rule is null || first : rule!.ModuleValue == text).ToProperty();
    }

    [Test]
    public void The_module_grammar_in_the_C_source_matches_the_rules_the_harness_writes()
    {
        // phinject.c parses rule= itself: the kinds it names must be the ones InjectionRule writes.
        var c = File.ReadAllText(Resources.PathOf("vmimages", "modules/phinject/phinject.c"));
        foreach (var kind in new[] { "\"always\"", "\"never\"", "\"nth:%lu\"", "\"first:%lu\"", "\"every:%lu\"", "\"random:%lu:%llu\"" })
            Assert.That(c, Does.Contain(kind));
    }
}
