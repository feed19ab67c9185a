namespace Orchestrator.Pictures;

/// <summary>Which samples a picture of a weighted population shows: the API's weighted grid and `steer demo`'s.</summary>
public static class WeightedDraw
{
    /// <summary>
    /// <paramref name="count"/> samples drawn in proportion to their weights (systematic, offset 1/2), in result order. Several groups' weights (each summing to one) are normalised over all of them.
    /// </summary>
    public static float[][] Draw(float[][] samples, double[] logWeights, int count)
    {
        var weights = logWeights.Select(Math.Exp).ToArray();
        var total = weights.Sum();
        if (!(total > 0) || double.IsInfinity(total)) return samples[..count];
        var drawn = new List<float[]>(count);
        double cumulative = 0;
        for (int i = 0; i < samples.Length && drawn.Count < count; i++)
        {
            cumulative += weights[i] / total;
            while (drawn.Count < count && (drawn.Count + 0.5) / count <= cumulative) drawn.Add(samples[i]);
        }
        // Rounding can leave the last draw short of a cumulative sum that ends just below one.
        while (drawn.Count < count) drawn.Add(samples[^1]);
        return drawn.ToArray();
    }
}
