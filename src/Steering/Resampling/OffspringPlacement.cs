namespace Orchestrator.Steering.Resampling;

/// <summary>
/// Turns offspring counts into a parent for every slot so that particles move as little as
/// possible: a particle with at least one offspring keeps its own slot, and only its extra copies
/// fill the slots of particles with none. With shards of contiguous slots (blockSize each), every
/// shard first fills its empty slots from its own extra copies, so only a shard's surplus crosses to
/// other shards, the fewest crossings possible. (No single plan is fewest for every way of cutting
/// the slots into shards, so the plan must be told the shards.) With equal counts nothing moves.
/// </summary>
public static class OffspringPlacement
{
    /// <summary>Writes into <paramref name="parents"/> (length = number of slots) the parent of each slot, all slots one shard.</summary>
    public static void Place(ReadOnlySpan<int> counts, Span<int> parents) => Place(counts, parents, Math.Max(1, counts.Length));

    /// <summary>The same, with shards of <paramref name="blockSize"/> contiguous slots (the last may be shorter).</summary>
    public static void Place(ReadOnlySpan<int> counts, Span<int> parents, int blockSize)
    {
        if (blockSize < 1) throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "shards hold at least one slot");
        var shards = new int[counts.Length];
        for (int i = 0; i < shards.Length; i++) shards[i] = i / blockSize;
        Place(counts, parents, shards);
    }

    /// <summary>The same, with the shard of every slot given (non-decreasing: each shard's slots contiguous), e.g. a group's slots cut by shard boundaries.</summary>
    public static void Place(ReadOnlySpan<int> counts, Span<int> parents, ReadOnlySpan<int> shardOf)
    {
        if (counts.Length != parents.Length || shardOf.Length != counts.Length) throw new ArgumentException("counts, slots and shards differ in length");
        var total = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException("offspring counts cannot be negative");
            total += c;
        }
        if (total != parents.Length) throw new ArgumentException($"offspring counts sum to {total}, not {parents.Length}");

        var leftoverCopies = new List<int>();
        var leftoverSlots = new List<int>();
        for (int start = 0, end; start < counts.Length; start = end)
        {
            for (end = start + 1; end < counts.Length && shardOf[end] == shardOf[start];) end++;
            var copies = new Queue<int>();
            var empty = new List<int>();
            for (int slot = start; slot < end; slot++)
            {
                if (counts[slot] == 0) { empty.Add(slot); continue; }
                parents[slot] = slot;
                for (int copy = 1; copy < counts[slot]; copy++) copies.Enqueue(slot);
            }
            // The shard's own copies fill its own empty slots, in order; the rest is its surplus or deficit.
            foreach (var slot in empty)
            {
                if (copies.Count > 0) parents[slot] = copies.Dequeue();
                else leftoverSlots.Add(slot);
            }
            leftoverCopies.AddRange(copies);
        }
        for (int i = 0; i < leftoverSlots.Count; i++) parents[leftoverSlots[i]] = leftoverCopies[i];
    }
}
