namespace Orchestrator.Steering.Models;

/// <summary>
/// A mixture of product distributions over token sequences of length L: component k draws each
/// position l independently from Probabilities[k][l] (a distribution over V tokens) and has
/// weight Weights[k]. Its posterior given any set of unmasked positions has a closed form, so it
/// is the exact discrete model tests trust, as <see cref="GaussianMixture"/> is for continuous ones.
/// </summary>
public sealed record CategoricalMixture
{
    public CategoricalMixture(double[][][] probabilities, double[]? weights = null)
    {
        if (probabilities.Length == 0) throw new ArgumentException("a mixture needs at least one component", nameof(probabilities));
        var length = probabilities[0].Length;
        if (length == 0) throw new ArgumentException("sequences need at least one position", nameof(probabilities));
        var vocabulary = probabilities[0][0].Length;
        if (vocabulary < 1) throw new ArgumentException("the vocabulary needs at least one token", nameof(probabilities));
        if (probabilities.Any(c => c.Length != length || c.Any(p => p.Length != vocabulary)))
            throw new ArgumentException("every component needs the same length and vocabulary", nameof(probabilities));
        if (probabilities.Any(c => c.Any(p => p.Any(v => !(v >= 0) || double.IsInfinity(v)) || !(p.Sum() > 0))))
            throw new ArgumentException("token probabilities must be non-negative, finite and not all zero", nameof(probabilities));
        weights ??= Enumerable.Repeat(1.0, probabilities.Length).ToArray();
        if (weights.Length != probabilities.Length || weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(weights.Sum() > 0))
            throw new ArgumentException("one non-negative finite weight per component, not all zero", nameof(weights));
        Probabilities = probabilities.Select(c => c.Select(Normalise).ToArray()).ToArray();
        Weights = Normalise(weights);
    }

    /// <summary>Per component, per position, the token distribution: [K][L][V], each normalised.</summary>
    public double[][][] Probabilities { get; }

    /// <summary>Component weights, normalised: [K].</summary>
    public double[] Weights { get; }

    public int Components => Weights.Length;

    public int Length => Probabilities[0].Length;

    public int Vocabulary => Probabilities[0][0].Length;

    /// <summary>p(x) for a whole sequence.</summary>
    public double Probability(IReadOnlyList<long> sequence)
    {
        var total = 0.0;
        for (int k = 0; k < Components; k++)
        {
            var p = Weights[k];
            for (int l = 0; l < Length; l++) p *= Probabilities[k][l][sequence[l]];
            total += p;
        }
        return total;
    }

    /// <summary>The marginal distribution of position <paramref name="position"/>.</summary>
    public double[] Marginal(int position)
    {
        var marginal = new double[Vocabulary];
        for (int k = 0; k < Components; k++)
            for (int v = 0; v < Vocabulary; v++) marginal[v] += Weights[k] * Probabilities[k][position][v];
        return marginal;
    }

    /// <summary>
    /// The mixture tilted by exp(lambda sum_l scores[l][x_l]), again a mixture of products: each
    /// position's distribution is multiplied by exp(lambda scores[l]) and renormalised (by Z_kl),
    /// and component k's weight is multiplied by prod_l Z_kl.
    /// </summary>
    public CategoricalMixture TiltedTokenScores(double[][] scores, double lambda)
    {
        if (scores.Length != Length || scores.Any(s => s.Length != Vocabulary))
            throw new ArgumentException($"scores must be [{Length}][{Vocabulary}]", nameof(scores));
        var logWeights = new double[Components];
        var tilted = new double[Components][][];
        for (int k = 0; k < Components; k++)
        {
            logWeights[k] = Math.Log(Weights[k]);
            tilted[k] = new double[Length][];
            for (int l = 0; l < Length; l++)
            {
                tilted[k][l] = Probabilities[k][l].Select((p, v) => p * Math.Exp(lambda * scores[l][v])).ToArray();
                logWeights[k] += Math.Log(tilted[k][l].Sum());
            }
        }
        var max = logWeights.Max();
        return new CategoricalMixture(tilted, logWeights.Select(w => Math.Exp(w - max)).ToArray());
    }

    static double[] Normalise(double[] values)
    {
        var total = values.Sum();
        return values.Select(v => v / total).ToArray();
    }
}
