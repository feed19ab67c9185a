using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// What a reward scores in place of a noisy state: its x0-prediction, as rows of samples (one per state
/// for continuous models; several sampled completions per state, parent-major, for masked ones, whose
/// rewards are combined by log-mean-exp). Calls the model through the context, so the pass is counted.
/// </summary>
public interface IX0Lookahead
{
    /// <summary>x0 rows for <paramref name="states"/> at time t, and how many rows each state has.</summary>
    (Tensor X0, int PerState) Predict(Tensor states, Tensor? labels, double t, int step, int stream, SteeringContext context);
}

/// <summary>The continuous model's x0-prediction.</summary>
public sealed class ContinuousLookahead(IDenoiser denoiser) : IX0Lookahead
{
    public (Tensor X0, int PerState) Predict(Tensor states, Tensor? labels, double t, int step, int stream, SteeringContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x0 = context.Predict(denoiser, DenoiserInput.At(states, denoiser.Schedule, t, labels)).X0;
        return (x0.MoveToOuterDisposeScope(), 1);
    }
}

/// <summary>
/// Completions of partly masked sequences: masked positions drawn from the model's prediction, sample j of
/// state i from stream (Lookahead, step, i, stream * samples + j), so callers with different
/// <c>stream</c> numbers never share draws.
/// </summary>
public sealed class MaskedLookahead(IMaskedDenoiser denoiser, int samples) : IX0Lookahead
{
    public (Tensor X0, int PerState) Predict(Tensor states, Tensor? labels, double t, int step, int stream, SteeringContext context)
    {
        using var scope = torch.NewDisposeScope();
        var cumulative = MaskedSampler.Cumulative(context.Predict(denoiser, DenoiserInput.At(states, t, denoiser.Schedule.Alpha(t), labels)));
        return (Complete(states, cumulative, step, stream, context).MoveToOuterDisposeScope(), samples);
    }

    /// <summary>The completions from an already computed prediction (the proposal reuses its own pass); row i draws with particle key keys[i] (default: i).</summary>
    public Tensor Complete(Tensor states, Tensor cumulative, int step, int stream, SteeringContext context, long[]? keys = null)
    {
        var rows = (int)states.shape[0];
        keys ??= Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        var perSample = Enumerable.Range(0, samples).Select(j =>
        {
            var uniforms = NoiseTensors.Uniforms(context.Random, StreamPurpose.Lookahead, step, keys, denoiser.SampleShape, stream * samples + j);
            return MaskedSampler.Complete(states, cumulative, denoiser.MaskToken(), uniforms);
        }).ToArray();
        return samples == 1 ? perSample[0] : torch.stack(perSample, 1).flatten(0, 1);
    }
}
