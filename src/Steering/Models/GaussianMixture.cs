namespace Orchestrator.Steering.Models;

/// <summary>
/// A mixture of isotropic Gaussians: component k is N(Means[k], Stds[k]^2 I) with weight Weights[k].
/// Everything about it (noised marginals, scores, tilts) has a closed form, which makes it the
/// model every statistical test can trust.
/// </summary>
public sealed record GaussianMixture
{
    public GaussianMixture(double[][] means, double[] stds, double[]? weights = null)
    {
        if (means.Length == 0) throw new ArgumentException("a mixture needs at least one component", nameof(means));
        if (stds.Length != means.Length) throw new ArgumentException($"{means.Length} means but {stds.Length} stds", nameof(stds));
        var dimension = means[0].Length;
        if (dimension == 0) throw new ArgumentException("components must have at least one dimension", nameof(means));
        if (means.Any(m => m.Length != dimension)) throw new ArgumentException("all means must have the same dimension", nameof(means));
        if (stds.Any(s => !(s > 0) || double.IsInfinity(s))) throw new ArgumentException("stds must be positive and finite", nameof(stds));
        weights ??= Enumerable.Repeat(1.0, means.Length).ToArray();
        if (weights.Length != means.Length) throw new ArgumentException($"{means.Length} means but {weights.Length} weights", nameof(weights));
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(weights.Sum() > 0) || double.IsInfinity(weights.Sum()))
            throw new ArgumentException("weights must be non-negative, finite, not all zero, and have a finite sum", nameof(weights));
        var total = weights.Sum();
        Means = means.Select(m => (double[])m.Clone()).ToArray();
        Stds = (double[])stds.Clone();
        Weights = weights.Select(w => w / total).ToArray();
    }

    /// <summary>Component means, [K][D].</summary>
    public double[][] Means { get; }

    /// <summary>Component standard deviations, [K].</summary>
    public double[] Stds { get; }

    /// <summary>Component weights, normalised to sum to one, [K].</summary>
    public double[] Weights { get; }

    public int Components => Means.Length;

    public int Dimension => Means[0].Length;

    /// <summary>The mean of the whole mixture.</summary>
    public double[] Mean()
    {
        var mean = new double[Dimension];
        for (int k = 0; k < Components; k++)
            for (int d = 0; d < Dimension; d++) mean[d] += Weights[k] * Means[k][d];
        return mean;
    }

    /// <summary>
    /// The mixture tilted by exp(lambda w.x), again a Gaussian mixture: each component's mean
    /// moves by lambda s_k^2 w and its weight is multiplied by exp(lambda w.mu_k + lambda^2 s_k^2 |w|^2 / 2).
    /// </summary>
    public GaussianMixture TiltedLinear(double[] w, double lambda)
    {
        if (w.Length != Dimension) throw new ArgumentException($"tilt has {w.Length} dimensions, mixture {Dimension}", nameof(w));
        var norm2 = w.Sum(x => x * x);
        var logWeights = new double[Components];
        var means = new double[Components][];
        for (int k = 0; k < Components; k++)
        {
            var s2 = Stds[k] * Stds[k];
            var dot = 0.0;
            for (int d = 0; d < Dimension; d++) dot += w[d] * Means[k][d];
            logWeights[k] = Math.Log(Weights[k]) + lambda * dot + 0.5 * lambda * lambda * s2 * norm2;
            means[k] = Means[k].Select((m, d) => m + lambda * s2 * w[d]).ToArray();
        }
        var max = logWeights.Max();
        return new GaussianMixture(means, Stds, logWeights.Select(l => Math.Exp(l - max)).ToArray());
    }

    /// <summary>The component with the highest posterior probability of having produced x (at t = 0).</summary>
    public int NearestComponent(ReadOnlySpan<float> x)
    {
        var best = 0;
        var bestLog = double.NegativeInfinity;
        for (int k = 0; k < Components; k++)
        {
            var s2 = Stds[k] * Stds[k];
            var sq = 0.0;
            for (int d = 0; d < Dimension; d++) sq += (x[d] - Means[k][d]) * (x[d] - Means[k][d]);
            var log = Math.Log(Weights[k]) - 0.5 * Dimension * Math.Log(s2) - 0.5 * sq / s2;
            if (log > bestLog) (best, bestLog) = (k, log);
        }
        return best;
    }
}
