using ProbeHarness.Inputs;

namespace ProbeHarness.Sharding;

/// <summary>
/// One slice of a run spread over machines: shard <see cref="Index"/> of <see cref="Count"/>, written
/// "I/N" with I counted from 0, as a Kubernetes completion index and a Slurm array task id count.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(0, 1);

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses "I/N"; a clear error for anything else, naming <paramref name="option"/>.</summary>
    public static Shard Parse(string text, string option = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var i) || !int.TryParse(parts[1], out var n))
            throw new InputException($"{option} '{text}': expected I/N, shard I of N counted from 0 (e.g. 0/4 … 3/4)");
        if (n < 1) throw new InputException($"{option} '{text}': the number of shards must be at least 1, not {n}");
        if (i < 0 || i >= n)
            throw new InputException($"{option} '{text}': the shard index counts from 0 and must be below {n}: 0 … {n - 1}");
        return new Shard(i, n);
    }
}
