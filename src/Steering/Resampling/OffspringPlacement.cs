namespace Orchestrator.Steering.Resampling;

/// <summary>
/// Turns offspring counts into a parent for every slot so that particles move as little as
/// possible: a particle with at least one offspring keeps its own slot, and only its extra
/// copies fill the slots of particles with none, in order. With equal counts nothing moves;
/// across shards, only the surplus has to travel.
/// </summary>
public static class OffspringPlacement
{
    /// <summary>Writes into <paramref name="parents"/> (length = number of slots) the parent of each slot.</summary>
    public static void Place(ReadOnlySpan<int> counts, Span<int> parents)
    {
        if (counts.Length != parents.Length) throw new ArgumentException("counts and slots differ in length");
        var total = 0;
        foreach (var c in counts) total += c;
        if (total != parents.Length) throw new ArgumentException($"offspring counts sum to {total}, not {parents.Length}");

        var donor = 0;
        var spare = counts.Length > 0 ? counts[0] - 1 : 0;
        for (int slot = 0; slot < counts.Length; slot++)
        {
            if (counts[slot] > 0)
            {
                parents[slot] = slot;
                continue;
            }
            while (spare <= 0)
            {
                donor++;
                spare = counts[donor] - 1;
            }
            parents[slot] = donor;
            spare--;
        }
    }
}
