using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Samplers;

namespace Orchestrator.Models.Loading;

/// <summary>Plain (unsteered) samples of a model, through the engine's own loop, for quality checks and galleries.</summary>
public static class ModelSampling
{
    /// <summary><paramref name="layout"/>'s particles sampled with DDPM in <paramref name="steps"/> steps.</summary>
    public static async Task<SampleBatch> SampleAsync(IDenoiser denoiser, ParticleLayout layout, int steps, long seed, CancellationToken cancellationToken = default)
    {
        var method = BestOfN.Create(denoiser, new DdpmSampler(), steps, layout, lambda: 0);
        var result = await SteeringLoop.RunAsync(method, new SteeringContext(new RandomStreams(seed), new ZeroReward(), cancellationToken)).ConfigureAwait(false);
        return result.Samples;
    }

    /// <summary>Best-of-N with lambda 0 still scores its final samples once; this answers without looking.</summary>
    sealed class ZeroReward : IReward
    {
        public string Name => "zero";

        public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken) => ValueTask.FromResult(new double[batch.Rows]);
    }
}
