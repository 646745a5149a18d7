using NUnit.Framework;
using FsCheck;
using FsCheck.Fluent;
using ProbeHarness.Fuzzing;

namespace ProbeHarness.Tests.Fuzzing;

public class ScriptGeneratorTests
{
    private static readonly ScriptGenerator Plain = new(FuzzVocabulary.Builtin);
    private static readonly ScriptGenerator Guru = new(FuzzVocabulary.Builtin, guru: true);

    private static IEnumerable<StapScript> Sample(ScriptGenerator g, int n) =>
        Enumerable.Range(0, n).Select(i => FuzzRun.Generate(g, 7, i, 30));

    [Test]
    public void Every_generated_script_prints_and_reads_back_as_the_same_tree()
    {
        foreach (var s in Sample(Plain, 200))
        {
            var text = StapPrinter.Print(s);
            Assert.That(StapPrinter.Print(StapParser.Parse(text)), Is.EqualTo(text), text);
        }
    }

    [Test]
    public void The_same_seed_and_index_give_the_same_script_and_others_differ()
    {
        Assert.That(StapPrinter.Print(FuzzRun.Generate(Plain, 3, 5, 30)), Is.EqualTo(StapPrinter.Print(FuzzRun.Generate(Plain, 3, 5, 30))));
        var distinct = Enumerable.Range(0, 20).Select(i => StapPrinter.Print(FuzzRun.Generate(Plain, 3, i, 30))).Distinct().Count();
        Assert.That(distinct, Is.GreaterThan(15));
    }

    [Test]
    public void Scripts_cover_the_language_the_issue_lists()
    {
        var all = string.Join("\n", Sample(Plain, 300).Select(StapPrinter.Print));
        foreach (var word in new[] { "probe begin", "probe end", "timer.", "kprobe.function(", ".return", "syscall.", "global ", "foreach (", " limit ",
                     "<<<", "@count(", "@hist_log(", "@avg(", "while (", "for (", "break;", "next;", "try {", "catch", "function f", "printf(", "@entry(",
                     "substr(", "strlen(", "delete ", "] in ", " else " })
            Assert.That(all, Does.Contain(word), word);
        var guru = string.Join("\n", Sample(Guru, 200).Select(StapPrinter.Print));
        Assert.That(guru, Does.Contain("%{").And.Contain("pragma:").And.Contain("STAP_RETURN"));
        Assert.That(Sample(Plain, 100).Any(s => s.NeedsGuru), Is.False, "embedded C only when asked for");
    }

    [Test]
    public void Locals_are_typed_by_name_and_written_before_any_other_statement_of_their_probe()
    {
        foreach (var s in Sample(Plain, 100))
            foreach (var p in s.Decls.OfType<Probe>())
            {
                var read = StapTree.Statements(p.Body).SelectMany(StapTree.OwnExpressions).SelectMany(StapTree.Expressions).OfType<Var>()
                    .Select(v => v.Name).Where(n => n.Length > 1 && n[0] is 'n' or 't' && char.IsDigit(n[1])).Distinct();
                var prelude = p.Body.Body.OfType<Assign>().Where(a => a is { Op: "=", Target: Var }).Select(a => ((Var)a.Target).Name).ToHashSet();
                Assert.That(read.Where(n => !prelude.Contains(n)), Is.Empty, StapPrinter.Print(s));
            }
    }

    [Test]
    public void Shrinking_makes_smaller_scripts_that_still_print_and_read_back()
    {
        var s = Sample(Plain, 10).MaxBy(StapTree.Size)!;
        var candidates = ScriptReducer.Candidates(s).Take(300).ToList();
        Assert.That(candidates, Is.Not.Empty);
        foreach (var c in candidates)
        {
            Assert.That(StapTree.Size(c), Is.LessThanOrEqualTo(StapTree.Size(s)));
            Assert.That(StapPrinter.Print(c), Is.Not.EqualTo(StapPrinter.Print(s)));
            var text = StapPrinter.Print(c);
            Assert.That(StapPrinter.Print(StapParser.Parse(text)), Is.EqualTo(text));
        }
    }

    [Test]
    public void FsCheck_shrinks_a_failing_generated_script_to_a_small_one()
    {
        // A property that fails on any script with a printf: FsCheck's shrinking through the reducer should end near one printf.
        var prop = Prop.ForAll(Plain.Arbitrary, s => !StapPrinter.Print(s).Contains("printf("));
        var ex = Assert.Throws<Exception>(() => prop.QuickCheckThrowOnFailure());
        var shrunk = ex!.Message[ex.Message.IndexOf("Shrunk:", StringComparison.Ordinal)..];
        Assert.That(shrunk, Does.Contain("printf("));
        Assert.That(shrunk.Split('\n').Count(l => l.Contains("probe ")), Is.LessThanOrEqualTo(1), shrunk);
    }

    [Test]
    public void Kernel_functions_leave_out_the_sections_kprobes_refuse_clones_and_duplicates()
    {
        var map = new[]
        {
            "ffffffff81000000 T _stext", "ffffffff81001000 T vfs_read", "ffffffff81002000 t helper.constprop.0",
            "ffffffff81003000 T __noinstr_text_start", "ffffffff81003100 T noinstr_thing", "ffffffff81003200 T __noinstr_text_end",
            "ffffffff81004000 t dup", "ffffffff81005000 t dup", "ffffffff81006000 D some_data", "ffffffff81007000 T __pfx_vfs_read",
            "ffffffff82000000 T _sinittext", "ffffffff82000100 T start_kernel", "ffffffff82000200 T _einittext",
        };
        Assert.That(FuzzVocabulary.KernelFunctionsOf(map), Is.EqualTo(new[] { "_stext", "vfs_read" }));
    }

    [Test]
    public void Tapset_functions_are_read_from_the_dump_with_their_types()
    {
        var dump = "strlen:long (s:string)\nsubstr:string (str:string, start:long, length:long)\n_internal:long ()\nstat_thing:unknown (x:long)\nodd:long (s:stats)\n";
        var f = FuzzVocabulary.ParseFunctions(dump);
        Assert.That(f.Select(x => x.Name), Is.EqualTo(new[] { "strlen", "substr" }));
        Assert.That(f[1].Params, Is.EqualTo(new[] { "string", "long", "long" }));
    }
}
