using System.Diagnostics;

namespace Orchestrator.Steering.Accounting;

/// <summary>
/// Compute spent by a job: denoiser evaluations and reward evaluations, each counted per
/// particle row (a batched pass over N rows counts N, as the papers count NFE), plus the
/// number of batched passes and the time spent inside each.
/// </summary>
public sealed class NfeCounter
{
    long denoiserRows, denoiserPasses, rewardRows, rewardPasses, denoiserTicks, rewardTicks;

    public long DenoiserCalls => Interlocked.Read(ref denoiserRows);

    public long DenoiserPasses => Interlocked.Read(ref denoiserPasses);

    public long RewardCalls => Interlocked.Read(ref rewardRows);

    public long RewardPasses => Interlocked.Read(ref rewardPasses);

    public TimeSpan DenoiserTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref denoiserTicks));

    public TimeSpan RewardTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref rewardTicks));

    /// <summary>Records a denoiser pass over <paramref name="rows"/> rows that started at <paramref name="startTimestamp"/>.</summary>
    public void AddDenoiser(long rows, long startTimestamp)
    {
        Interlocked.Add(ref denoiserRows, rows);
        Interlocked.Increment(ref denoiserPasses);
        Interlocked.Add(ref denoiserTicks, Stopwatch.GetTimestamp() - startTimestamp);
    }

    /// <summary>Records a reward pass over <paramref name="rows"/> rows that started at <paramref name="startTimestamp"/>.</summary>
    public void AddReward(long rows, long startTimestamp)
    {
        Interlocked.Add(ref rewardRows, rows);
        Interlocked.Increment(ref rewardPasses);
        Interlocked.Add(ref rewardTicks, Stopwatch.GetTimestamp() - startTimestamp);
    }

    /// <summary>The counts as an immutable record.</summary>
    public NfeCount Snapshot() => new(DenoiserCalls, RewardCalls, DenoiserPasses, RewardPasses);
}

/// <summary>Denoiser and reward evaluations (rows) and the batched passes that made them.</summary>
public sealed record NfeCount(long Denoiser, long Reward, long DenoiserPasses, long RewardPasses);
