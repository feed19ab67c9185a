using System.Text;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Steering.Methods;

namespace Orchestrator.Client;

/// <summary>
/// The progress of a job's steps, for every command that runs or follows one (embedded, on local silos, on a cluster):
/// "step 7/20  ESS 201.3  mean reward 0.8123  best 2.4410  NFE 1,792  resampled 2x  elapsed 0.4 s  ETA 0.7 s". Reward
/// is the latest step that evaluated one (mean and best of its particles); NFE (denoiser rows so far) when the source
/// knows it (cluster jobs); resampled counts the steps that resampled so far.
/// </summary>
sealed class JobProgress(int steps, string? label = null) : IDisposable
{
    readonly ProgressDisplay display = new(steps, "step", label);
    double? meanReward;
    double? bestReward;
    int resamplings;

    /// <summary>An embedded run's step records, reported in order on the engine's thread.</summary>
    public IProgress<StepRecord> Embedded => new SynchronousProgress<StepRecord>(r => Step(r.Step, r.EffectiveSampleSize, r.MeanReward, r.MaxReward, r.Resampled, nfe: null));

    /// <summary>A cluster job's step.</summary>
    public void Step(StepProgress step) => Step(step.Step, step.Ess, step.MeanReward, step.MaxReward, step.Resampled, step.Nfe);

    /// <summary>Step <paramref name="step"/> (from 0) is done.</summary>
    public void Step(int step, double ess, double? mean, double? best, bool resampled, long? nfe)
    {
        if (mean is not null)
        {
            meanReward = mean;
            bestReward = best;
        }
        if (resampled) resamplings++;
        var text = new StringBuilder($"ESS {ess:F1}");
        if (meanReward is { } m) text.Append($"  mean reward {m:F4}");
        if (bestReward is { } b) text.Append($"  best {b:F4}");
        if (nfe is { } n) text.Append($"  NFE {n:N0}");
        if (resamplings > 0) text.Append($"  resampled {resamplings}x");
        display.Report(step + 1, text.ToString());
    }

    public void Dispose() => display.Dispose();
}

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
