using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;

namespace Orchestrator.Steering.Tests.Support;

/// <summary>Per-group weighted estimates of a mixture's moments from a steered population, one replicate per group.</summary>
sealed class MixtureStatistics
{
    public MixtureStatistics(SteeringResult result, GaussianMixture reference)
    {
        var groups = result.GroupIds.Distinct().Order().ToArray();
        var dimension = reference.Dimension;
        foreach (var g in groups)
        {
            var mean = new double[dimension];
            var modes = new double[reference.Components];
            var spread = new double[reference.Components];
            for (int i = 0; i < result.GroupIds.Length; i++)
            {
                if (result.GroupIds[i] != g) continue;
                var w = Math.Exp(result.LogWeights[i]);
                var row = result.Samples.Row(i);
                for (int d = 0; d < dimension; d++) mean[d] += w * row[d];
                var k = reference.NearestComponent(row);
                modes[k] += w;
                for (int d = 0; d < dimension; d++) spread[k] += w * Math.Pow(row[d] - reference.Means[k][d], 2);
            }
            Means.Add(mean);
            ModeWeights.Add(modes);
            // Mean squared deviation per coordinate from the known mode centre, within each mode.
            Spreads.Add(spread.Select((s, k) => modes[k] > 0 ? Math.Sqrt(s / (modes[k] * dimension)) : double.NaN).ToArray());
        }
    }

    public List<double[]> Means { get; } = new();

    public List<double[]> ModeWeights { get; } = new();

    public List<double[]> Spreads { get; } = new();

    /// <summary>Asserts the weighted mean, the mode weights and (for modes of weight &gt; 5%) each mode's spread match <paramref name="target"/>.</summary>
    public void AssertMatches(GaussianMixture target, string label, bool spreads = true)
    {
        var mean = target.Mean();
        for (int d = 0; d < target.Dimension; d++)
            Replicates.AssertMatches($"{label}: mean[{d}]", Means.Select(m => m[d]).ToArray(), mean[d]);
        for (int k = 0; k < target.Components; k++)
            Replicates.AssertMatches($"{label}: weight of mode {k}", ModeWeights.Select(m => m[k]).ToArray(), target.Weights[k]);
        if (!spreads) return;
        for (int k = 0; k < target.Components; k++)
            if (target.Weights[k] > 0.05)
                Replicates.AssertMatches($"{label}: spread of mode {k}", Spreads.Select(s => s[k]).ToArray(), target.Stds[k]);
    }
}
