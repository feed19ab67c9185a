using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Schedules;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Support;

/// <summary>Wrappers that count, on the model's and the verifier's side, the rows they were asked for.</summary>
public sealed class CountingDenoiser(IDenoiser inner) : IDenoiser
{
    long rows, calls;

    public long Rows => Interlocked.Read(ref rows);

    public long Calls => Interlocked.Read(ref calls);

    public INoiseSchedule Schedule => inner.Schedule;

    public Parameterisation Parameterisation => inner.Parameterisation;

    public long[] SampleShape => inner.SampleShape;

    public Tensor Predict(DenoiserInput input)
    {
        Interlocked.Add(ref rows, input.X.shape[0]);
        Interlocked.Increment(ref calls);
        return inner.Predict(input);
    }
}

public sealed class CountingReward(IReward inner) : IReward
{
    long rows;

    public long Rows => Interlocked.Read(ref rows);

    public string Name => inner.Name;

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref rows, batch.Rows);
        return inner.ScoreAsync(batch, cancellationToken);
    }
}

public sealed class CountingMaskedDenoiser(IMaskedDenoiser inner) : IMaskedDenoiser
{
    long rows;

    public long Rows => Interlocked.Read(ref rows);

    public MaskingSchedule Schedule => inner.Schedule;

    public int Vocabulary => inner.Vocabulary;

    public long[] SampleShape => inner.SampleShape;

    public Tensor LogProbabilities(DenoiserInput input)
    {
        Interlocked.Add(ref rows, input.X.shape[0]);
        return inner.LogProbabilities(input);
    }
}
