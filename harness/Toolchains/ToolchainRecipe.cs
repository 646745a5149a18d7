using System.Security.Cryptography;
using System.Text;

namespace ProbeHarness.Toolchains;

/// <summary>
/// A toolchain image's recipe, as data in vmimages/toolchains/&lt;name&gt;/: recipe.env (NAME, SUITE,
/// MIRROR, VARIANT, LAYOUT) and packages.list (one package a line). scripts/setup-docker builds
/// the image from it with debootstrap and `docker import`; both sides name the image by the same
/// hash of the two files, so an edited recipe never runs as a stale image.
/// </summary>
public sealed record ToolchainRecipe(string Name, string Suite, string Mirror, string Variant,
    IReadOnlyList<string> Packages, string Hash, string Directory)
{
    public const string EnvFile = "recipe.env";
    public const string PackagesFile = "packages.list";

    /// <summary>The image scripts/setup-docker imports: probe-harness/&lt;name&gt;:&lt;hash&gt;.</summary>
    public string ImageTag => $"probe-harness/{Name}:{Hash}";

    /// <summary>The recipe named <paramref name="name"/> in the harness's vmimages/toolchains.</summary>
    public static ToolchainRecipe Get(string name) => Load(Path.Combine(Resources.Dir("vmimages"), "toolchains", name));

    public static ToolchainRecipe Load(string directory)
    {
        var envPath = Path.Combine(directory, EnvFile);
        var listPath = Path.Combine(directory, PackagesFile);
        if (!File.Exists(envPath)) throw new FileNotFoundException($"toolchain recipe has no {EnvFile}: {envPath}");
        if (!File.Exists(listPath)) throw new FileNotFoundException($"toolchain recipe has no {PackagesFile}: {listPath}");
        var envBytes = File.ReadAllBytes(envPath);
        var listBytes = File.ReadAllBytes(listPath);
        var env = ParseEnv(Encoding.UTF8.GetString(envBytes), envPath);
        string Need(string key) => env.TryGetValue(key, out var v) && v.Length > 0
            ? v : throw new InvalidDataException($"{envPath}: {key}= is missing");
        var packages = ParsePackages(Encoding.UTF8.GetString(listBytes), listPath);
        if (packages.Count == 0) throw new InvalidDataException($"{listPath}: no packages");
        var name = Need("NAME");
        if (name != Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)))
            throw new InvalidDataException($"{envPath}: NAME={name} differs from its folder's name");
        return new ToolchainRecipe(name, Need("SUITE"), Need("MIRROR"), Need("VARIANT"), packages,
            HashOf(envBytes, listBytes), Path.GetFullPath(directory));
    }

    /// <summary>
    /// The first 16 hex digits of sha256(recipe.env bytes, then packages.list bytes): what
    /// `cat recipe.env packages.list | sha256sum | cut -c1-16` prints in scripts/setup-docker.
    /// </summary>
    public static string HashOf(byte[] env, byte[] packages) =>
        Convert.ToHexStringLower(SHA256.HashData([.. env, .. packages]))[..16];

    /// <summary>KEY=VALUE lines; '#' comments and blank lines are skipped; anything else names its line.</summary>
    internal static Dictionary<string, string> ParseEnv(string text, string path)
    {
        var result = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) throw new InvalidDataException($"{path}:{i + 1}: expected KEY=VALUE, got '{line}'");
            var key = line[..eq];
            if (!result.TryAdd(key, line[(eq + 1)..])) throw new InvalidDataException($"{path}:{i + 1}: {key} set twice");
        }
        return result;
    }

    /// <summary>One Debian package name a line; '#' comments and blank lines skipped.</summary>
    internal static List<string> ParsePackages(string text, string path)
    {
        var result = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!IsPackageName(line)) throw new InvalidDataException($"{path}:{i + 1}: '{line}' is not a Debian package name");
            result.Add(line);
        }
        return result;
    }

    // Debian policy 5.6.1: lowercase letters, digits, + - . ; at least two characters, starting alphanumeric.
    private static bool IsPackageName(string s) =>
        s.Length >= 2 && (char.IsAsciiLetterLower(s[0]) || char.IsAsciiDigit(s[0]))
        && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '-' or '.');
}
