using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Methods;

/// <summary>What one resampling moved between shards, against the naive plan (every particle to the job and back).</summary>
public sealed record TransferRecord(int Step, int RowsMoved, long BytesMoved, long NaiveBytes)
{
    /// <summary>What the naive plan moves: every particle to the job and back.</summary>
    public static long NaivePlanBytes(int particles, long rowBytes) => 2L * particles * rowBytes;
}

/// <summary>
/// The sampling loop of <see cref="SteeringLoop"/> over a population cut into shards of contiguous global slots,
/// as the cluster runs it: every shard proposes and weighs its own particles, only log-weights and groups meet
/// to make one global resampling plan, and only the particles that the plan sends to another shard move.
/// Randomness is keyed by particle (see ParticlePopulation.Keys), so the samples do not depend on the number of
/// shards: only the slots they end in do.
/// Methods whose selection acts inside each particle's own children (SVDD) or that search over noises are not
/// sharded yet.
/// </summary>
public static class ShardedLoop
{
    public static async Task<(SteeringResult Result, IReadOnlyList<TransferRecord> Transfers)> RunAsync(
        SteeringMethod method, SteeringContext context, int shardCount, IProgress<StepRecord>? progress = null)
    {
        if (!CanShard(method)) throw new NotSupportedException($"{method.Name} does not run as shards (its selection acts inside each particle's children, or it searches over noises)");
        var init = (IShardInitializer)method.Init;
        if (shardCount < 1 || shardCount > init.Particles) throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, $"1 to {init.Particles} shards");
        var shards = ShardBounds.Even(init.Particles, shardCount);
        var runners = shards.Counts.Select((count, s) => new ShardRunner(method, context, shards.Starts[s], count)).ToList();
        var grid = method.Times;
        var trace = new List<StepRecord>(grid.Steps);
        var transfers = new List<TransferRecord>();
        try
        {
            for (int k = 0; k < grid.Steps; k++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var step = new StepInfo(k, grid.Steps, grid[k], grid[k + 1]);
                var steps = new List<ShardStep>(runners.Count);
                foreach (var runner in runners) steps.Add(await runner.StepAsync(step).ConfigureAwait(false));
                var (resampled, ess) = Select(method.Select, runners, steps, shards, step, context, transfers);
                var report = Merge(steps);
                var record = new StepRecord(k, step.T, ess, report.MeanReward, report.MaxReward, resampled, report.NonFiniteRewards);
                trace.Add(record);
                progress?.Report(record);
            }
            using var whole = ParticlePopulation.Concat(runners.Select(r => r.Particles).ToList(), 0);
            return (method.Finalize.Finish(whole, context, trace), transfers);
        }
        finally
        {
            foreach (var runner in runners) runner.Dispose();
        }
    }

    /// <summary>
    /// One plan from every shard's weights, groups and keys; every shard sends what others need, then each rebuilds
    /// itself. Shards in one process (this loop), or a cluster job's only shard, which holds the whole population.
    /// </summary>
    public static (bool Resampled, double Ess) Select(ISelection selection, List<ShardRunner> runners, List<ShardStep> steps, ShardBounds shards,
        StepInfo step, SteeringContext context, List<TransferRecord>? transfers = null)
    {
        var logWeights = steps.SelectMany(s => s.LogWeights).ToArray();
        var (plan, ess) = Judge(selection, logWeights, steps.SelectMany(s => s.GroupIds).ToArray(), steps.SelectMany(s => s.Keys).ToArray(), step, context, shards);
        if (plan is null) return (false, ess);

        var routes = ShardRoute.From(plan, shards);
        // Every payload is made before any shard rebuilds: a shard's old particles are what the others copy from.
        var received = routes.Select(route => route.Pieces.Where(p => p.SourceShard != route.Shard).Select(p => runners[p.SourceShard].Send(p.Rows)).ToList()).ToList();
        for (int s = 0; s < runners.Count; s++) runners[s].Resample(routes[s], received[s]);
        transfers?.Add(new TransferRecord(step.Index, routes.Sum(r => r.RowsReceived), received.Sum(r => r.Sum(p => p.ApproximateBytes)), TransferRecord.NaivePlanBytes(logWeights.Length, RowBytes(runners[0].Particles))));
        return (true, ess);
    }

    /// <summary>
    /// The selection's verdict on the whole population at <paramref name="step"/>, from the shards' scalars alone: the
    /// resampling plan (null when nothing is resampled) and the ESS judged. Methods that never select only report the ESS.
    /// </summary>
    public static (ResamplingPlan? Plan, double Ess) Judge(ISelection selection, double[] logWeights, int[] groups, long[] keys, StepInfo step,
        SteeringContext context, ShardBounds shards)
    {
        if (selection is not ResamplingSelection resampling)
        {
            var ess = new GroupIndex(groups).Groups.Sum(g => LogWeights.EffectiveSampleSize(ResamplingSelection.GroupWeights(logWeights, g.Group, g.Slots, step)));
            return (null, ess);
        }
        var plan = resampling.Plan(logWeights, groups, keys, step, context, shards);
        return (plan.Resampled ? plan : null, plan.EffectiveSampleSize);
    }

    /// <summary>Whether a method can run as shards: its initializer makes shards and its selection is a global resampling plan (or none).</summary>
    public static bool CanShard(SteeringMethod method) => method.Init is IShardInitializer && method.Select is ResamplingSelection or NoSelection;

    /// <summary>Bytes one particle takes in a payload (as <see cref="ParticlePayload.ApproximateBytes"/> counts them), for the naive plan.</summary>
    public static long RowBytes(ParticlePopulation population)
    {
        var state = population.State.shape.Skip(1).Aggregate(1L, (a, b) => a * b) * population.State.element_size();
        return state + sizeof(double) + 2 * sizeof(int) + sizeof(long) + (population.Labels is null ? 0 : sizeof(long)) + population.ColumnNames.Count() * sizeof(double);
    }

    /// <summary>The shards' reports as one: rewards averaged over the finite ones of every shard.</summary>
    public static PotentialReport Merge(IReadOnlyList<ShardStep> steps)
    {
        var reports = steps.Select(s => (s.Report, Count: s.LogWeights.Length)).ToList();
        var scored = reports.Where(r => r.Report.MeanReward is not null).ToList();
        var nonFinite = reports.Sum(r => r.Report.NonFiniteRewards);
        if (scored.Count == 0) return new PotentialReport(null, null, nonFinite);
        var finite = scored.Sum(r => r.Count - r.Report.NonFiniteRewards);
        var mean = scored.Sum(r => r.Report.MeanReward!.Value * (r.Count - r.Report.NonFiniteRewards)) / finite;
        return new PotentialReport(mean, scored.Max(r => r.Report.MaxReward), nonFinite);
    }
}
