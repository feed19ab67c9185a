using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Grains.Shards;
using Orchestrator.Jobs;
using Orchestrator.Steering.Accounting;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Schedules;
using Orleans.Runtime.Placement;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// Drives a sharded job from its last checkpoint to the end, on the job grain's scheduler: shards run up to the next
/// selection point on their own and return scalars; the job makes one global plan; shards stage the pieces they need
/// from each other and commit; at selection points (no more often than CheckpointEverySteps) every shard checkpoints
/// and then the job records the step. The final particles are gathered once, for the answer. Tensors never reach the
/// job except that final gather.
/// </summary>
sealed class ShardedRun(IGrainFactory grains, JobRecord record, BuiltJob job, string jobId, int checkpointEvery, Func<Task> persist, Action<int, string, string> note, Action stepped)
{
    readonly SteeringMethod method = job.Method!;
    readonly ShardBounds bounds = new(record.Shards.Select(s => s.Count).ToArray());
    readonly TimeGrid grid = job.Method!.Times;
    readonly ComputeUsed[] used = new ComputeUsed[record.Shards.Length];
    long rowBytes;

    IShardGrain Shard(int index) => grains.GetGrain<IShardGrain>(ShardGrain.ShardKey(jobId, index));

    /// <summary>Opens every shard at the last checkpoint (fresh from the seed when there is none), each where it was placed if that silo still lives.</summary>
    public async Task OpenAsync()
    {
        record.Trace.RemoveRange(record.CheckpointStep + 1, record.Trace.Count - record.CheckpointStep - 1);
        var opened = await Task.WhenAll(record.Shards.Select(async info =>
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, SiloAddress.FromParsableString(info.Worker));
            try
            {
                return await Shard(info.Index).Open(new ShardOpen(jobId, record.SpecJson!, info.Index, info.First, info.Count, bounds.Total), record.CheckpointStep);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
        }));
        for (int s = 0; s < opened.Length; s++)
        {
            if (opened[s] == record.Shards[s].Worker) continue;
            note(record.CheckpointStep, "shard-moved", $"shard {s} now runs on {opened[s]} (was {record.Shards[s].Worker})");
            record.Shards[s] = record.Shards[s] with { Worker = opened[s] };
        }
    }

    /// <summary>The compute of every shard, summed (known once the run has finished).</summary>
    public ComputeUsed Used => used.Aggregate(ComputeUsed.None, (a, b) => a.Plus(b ?? ComputeUsed.None));

    /// <summary>Runs from the step after the checkpoint to the last step; returns the result's JSON.</summary>
    public async Task<string> RunAsync(CancellationToken cancellation)
    {
        var context = new SteeringContext(new RandomStreams(job.Seed), new NoReward(), cancellation);
        var next = Enumerable.Repeat(record.CheckpointStep + 1, bounds.Shards).ToArray();
        // A job of one shard has its whole population there: the shard judges each step itself and runs on through
        // selection points, so the job waits only for checkpoints and time slices, not for a round trip per selection point.
        var judgedByShard = bounds.Shards == 1;
        for (int k = record.CheckpointStep + 1; k < grid.Steps;)
        {
            cancellation.ThrowIfCancellationRequested();
            var until = k;
            while (until < grid.Steps - 1 && !(judgedByShard ? CheckpointDue(until) : IsSelectionPoint(until))) until++;
            var scalars = await AdvanceAsync(next, until, judgedByShard ? RecordJudged : null, cancellation);
            if (!judgedByShard)
                for (int j = k; j <= until; j++) await JudgeAsync(j, scalars.Select(s => s[j]).ToArray(), context);
            if (CheckpointDue(until)) await CheckpointAsync(until);
            k = until + 1;
        }
        return await FinishAsync();
    }

    bool IsSelectionPoint(int step) => method.Select is ResamplingSelection resampling && resampling.Schedule.Contains(Step(step));

    /// <summary>Checkpoints are taken at selection points, at least CheckpointEverySteps after the last, never at the last step.</summary>
    bool CheckpointDue(int step) => IsSelectionPoint(step) && step < grid.Steps - 1 && step - record.CheckpointStep >= checkpointEvery;

    StepInfo Step(int k) => new(k, grid.Steps, grid[k], grid[k + 1]);

    /// <summary>
    /// Every shard runs to <paramref name="until"/> (in as many calls as their time slices need); their scalars by shard,
    /// then step. With <paramref name="judged"/> the only shard judges its steps itself, and each is recorded as it comes.
    /// </summary>
    async Task<Dictionary<int, ShardStepScalars>[]> AdvanceAsync(int[] next, int until, Action<ShardStepScalars>? judged, CancellationToken cancellation)
    {
        var scalars = Enumerable.Range(0, bounds.Shards).Select(_ => new Dictionary<int, ShardStepScalars>()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, bounds.Shards).Select(async s =>
        {
            while (next[s] <= until)
            {
                var advance = await Shard(s).Advance(next[s], until, judged is not null, cancellation);
                if (advance.Failure is { } failure) throw new JobFailedException($"shard {s}: {failure}");
                used[s] = advance.Used;
                rowBytes = advance.RowBytes;
                foreach (var step in advance.Steps)
                {
                    scalars[s][step.Step] = step;
                    judged?.Invoke(step);
                }
                next[s] = advance.Steps[^1].Step + 1;
            }
        }));
        return scalars;
    }

    /// <summary>One step's trace entry from the shards' scalars, and at a selection point the resampling across shards.</summary>
    async Task JudgeAsync(int k, ShardStepScalars[] shards, SteeringContext context)
    {
        var steps = shards.Select(s => new ShardStep(s.LogWeights, s.GroupIds, s.Keys, new PotentialReport(s.MeanReward, s.MaxReward, s.NonFiniteRewards))).ToList();
        var logWeights = steps.SelectMany(s => s.LogWeights).ToArray();
        ResamplingPlan? plan;
        double ess;
        try
        {
            (plan, ess) = ShardedLoop.Judge(method.Select, logWeights, steps.SelectMany(s => s.GroupIds).ToArray(), steps.SelectMany(s => s.Keys).ToArray(),
                Step(k), context, bounds);
        }
        catch (RewardException e)
        {
            throw new JobFailedException(e.Message);   // a replay would draw the same weights: not a lost shard
        }
        var report = ShardedLoop.Merge(steps);
        (int Rows, long Bytes)? moved = null;
        if (plan is not null)
        {
            using var span = Telemetry.ClusterTracing.StartResampling(k);
            var routes = ShardRoute.From(plan, bounds);
            // Two phases: every shard fetches what it needs from the others' current particles, then all rebuild.
            var received = await Task.WhenAll(routes.Select(r => Shard(r.Shard).Stage(Message(r))));
            await Task.WhenAll(routes.Select(r => Shard(r.Shard).Commit()));
            moved = (routes.Sum(r => r.RowsReceived), received.Sum());
            span?.SetTag("steer.rows_moved", moved.Value.Rows).SetTag("steer.bytes_moved", moved.Value.Bytes)
                .SetTag("steer.naive_bytes", TransferRecord.NaivePlanBytes(logWeights.Length, rowBytes));
        }
        Record(k, ess, report, shards.Sum(s => s.Denoiser), logWeights.Length, moved);
    }

    /// <summary>The trace entry of a step the job's only shard judged itself (nothing moved between shards).</summary>
    void RecordJudged(ShardStepScalars step) =>
        Record(step.Step, step.Ess!.Value, new PotentialReport(step.MeanReward, step.MaxReward, step.NonFiniteRewards), step.Denoiser,
            step.LogWeights.Length, step.Resampled ? (0, 0) : null);

    /// <summary>A step's trace entry and, when it resampled (<paramref name="moved"/>), the resampling's metrics beside the naive plan's bytes.</summary>
    void Record(int k, double ess, PotentialReport report, long denoiser, int particles, (int Rows, long Bytes)? moved)
    {
        long? naive = null;
        if (moved is { } m)
        {
            naive = TransferRecord.NaivePlanBytes(particles, rowBytes);
            Telemetry.ClusterMetrics.Resamplings.Add(1);
            Telemetry.ClusterMetrics.MovedBytes.Add(m.Bytes);
            Telemetry.ClusterMetrics.NaiveBytes.Add(naive.Value);
        }
        record.Trace.Add(new StepProgress(k, Step(k).T, ess, report.MeanReward, report.MaxReward, moved is not null, report.NonFiniteRewards,
            denoiser, moved?.Rows, moved?.Bytes, naive));
        stepped();
    }

    /// <summary>Work done here, on the job's side, whose failure a replay would repeat: it fails the job instead of counting as a lost shard.</summary>
    static T FailsTheJob<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e)
        {
            throw new JobFailedException($"making the job's answer failed: {e.Message}");
        }
    }

    static ShardRouteMessage Message(ShardRoute route) =>
        new(route.Shard, route.Pieces.Select(p => new RoutePiece(p.SourceShard, p.Rows)).ToArray(), route.Order, route.Parents, route.Keys, route.Restart);

    async Task CheckpointAsync(int step)
    {
        await Task.WhenAll(Enumerable.Range(0, bounds.Shards).Select(s => Shard(s).Checkpoint(step)));
        record.CheckpointStep = step;
        await persist();
    }

    /// <summary>Gathers the final particles once and lets the method's finalizer make the answer, with every shard's compute summed.</summary>
    async Task<string> FinishAsync()
    {
        // In slices that each fit one message, whatever the shard's size.
        var rowsPerPayload = (int)Math.Max(1, ShardRunner.MaxPayloadBytes / Math.Max(1, rowBytes) / 2);
        var payloads = await Task.WhenAll(Enumerable.Range(0, bounds.Shards).SelectMany(s => Enumerable.Range(0, (bounds.Counts[s] + rowsPerPayload - 1) / rowsPerPayload)
            .Select(slice => Shard(s).Send(Enumerable.Range(slice * rowsPerPayload, Math.Min(rowsPerPayload, bounds.Counts[s] - slice * rowsPerPayload)).ToArray()))));
        var total = Used;
        var trace = record.Trace.Select(p => new StepRecord(p.Step, p.T, p.Ess, p.MeanReward, p.MaxReward, p.Resampled, p.NonFiniteRewards)).ToList();
        var result = await Task.Run(() => FailsTheJob(() =>
        {
            var parts = payloads.Select(p => ParticlePopulation.FromPayload(PayloadCodec.Decode(p))).ToList();
            try
            {
                using var all = ParticlePopulation.Concat(parts, 0);
                var outcome = method.Finalize.Finish(all, new SteeringContext(new RandomStreams(job.Seed), job.Reward), trace) with
                {
                    Nfe = new NfeCount(total.Denoiser, total.Reward, total.DenoiserPasses, total.RewardPasses),
                    DenoiserTime = TimeSpan.FromSeconds(total.DenoiserSeconds),
                    RewardTime = TimeSpan.FromSeconds(total.RewardSeconds),
                };
                return ResultMapper.ToResult(job, outcome);
            }
            finally
            {
                foreach (var part in parts) part.Dispose();
            }
        }));
        result = result with
        {
            Trace = result.Trace.Zip(record.Trace, (entry, step) => entry with { RowsMoved = step.RowsMoved, BytesMoved = step.BytesMoved, NaiveBytes = step.NaiveBytes }).ToArray(),
            Cluster = new ClusterReport([.. record.Shards], [.. record.Events]),
        };
        return JobResultJson.Serialize(result);
    }
}
