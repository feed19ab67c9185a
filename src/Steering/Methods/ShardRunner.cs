using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Methods;

/// <summary>What a shard reports after a step: all the job needs to decide selection (no states).</summary>
public sealed record ShardStep(double[] LogWeights, int[] GroupIds, long[] Keys, PotentialReport Report);

/// <summary>
/// One shard's particles (global slots [First, First + Count)) and the calls a shard makes on them: step (propose and
/// weigh), send copies of some rows to another shard, and rebuild itself after a resampling from its own rows and
/// the payloads it received. <see cref="ShardedLoop"/> drives runners in one process; shard grains drive one each.
/// </summary>
public sealed class ShardRunner : IDisposable
{
    readonly SteeringMethod method;
    readonly SteeringContext context;
    ParticlePopulation particles;

    public ShardRunner(SteeringMethod method, SteeringContext context, long first, int count)
    {
        if (method.Init is not IShardInitializer init) throw new NotSupportedException($"{method.Name}'s initializer cannot make shards");
        this.method = method;
        this.context = context;
        particles = init.Initialise(context, first, count);
    }

    /// <summary>A shard restored from a checkpoint: <paramref name="restored"/> is owned by the runner from now on.</summary>
    public ShardRunner(SteeringMethod method, SteeringContext context, ParticlePopulation restored)
    {
        this.method = method;
        this.context = context;
        particles = restored;
    }

    public long First => particles.FirstSlot;

    public int Count => particles.Count;

    /// <summary>The shard's particles now (for the final answer, or a checkpoint via ToPayload).</summary>
    public ParticlePopulation Particles => particles;

    /// <summary>
    /// Proposes children for every particle and applies the potential; returns the weights, groups and keys. A shard
    /// grain passes a context per call (its cancellation and counters); randomness is keyed, so any context of the
    /// same seed draws the same numbers.
    /// </summary>
    public async Task<ShardStep> StepAsync(StepInfo step, SteeringContext? callContext = null)
    {
        var context = callContext ?? this.context;
        using var proposal = method.Propose.Propose(particles, step, context);
        particles.Dispose();
        particles = proposal.Children;
        var report = await method.Potential.ApplyAsync(proposal, step, context).ConfigureAwait(false);
        return new ShardStep((double[])particles.LogWeights.Clone(), (int[])particles.GroupIds.Clone(), (long[])particles.Keys.Clone(), report);
    }

    /// <summary>
    /// The most bytes one payload may hold: well below Orleans' default message limit (100 MiB), because an oversized
    /// message is not refused there but hangs until the call times out.
    /// </summary>
    public const long MaxPayloadBytes = 64L << 20;

    /// <summary>Copies of the given local rows, as a payload for another shard; a payload over <paramref name="maxBytes"/> is refused with the numbers.</summary>
    public ParticlePayload Send(int[] rows, long maxBytes = MaxPayloadBytes)
    {
        using var copies = particles.Gather(rows);
        var payload = copies.ToPayload();
        if (payload.ApproximateBytes > maxBytes)
            throw new PayloadTooLargeException(
                $"shard at slot {First} would send {rows.Length} particles as {payload.ApproximateBytes:N0} bytes, over the {maxBytes:N0}-byte limit of one message; use more, smaller shards");
        return payload;
    }

    /// <summary>
    /// Refills the shard as <paramref name="route"/> says: its own pieces gathered from its current particles, the others
    /// from <paramref name="received"/> (one payload per remote piece, in route order). Call only after every shard has
    /// sent what others need from it.
    /// </summary>
    public void Resample(ShardRoute route, IReadOnlyList<ParticlePayload> received)
    {
        if (received.Count != route.Pieces.Count(p => p.SourceShard != route.Shard))
            throw new ArgumentException($"shard {route.Shard} expected {route.Pieces.Count(p => p.SourceShard != route.Shard)} payloads, got {received.Count}");
        var pieces = new List<ParticlePopulation>(route.Pieces.Count);
        try
        {
            var next = 0;
            foreach (var piece in route.Pieces)
                pieces.Add(piece.SourceShard == route.Shard ? particles.Gather(piece.Rows) : ParticlePopulation.FromPayload(received[next++]));
            using var joined = ParticlePopulation.Concat(pieces, First);
            var result = joined.Gather(route.Order);
            for (int i = 0; i < result.Count; i++)
            {
                result.Ancestors[i] = route.Parents[i];
                result.Keys[i] = route.Keys[i];
                if (route.Restart[i]) result.LogWeights[i] = 0;
            }
            particles.Dispose();
            particles = result;
        }
        finally
        {
            foreach (var piece in pieces) piece.Dispose();
        }
    }

    public void Dispose() => particles.Dispose();
}

/// <summary>
/// How shard <see cref="Shard"/> is refilled after a resampling: pieces (the rows it needs from each source shard, in
/// order; its own rows are a piece too), the order that puts the joined pieces into slot order, and for every slot its
/// global parent, its new stream key and whether it restarts at weight 1.
/// </summary>
public sealed record ShardRoute(int Shard, IReadOnlyList<(int SourceShard, int[] Rows)> Pieces, int[] Order, int[] Parents, long[] Keys, bool[] Restart)
{
    /// <summary>The rows that come from other shards.</summary>
    public int RowsReceived => Pieces.Where(p => p.SourceShard != Shard).Sum(p => p.Rows.Length);

    /// <summary>One route per shard from a global plan over the shards of <paramref name="shards"/>.</summary>
    public static ShardRoute[] From(ResamplingPlan plan, ShardBounds shards)
    {
        var restart = new bool[plan.Parents.Length];
        foreach (var slots in plan.ResampledGroups) foreach (var slot in slots) restart[slot] = true;
        var routes = new ShardRoute[shards.Shards];
        for (int s = 0; s < shards.Shards; s++)
        {
            var first = shards.Starts[s];
            var parents = plan.Parents.AsSpan(first, shards.Counts[s]).ToArray();
            var pieces = new List<(int, int[])>();
            var order = new int[parents.Length];
            var offset = 0;
            foreach (var source in parents.Select((p, i) => (Parent: p, Slot: i)).GroupBy(x => shards.ShardOf(x.Parent)).OrderBy(g => g.Key))
            {
                var rows = source.Select(x => x.Parent - shards.Starts[source.Key]).ToArray();
                pieces.Add((source.Key, rows));
                var j = 0;
                foreach (var x in source) order[x.Slot] = offset + j++;
                offset += rows.Length;
            }
            routes[s] = new ShardRoute(s, pieces, order, parents, plan.Keys.AsSpan(first, shards.Counts[s]).ToArray(), restart.AsSpan(first, shards.Counts[s]).ToArray());
        }
        return routes;
    }
}

/// <summary>A payload larger than one message may carry; the message says how large and what the limit is.</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);
