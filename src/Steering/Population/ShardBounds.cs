namespace Orchestrator.Steering.Population;

/// <summary>
/// How a population of <see cref="Total"/> particles is cut into shards of contiguous global slots: shard s holds
/// slots [Starts[s], Starts[s] + Counts[s]). Shards may differ in size (workers have different room).
/// </summary>
public sealed record ShardBounds
{
    public ShardBounds(IReadOnlyList<int> counts)
    {
        if (counts.Count == 0 || counts.Any(c => c < 1)) throw new ArgumentException($"every shard needs at least one particle (got [{string.Join(", ", counts)}])", nameof(counts));
        Counts = counts.ToArray();
        Starts = new int[Counts.Count];
        for (int s = 1; s < Counts.Count; s++) Starts[s] = Starts[s - 1] + Counts[s - 1];
        Total = Starts[^1] + Counts[^1];
    }

    public IReadOnlyList<int> Counts { get; }

    public int[] Starts { get; }

    public int Total { get; }

    public int Shards => Counts.Count;

    /// <summary>The whole population as one shard.</summary>
    public static ShardBounds Single(int total) => new([total]);

    /// <summary><paramref name="total"/> particles cut into <paramref name="shards"/> shards whose sizes differ by at most one.</summary>
    public static ShardBounds Even(int total, int shards)
    {
        if (shards < 1 || shards > total) throw new ArgumentOutOfRangeException(nameof(shards), shards, $"1 to {total} shards");
        return new(Enumerable.Range(0, shards).Select(s => total / shards + (s < total % shards ? 1 : 0)).ToArray());
    }

    /// <summary>The shard holding global slot <paramref name="slot"/>.</summary>
    public int ShardOf(int slot)
    {
        var found = Array.BinarySearch(Starts, slot);
        return found >= 0 ? found : ~found - 1;
    }
}
