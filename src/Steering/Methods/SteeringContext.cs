using System.Diagnostics;
using Orchestrator.Steering.Accounting;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Rewards;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// What every part of a method may use while a job runs: its random streams, the reward, and
/// the one path to the model and the reward, which counts every evaluation.
/// </summary>
public sealed class SteeringContext(RandomStreams random, IReward reward, CancellationToken cancellationToken = default)
{
    public RandomStreams Random { get; } = random;

    public IReward Reward { get; } = reward;

    public NfeCounter Nfe { get; } = new();

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runs the denoiser on a batch and converts its output to x0 and eps; counts the rows.</summary>
    public Prediction Predict(IDenoiser denoiser, DenoiserInput input)
    {
        var start = Stopwatch.GetTimestamp();
        var output = denoiser.Predict(input);
        var prediction = Prediction.From(denoiser.Parameterisation, output, input);
        if (!ReferenceEquals(output, prediction.X0) && !ReferenceEquals(output, prediction.Eps)) output.Dispose();
        Nfe.AddDenoiser(input.X.shape[0], start);
        return prediction;
    }

    /// <summary>Runs a masked denoiser on a batch of token states, returning log p(x0 | x_t); counts the rows.</summary>
    public Tensor Predict(IMaskedDenoiser denoiser, DenoiserInput input)
    {
        var start = Stopwatch.GetTimestamp();
        var logProbabilities = denoiser.LogProbabilities(input);
        Nfe.AddDenoiser(input.X.shape[0], start);
        return logProbabilities;
    }

    /// <summary>Scores a batch with the job's reward; counts the rows and checks the verifier's answer.</summary>
    public async ValueTask<double[]> ScoreAsync(SampleBatch batch)
    {
        CancellationToken.ThrowIfCancellationRequested();
        using var span = SteeringTracing.StartVerifier(Reward.Name, batch.Rows);
        var start = Stopwatch.GetTimestamp();
        double[] scores;
        try
        {
            scores = await Reward.ScoreAsync(batch, CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or RewardException))
        {
            // Whatever a verifier throws (a plug-in's bug, an ONNX shape mismatch) ends the job with its name on it.
            throw new RewardException($"reward '{Reward.Name}' failed on a batch of {batch.Rows} particles: {e.Message}", e);
        }
        Nfe.AddReward(batch.Rows, start);
        SteeringMetrics.VerifierSeconds.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>("reward", Reward.Name));
        if (scores.Length != batch.Rows)
            throw new RewardException($"reward '{Reward.Name}' returned {scores.Length} scores for {batch.Rows} particles");
        return scores;
    }
}

/// <summary>A verifier misbehaved in a way that must stop the job; the message names it and what it did.</summary>
public sealed class RewardException(string message, Exception? inner = null) : Exception(message, inner);
