using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

/// <summary>
/// A verifier ensemble: every verifier scores the batch, each candidate gets its rank under each
/// (1 = worst .. n = best, ties sharing their average rank, NaN ranked worst), and the ensemble's score is
/// the average rank. Ranks ignore each verifier's scale, so verifiers with different units combine fairly.
/// Scores are relative to the batch: meant for search and selection (which compare within a batch), not
/// for tilts exp(lambda r) across steps.
/// </summary>
public sealed class RankEnsemble(IReadOnlyList<IReward> verifiers) : IReward
{
    public IReadOnlyList<IReward> Verifiers { get; } = verifiers.Count > 0 ? verifiers : throw new ArgumentException("an ensemble needs at least one verifier", nameof(verifiers));

    public string Name => $"ensemble({string.Join(", ", Verifiers.Select(v => v.Name))})";

    public async ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var total = new double[batch.Rows];
        foreach (var verifier in Verifiers)
        {
            var ranks = Ranks(await verifier.ScoreAsync(batch, cancellationToken).ConfigureAwait(false));
            for (int i = 0; i < total.Length; i++) total[i] += ranks[i] / Verifiers.Count;
        }
        return total;
    }

    /// <summary>1-based ranks, ascending by score (the best gets n), ties averaged, NaN lowest.</summary>
    public static double[] Ranks(double[] scores)
    {
        var order = Enumerable.Range(0, scores.Length)
            .OrderBy(i => double.IsNaN(scores[i]) ? double.NegativeInfinity : scores[i])
            .ToArray();
        var ranks = new double[scores.Length];
        for (int start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && Same(scores[order[end + 1]], scores[order[start]])) end++;
            for (int j = start; j <= end; j++) ranks[order[j]] = (start + end) / 2.0 + 1;
            start = end + 1;
        }
        return ranks;
    }

    static bool Same(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));
}
