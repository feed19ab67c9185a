namespace Orchestrator.Steering.Resampling;

/// <summary>Turns sorted points in [0, 1) into offspring counts by walking the cumulative weights once.</summary>
static class SortedUniformCounts
{
    /// <summary>counts[j] = number of points falling in [W_{j-1}, W_j), W the cumulative weights.</summary>
    public static void Count(ReadOnlySpan<double> weights, ReadOnlySpan<double> sortedPoints, Span<int> counts)
    {
        counts.Clear();
        var last = LastPositive(weights);
        int j = 0;
        var cumulative = weights[0];
        foreach (var u in sortedPoints)
        {
            while (u >= cumulative && j < last)
            {
                j++;
                cumulative += weights[j];
            }
            // Rounding can leave the total a hair below 1; such points go to the last particle with weight.
            counts[j]++;
        }
    }

    static int LastPositive(ReadOnlySpan<double> weights)
    {
        for (int i = weights.Length - 1; i >= 0; i--)
            if (weights[i] > 0) return i;
        throw new ArgumentException("every weight is zero");
    }
}
