using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProbeHarness.Comparing;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Fuzzing;

/// <summary>A finding with what reproduces it: the minimized script, the original, the exact command, stap's output.</summary>
public sealed record FuzzFinding(Finding Finding, StapScript Minimized, StapScript Original, IReadOnlyList<string> Command, string Stderr, int Checks);

/// <summary>
/// Findings on disk, one folder per signature (fuzz/findings/&lt;hash of the signature&gt;/): script.stp
/// (minimized), original.stp, command.txt, signature.txt, stderr.txt and finding.json (the
/// <see cref="Finding"/> with its cell). A signature already there is not new.
/// </summary>
public sealed class FuzzFindings(string directory)
{
    public string Directory { get; } = directory;

    public static string Hash(string signature) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..12];

    public string FolderOf(string signature) => Path.Combine(Directory, Hash(signature));

    public bool Known(string signature) => File.Exists(Path.Combine(FolderOf(signature), "signature.txt"));

    public static Finding Of(TranslatorOutcome outcome, string engine, string kernel, string arch, string reproducer) =>
        new($"translator-{outcome.Kind}", Severity.Regression, outcome.Signature, Culprit.ProbeEngine,
            $"{engine}: {outcome.Signature} (pass {outcome.Pass + 1})", reproducer,
            new FindingPlace("fuzz", Hash(outcome.Signature), arch, engine, kernel, kernel, null, outcome.Kind));

    public string Store(FuzzFinding f)
    {
        var dir = FolderOf(f.Finding.Signature);
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "script.stp"), StapPrinter.Print(f.Minimized));
        File.WriteAllText(Path.Combine(dir, "original.stp"), StapPrinter.Print(f.Original));
        File.WriteAllText(Path.Combine(dir, "command.txt"), string.Join(' ', f.Command.Select(Shell.Sh.Quote)) + "\n");
        File.WriteAllText(Path.Combine(dir, "stderr.txt"), f.Stderr);
        File.WriteAllText(Path.Combine(dir, "finding.json"), JsonSerializer.Serialize(new
        {
            f.Finding.Kind, Severity = f.Finding.Severity.ToString(), f.Finding.Signature, Culprit = f.Finding.Culprit.ToString(),
            f.Finding.Summary, f.Finding.Reproducer, f.Finding.Where, MinimizerChecks = f.Checks,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(dir, "signature.txt"), f.Finding.Signature + "\n");
        return dir;
    }
}
