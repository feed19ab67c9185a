namespace Orchestrator.Steering.Models;

/// <summary>
/// A mixture of isotropic Gaussians: component k is N(Means[k], Stds[k]^2 I) with weight Weights[k].
/// Everything about it (noised marginals, scores, tilts) has a closed form, which makes it the
/// model every statistical test can trust.
/// </summary>
public sealed record GaussianMixture
{
    /// <param name="means">Component means, [K][D].</param>
    /// <param name="stds">Isotropic component standard deviations, [K].</param>
    /// <param name="weights">Component weights, [K], normalised here; uniform when null.</param>
    /// <param name="classes">For a conditional mixture, the class of each component: p(x | c) is the
    /// mixture of the components of class c, p(x) the whole mixture. Null for an unconditional model.</param>
    public GaussianMixture(double[][] means, double[] stds, double[]? weights = null, long[]? classes = null)
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
        if (classes is not null && (classes.Length != means.Length || classes.Any(c => c < 0)))
            throw new ArgumentException("one non-negative class per component", nameof(classes));
        var total = weights.Sum();
        Classes = classes is null ? null : (long[])classes.Clone();
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

    /// <summary>The class of each component of a conditional mixture, [K], or null.</summary>
    public long[]? Classes { get; }

    public int Components => Means.Length;

    /// <summary>p(x | c) of a conditional mixture: its components of class <paramref name="label"/>, reweighted.</summary>
    public GaussianMixture Conditional(long label)
    {
        if (Classes is null) throw new InvalidOperationException("this mixture has no classes");
        var members = Enumerable.Range(0, Components).Where(k => Classes[k] == label).ToArray();
        if (members.Length == 0) throw new ArgumentException($"no component has class {label}", nameof(label));
        return new GaussianMixture(members.Select(k => Means[k]).ToArray(), members.Select(k => Stds[k]).ToArray(), members.Select(k => Weights[k]).ToArray());
    }

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
