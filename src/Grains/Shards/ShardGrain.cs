using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Specs;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Placement;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Runtime;
using Orchestrator.Steering.Schedules;
using Orleans.Placement;

namespace Orchestrator.Grains.Shards;

/// <summary>
/// A slice of one job's particles on a worker silo. The job grain drives it (open, advance, stage/commit a resampling,
/// checkpoint, collect); it never decides anything about the job itself. Heavy work runs on the thread pool so the
/// silo stays responsive; a failure that must end the job (a verifier, a payload too large) is returned, not thrown,
/// so that anything thrown means "this shard is gone" and the job recovers from its checkpoint.
/// </summary>
[WorkerPlacement, Immovable]
public sealed class ShardGrain(
    [PersistentState("checkpoint", ClusterSetup.Storage)] IPersistentState<ShardCheckpoint> checkpoint,
    ILocalSiloDetails silo,
    IOptions<SteerClusterOptions> options) : Grain, IShardGrain
{
    ShardOpen? open;
    BuiltJob? job;
    ShardRunner? runner;
    TimeGrid? grid;
    int nextStep;
    ComputeUsed used = ComputeUsed.None;
    ShardRoute? stagedRoute;
    List<ParticlePayload>? staged;
    WholeRun? whole;

    public async Task<string> Open(ShardOpen request, int checkpointStep)
    {
        Drop();
        TorchRuntime.Initialise();
        open = request;
        job = await Task.Run(() => BuildJob(request));   // model loading, off the grain's scheduler
        var method = job.Method ?? throw new InvalidOperationException($"job {request.JobId}: {job.MethodName} does not run as shards");
        grid = method.Times;
        var context = new SteeringContext(new RandomStreams(job.Seed), job.Reward);
        if (checkpointStep < 0)
        {
            runner = new ShardRunner(method, context, request.First, request.Count);
            used = ComputeUsed.None;
        }
        else
        {
            await checkpoint.ReadStateAsync();
            var entry = checkpoint.State.At(checkpointStep)
                ?? throw new ShardStateLostException($"shard {this.GetPrimaryKeyString()} has no checkpoint of step {checkpointStep} (it has {Describe(checkpoint.State)})", checkpointMissing: true);
            runner = new ShardRunner(method, context, ParticlePopulation.FromPayload(PayloadCodec.Decode(entry.Payload)));
            used = entry.Used;
        }
        nextStep = checkpointStep + 1;
        Telemetry.ClusterMetrics.Particles.Add(runner.Count);
        return silo.SiloAddress.ToParsableString();
    }

    public async Task<ShardAdvance> Advance(int from, int until, bool judge, CancellationToken cancellation)
    {
        var shard = Runner();
        if (from != nextStep) throw new ShardStateLostException($"shard {this.GetPrimaryKeyString()} is at step {nextStep}, asked to run from {from}");
        var context = new SteeringContext(new RandomStreams(job!.Seed), job.Reward, cancellation);
        var selection = job.Method!.Select;
        using var span = Telemetry.ClusterTracing.StartShardSteps(this.GetPrimaryKeyString(), shard.Count, from, until);
        var steps = new List<ShardStepScalars>();
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (int k = from; k <= until; k++)
            {
                var step = new StepInfo(k, grid!.Steps, grid[k], grid[k + 1]);
                var (result, ess, resampled) = await Task.Run(async () =>
                {
                    var stepped = await shard.StepAsync(step, context);
                    if (!judge) return (stepped, (double?)null, false);
                    // The whole population is here: the engine's own selection across shards, with one shard (keyed uniforms of the job's seed).
                    var (resampled, judged) = ShardedLoop.Select(selection, [shard], [stepped], new ShardBounds([shard.Count]), step, context);
                    return (stepped, (double?)judged, resampled);
                }, cancellation);
                nextStep = k + 1;
                Telemetry.ClusterMetrics.ParticleSteps.Add(shard.Count);
                steps.Add(new ShardStepScalars(k, result.LogWeights, result.GroupIds, result.Keys, result.Report.MeanReward, result.Report.MaxReward,
                    result.Report.NonFiniteRewards, used.Denoiser + context.Nfe.DenoiserCalls, ess, resampled));
                if (Stopwatch.GetElapsedTime(start) > options.Value.ShardTimeSlice) break;
            }
            span?.SetTag("steer.steps_run", steps.Count);
        }
        catch (Exception e) when (e is RewardException or PayloadTooLargeException)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            return new ShardAdvance([.. steps], Add(context), 0, e.Message);
        }
        return new ShardAdvance([.. steps], Add(context), ShardedLoop.RowBytes(shard.Particles), null);
    }

    public Task<byte[]> Send(int[] rows)
    {
        var shard = Runner();
        try
        {
            return Task.FromResult(PayloadCodec.Encode(shard.Send(rows)));
        }
        catch (PayloadTooLargeException e)
        {
            throw new Jobs.JobFailedException(e.Message);   // no retry helps: the job must use more, smaller shards
        }
    }

    public async Task<long> Stage(ShardRouteMessage route)
    {
        Runner();
        var pieces = route.Pieces.Select(p => (p.SourceShard, p.Rows)).ToList();
        var received = new List<ParticlePayload>();
        long bytes = 0;
        foreach (var piece in pieces.Where(p => p.SourceShard != route.Shard))
        {
            var payload = await GrainFactory.GetGrain<IShardGrain>(ShardKey(open!.JobId, piece.SourceShard)).Send(piece.Rows);
            bytes += payload.LongLength;
            received.Add(PayloadCodec.Decode(payload));
        }
        stagedRoute = new ShardRoute(route.Shard, pieces, route.Order, route.Parents, route.Keys, route.Restart);
        staged = received;
        return bytes;
    }

    public async Task Commit()
    {
        var shard = Runner();
        var (route, received) = (stagedRoute ?? throw new ShardStateLostException($"shard {this.GetPrimaryKeyString()} has nothing staged to commit"), staged!);
        await Task.Run(() => shard.Resample(route, received));
        stagedRoute = null;
        staged = null;
    }

    public async Task Checkpoint(int step)
    {
        var shard = Runner();
        if (step != nextStep - 1) throw new ShardStateLostException($"shard {this.GetPrimaryKeyString()} is after step {nextStep - 1}, asked to checkpoint step {step}");
        var bytes = await Task.Run(() => PayloadCodec.Encode(shard.Particles.ToPayload()));
        // The same step again (a replay after a partial checkpoint) replaces it; a new step keeps the one before as well.
        if (checkpoint.State.Current?.Step != step) checkpoint.State.Previous = checkpoint.State.Current;
        checkpoint.State.Current = new CheckpointEntry(step, bytes, used);
        await checkpoint.WriteStateAsync();
    }

    public async Task Close()
    {
        whole?.Cancel();
        Drop();
        await checkpoint.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task StartWhole(ShardOpen request)
    {
        whole?.Cancel();   // a run started by an earlier activation of the job grain
        Drop();
        TorchRuntime.Initialise();
        open = request;
        whole = WholeRun.Start(request);
        // A running task is not activity: keep the activation until the run has ended.
        DelayDeactivation(TimeSpan.FromDays(1));
        return Task.CompletedTask;
    }

    public async Task<WholeRunProgress> WaitWhole(int fromStep, TimeSpan wait)
    {
        var run = whole ?? throw new ShardStateLostException($"shard {this.GetPrimaryKeyString()} is not running a job (its silo restarted?)");
        await run.WaitAsync(wait);
        var progress = run.Progress(fromStep);
        if (progress.Done) DelayDeactivation(TimeSpan.Zero);
        return progress;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        whole?.Cancel();
        Drop();
        return Task.CompletedTask;
    }

    /// <summary>The job's parts; a spec error becomes an ArgumentException, which (unlike the spec's own exception) crosses silos.</summary>
    static BuiltJob BuildJob(ShardOpen request)
    {
        try
        {
            return JobBuilder.Build(JobSpecJson.ParseValid(request.SpecJson));
        }
        catch (InvalidSpecException e)
        {
            throw new ArgumentException($"job {request.JobId}: {e.Message}");
        }
    }

    /// <summary>The grain key of shard <paramref name="index"/> of <paramref name="jobId"/>.</summary>
    public static string ShardKey(string jobId, int index) => $"{jobId}/{index}";

    ShardRunner Runner() => runner ?? throw new ShardStateLostException($"shard {this.GetPrimaryKeyString()} holds no particles (not opened, or its silo restarted)");

    ComputeUsed Add(SteeringContext context)
    {
        used = used.Plus(new ComputeUsed(context.Nfe.DenoiserCalls, context.Nfe.RewardCalls, context.Nfe.DenoiserPasses, context.Nfe.RewardPasses,
            context.Nfe.DenoiserTime.TotalSeconds, context.Nfe.RewardTime.TotalSeconds));
        return used;
    }

    void Drop()
    {
        if (runner is not null) Telemetry.ClusterMetrics.Particles.Add(-runner.Count);
        runner?.Dispose();
        runner = null;
        job?.Dispose();
        job = null;
        stagedRoute = null;
        staged = null;
    }

    static string Describe(ShardCheckpoint state) =>
        state.Current is null ? "none" : string.Join(" and ", new[] { state.Current, state.Previous }.OfType<CheckpointEntry>().Select(e => $"step {e.Step}"));
}
