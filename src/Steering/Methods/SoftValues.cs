using Orchestrator.Steering.Population;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>Combining several rewards of one particle (its sampled completions) into one value.</summary>
public static class SoftValues
{
    /// <summary>
    /// For each consecutive run of <paramref name="perParticle"/> rewards: (1/lambda) log mean exp(lambda r),
    /// the soft value whose exp(lambda v) is the mean potential over the samples (the plain mean when
    /// lambda = 0). Non-finite rewards are left out; a particle with none finite gets NaN.
    /// </summary>
    public static double[] LogMeanExp(double[] rewards, int perParticle, double lambda)
    {
        if (perParticle == 1) return rewards;
        var values = new double[rewards.Length / perParticle];
        for (int i = 0; i < values.Length; i++)
        {
            var finite = rewards.AsSpan(i * perParticle, perParticle).ToArray().Where(double.IsFinite).ToArray();
            if (finite.Length == 0) { values[i] = double.NaN; continue; }
            if (lambda == 0) { values[i] = finite.Average(); continue; }
            var max = finite.Max(r => lambda * r);
            values[i] = (max + Math.Log(finite.Average(r => Math.Exp(lambda * r - max)))) / lambda;
        }
        return values;
    }

    /// <summary>
    /// Scores <paramref name="x0"/> ([N * perParticle, ...], particle-major) with the job's reward, each row
    /// labelled like its particle, and combines each particle's rewards by <see cref="LogMeanExp"/>.
    /// </summary>
    public static async ValueTask<double[]> ScoreAsync(SteeringContext context, Tensor x0, long[]? labels, int perParticle, double lambda)
    {
        var repeated = labels is null || perParticle == 1 ? labels : labels.SelectMany(l => Enumerable.Repeat(l, perParticle)).ToArray();
        var rewards = await context.ScoreAsync(SampleBatch.FromTensor(x0, repeated)).ConfigureAwait(false);
        return LogMeanExp(rewards, perParticle, lambda);
    }
}
