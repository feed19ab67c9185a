namespace Orchestrator.Steering.Resampling;

/// <summary>Arithmetic on log-weights, in double and by log-sum-exp so extreme weights neither overflow nor vanish.</summary>
public static class LogWeights
{
    /// <summary>
    /// Writes exp(logWeights - logsumexp) into <paramref name="weights"/> and returns the logsumexp.
    /// -infinity entries get weight 0; throws when every entry is -infinity or any is NaN/+infinity.
    /// </summary>
    public static double Normalise(ReadOnlySpan<double> logWeights, Span<double> weights)
    {
        var max = double.NegativeInfinity;
        foreach (var l in logWeights)
        {
            if (double.IsNaN(l) || double.IsPositiveInfinity(l)) throw new ArgumentException($"log-weight {l} is not allowed");
            if (l > max) max = l;
        }
        if (double.IsNegativeInfinity(max)) throw new ArgumentException("every particle has zero weight");
        var sum = 0.0;
        for (int i = 0; i < logWeights.Length; i++) sum += weights[i] = Math.Exp(logWeights[i] - max);
        for (int i = 0; i < weights.Length; i++) weights[i] /= sum;
        return max + Math.Log(sum);
    }

    /// <summary>Normalised log-weights (summing to one in the exp domain).</summary>
    public static double[] Normalised(ReadOnlySpan<double> logWeights)
    {
        var weights = new double[logWeights.Length];
        var total = Normalise(logWeights, weights);
        var result = new double[logWeights.Length];
        for (int i = 0; i < result.Length; i++) result[i] = logWeights[i] - total;
        return result;
    }

    /// <summary>The effective sample size 1 / sum w_i^2 of normalised weights.</summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> weights)
    {
        var sumSquares = 0.0;
        foreach (var w in weights) sumSquares += w * w;
        return 1.0 / sumSquares;
    }
}
