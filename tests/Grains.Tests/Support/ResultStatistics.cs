using Orchestrator.Contracts.Results;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>Weighted moments of finished jobs' results, one replicate per job, against a closed-form mixture.</summary>
static class ResultStatistics
{
    public static void AssertMatches(IReadOnlyList<JobResult> results, GaussianMixture target, string label)
    {
        var means = new List<double[]>();
        var modes = new List<double[]>();
        foreach (var result in results)
        {
            var mean = new double[target.Dimension];
            var weights = new double[target.Components];
            for (int i = 0; i < result.Samples.Length; i++)
            {
                var w = Math.Exp(result.LogWeights[i]);
                var row = result.Samples[i];
                for (int d = 0; d < target.Dimension; d++) mean[d] += w * row[d];
                weights[target.NearestComponent(row)] += w;
            }
            means.Add(mean);
            modes.Add(weights);
        }
        var truth = target.Mean();
        for (int d = 0; d < target.Dimension; d++) Replicates.AssertMatches($"{label}: mean[{d}]", means.Select(m => m[d]).ToArray(), truth[d]);
        for (int k = 0; k < target.Components; k++) Replicates.AssertMatches($"{label}: weight of mode {k}", modes.Select(m => m[k]).ToArray(), target.Weights[k]);
    }
}
