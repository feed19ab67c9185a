using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Schedules;

namespace Orchestrator.Steering.Methods;

/// <summary>What one resampling moved between shards, against the naive plan (every particle to the job and back).</summary>
public sealed record TransferRecord(int Step, int RowsMoved, long BytesMoved, long NaiveBytes);

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
        if (method.Init is not IShardInitializer init) throw new NotSupportedException($"{method.Name}'s initializer cannot make shards");
        if (method.Select is not (ResamplingSelection or NoSelection)) throw new NotSupportedException($"{method.Name}'s selection is not sharded yet");
        if (shardCount < 1 || shardCount > init.Particles) throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, $"1 to {init.Particles} shards");
        var block = (init.Particles + shardCount - 1) / shardCount;
        var shards = Enumerable.Range(0, shardCount).Select(s => (First: s * block, Count: Math.Min(block, init.Particles - s * block)))
            .Where(r => r.Count > 0).Select(r => init.Initialise(context, r.First, r.Count)).ToList();
        var grid = method.Grid ?? new TimeGrid(method.Steps);
        var trace = new List<StepRecord>(grid.Steps);
        var transfers = new List<TransferRecord>();
        try
        {
            for (int k = 0; k < grid.Steps; k++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var step = new StepInfo(k, grid.Steps, grid[k], grid[k + 1]);
                var reports = new List<(PotentialReport Report, int Count)>();
                for (int s = 0; s < shards.Count; s++)
                {
                    using var proposal = method.Propose.Propose(shards[s], step, context);
                    shards[s].Dispose();
                    shards[s] = proposal.Children;
                    reports.Add((await method.Potential.ApplyAsync(proposal, step, context).ConfigureAwait(false), proposal.Children.Count));
                }
                var (resampled, ess) = Select(method.Select, shards, block, step, context, transfers);
                var report = Merge(reports);
                var record = new StepRecord(k, step.T, ess, report.MeanReward, report.MaxReward, resampled, report.NonFiniteRewards);
                trace.Add(record);
                progress?.Report(record);
            }
            using var whole = ParticlePopulation.Concat(shards, 0);
            return (method.Finalize.Finish(whole, context, trace), transfers);
        }
        finally
        {
            foreach (var shard in shards) shard.Dispose();
        }
    }

    /// <summary>One plan from every shard's log-weights; each shard then keeps its own offspring and receives the rest.</summary>
    static (bool Resampled, double Ess) Select(ISelection selection, List<ParticlePopulation> shards, int block, StepInfo step, SteeringContext context, List<TransferRecord> transfers)
    {
        var logWeights = shards.SelectMany(s => s.LogWeights).ToArray();
        var groups = shards.SelectMany(s => s.GroupIds).ToArray();
        if (selection is not ResamplingSelection resampling)
        {
            var ess = new GroupIndex(groups).Groups.Sum(g => LogWeights.EffectiveSampleSize(ResamplingSelection.GroupWeights(logWeights, g.Group, g.Slots, step)));
            return (false, ess);
        }
        var keys = shards.SelectMany(s => s.Keys).ToArray();
        var plan = resampling.Plan(logWeights, groups, keys, step, context, block);
        if (!plan.Resampled) return (false, plan.EffectiveSampleSize);

        var restart = new bool[logWeights.Length];
        foreach (var slots in plan.ResampledGroups) foreach (var slot in slots) restart[slot] = true;
        var rowBytes = RowBytes(shards[0]);
        var moved = 0;
        long bytes = 0;
        var next = new List<ParticlePopulation>(shards.Count);
        foreach (var shard in shards)
        {
            var first = (int)shard.FirstSlot;
            var parents = plan.Parents.AsSpan(first, shard.Count).ToArray();
            moved += parents.Count(p => p < first || p >= first + shard.Count);
            next.Add(Receive(shards, parents, block, first, ref bytes));
            for (int i = 0; i < shard.Count; i++)
            {
                next[^1].Keys[i] = plan.Keys[first + i];
                if (restart[first + i]) next[^1].LogWeights[i] = 0;
            }
        }
        for (int s = 0; s < shards.Count; s++)
        {
            shards[s].Dispose();
            shards[s] = next[s];
        }
        transfers.Add(new TransferRecord(step.Index, moved, bytes, 2L * logWeights.Length * rowBytes));
        return (true, plan.EffectiveSampleSize);
    }

    /// <summary>The shard starting at <paramref name="first"/> after resampling: its own survivors and copies, plus copies sent by other shards.</summary>
    static ParticlePopulation Receive(List<ParticlePopulation> shards, int[] parents, int block, int first, ref long bytes)
    {
        // One piece per source shard (its rows, in the order they are needed), then one local reorder into slot order.
        var pieces = new List<ParticlePopulation>();
        var order = new int[parents.Length];
        var offset = 0;
        foreach (var source in parents.Select((p, i) => (Parent: p, Slot: i)).GroupBy(x => x.Parent / block).OrderBy(g => g.Key))
        {
            var shard = shards[source.Key];
            var rows = source.Select(x => x.Parent - (int)shard.FirstSlot).ToArray();
            if (shard.FirstSlot == first) pieces.Add(shard.Gather(rows));
            else
            {
                // Another shard's copies arrive as a payload, as they would over the network.
                using var copies = shard.Gather(rows);
                var payload = copies.ToPayload();
                bytes += payload.ApproximateBytes;
                pieces.Add(ParticlePopulation.FromPayload(payload));
            }
            foreach (var (x, j) in source.Select((x, j) => (x, j))) order[x.Slot] = offset + j;
            offset += rows.Length;
        }
        try
        {
            using var joined = ParticlePopulation.Concat(pieces, first);
            var result = joined.Gather(order);
            for (int i = 0; i < parents.Length; i++) result.Ancestors[i] = parents[i];
            return result;
        }
        finally
        {
            foreach (var piece in pieces) piece.Dispose();
        }
    }

    /// <summary>Bytes one particle takes in a payload (as <see cref="ParticlePayload.ApproximateBytes"/> counts them), for the naive plan.</summary>
    static long RowBytes(ParticlePopulation population)
    {
        var state = population.State.shape.Skip(1).Aggregate(1L, (a, b) => a * b) * population.State.element_size();
        return state + sizeof(double) + 2 * sizeof(int) + sizeof(long) + (population.Labels is null ? 0 : sizeof(long)) + population.ColumnNames.Count() * sizeof(double);
    }

    /// <summary>The shards' reports as one: rewards averaged over the finite ones of every shard.</summary>
    static PotentialReport Merge(List<(PotentialReport Report, int Count)> reports)
    {
        var scored = reports.Where(r => r.Report.MeanReward is not null).ToList();
        var nonFinite = reports.Sum(r => r.Report.NonFiniteRewards);
        if (scored.Count == 0) return new PotentialReport(null, null, nonFinite);
        var finite = scored.Sum(r => r.Count - r.Report.NonFiniteRewards);
        var mean = scored.Sum(r => r.Report.MeanReward!.Value * (r.Count - r.Report.NonFiniteRewards)) / finite;
        return new PotentialReport(mean, scored.Max(r => r.Report.MaxReward), nonFinite);
    }
}
