using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Random;

namespace Orchestrator.Grains.Shards;

/// <summary>
/// A method that does not shard (SVDD picks among each particle's own children; searches rerun the loop), run whole
/// on one worker in the background: its trace as it goes, then its result.json text or the reason it failed.
/// Its randomness is keyed by the seed, so a rerun after a lost worker gives the same answer.
/// </summary>
sealed class WholeRun
{
    readonly CancellationTokenSource cancellation = new();
    readonly List<StepProgress> steps = [];
    readonly object gate = new();
    Task run = Task.CompletedTask;
    string? resultJson;
    string? failure;
    ComputeUsed used = ComputeUsed.None;

    public static WholeRun Start(ShardOpen open)
    {
        var whole = new WholeRun();
        whole.run = Task.Run(() => whole.RunAsync(open));
        return whole;
    }

    async Task RunAsync(ShardOpen open)
    {
        try
        {
            using var job = JobBuilder.Build(JobSpecJson.ParseValid(open.SpecJson));
            var context = new SteeringContext(new RandomStreams(job.Seed), job.Reward, cancellation.Token);
            var progress = new Recorder(record =>
            {
                lock (gate)
                    steps.Add(new StepProgress(record.Step, record.T, record.EffectiveSampleSize, record.MeanReward, record.MaxReward, record.Resampled,
                        record.NonFiniteRewards, context.Nfe.DenoiserCalls));
            });
            var outcome = await job.Run(context, progress);
            var json = JobResultJson.Serialize(ResultMapper.ToResult(job, outcome));
            lock (gate)
            {
                used = new ComputeUsed(outcome.Nfe.Denoiser, outcome.Nfe.Reward, outcome.Nfe.DenoiserPasses, outcome.Nfe.RewardPasses,
                    outcome.DenoiserTime.TotalSeconds, outcome.RewardTime.TotalSeconds);
                resultJson = json;
            }
        }
        catch (OperationCanceledException)
        {
            lock (gate) failure = "cancelled";
        }
        catch (Exception e)
        {
            lock (gate) failure = e.Message;
        }
    }

    public Task WaitAsync(TimeSpan wait) => Task.WhenAny(run, Task.Delay(wait));

    public WholeRunProgress Progress(int fromStep)
    {
        lock (gate)
            return new WholeRunProgress([.. steps.Skip(fromStep)], run.IsCompleted, resultJson, failure, used);
    }

    public void Cancel() => cancellation.Cancel();

    /// <summary>Calls back synchronously on the reporting thread (Progress&lt;T&gt; would post to a context and lose order).</summary>
    sealed class Recorder(Action<StepRecord> report) : IProgress<StepRecord>
    {
        public void Report(StepRecord value) => report(value);
    }
}
