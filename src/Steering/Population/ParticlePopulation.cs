using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Population;

/// <summary>
/// The particles of a job (or of one shard of it): a batched state tensor [N, ...] and, per
/// particle, a log-weight (double: float prefix sums bias large populations), a group id
/// (resampling never mixes groups), a class label for conditional models, the slot of its
/// parent at the last selection, the id of the starting particle it descends from, and named
/// auxiliary columns (previous reward, product of potentials, ...) that travel with it.
/// </summary>
public sealed class ParticlePopulation : IDisposable
{
    readonly Dictionary<string, double[]> columns;

    /// <summary>Fresh particles with zero log-weights; <paramref name="firstSlot"/> is the global slot of row 0 (a shard holds firstSlot, firstSlot + 1, ...).</summary>
    public ParticlePopulation(Tensor state, int[] groupIds, Tensor? labels = null, long firstSlot = 0)
        : this(state, new double[groupIds.Length], groupIds, labels, Identity(groupIds.Length),
               Identity(groupIds.Length).Select(i => firstSlot + i).ToArray(), new Dictionary<string, double[]>(), firstSlot,
               Identity(groupIds.Length).Select(i => firstSlot + i).ToArray())
    {
    }

    ParticlePopulation(Tensor state, double[] logWeights, int[] groupIds, Tensor? labels, int[] ancestors, long[] origins, Dictionary<string, double[]> columns, long firstSlot, long[] keys)
    {
        if (state.shape[0] != groupIds.Length)
            throw new ArgumentException($"state has {state.shape[0]} rows but {groupIds.Length} group ids are given");
        if (labels is not null && labels.shape[0] != groupIds.Length)
            throw new ArgumentException($"state has {state.shape[0]} rows but {labels.shape[0]} labels are given");
        State = state;
        LogWeights = logWeights;
        GroupIds = groupIds;
        Labels = labels;
        Ancestors = ancestors;
        Origins = origins;
        FirstSlot = firstSlot;
        Keys = keys;
        this.columns = columns;
    }

    /// <summary>
    /// The global slot of row 0. Random streams are keyed by global slot (row i draws as slot FirstSlot + i), so a
    /// particle's noise does not depend on which shard holds it; a whole population has FirstSlot 0.
    /// </summary>
    public long FirstSlot { get; }

    /// <summary>
    /// Each particle's random-stream key: its global slot at the start, and for a copy made by resampling a key
    /// derived from its parent's key, the step and the copy's number (<see cref="Random.StreamKeys.Copy"/>). Noise
    /// is drawn by key, so a particle's future does not depend on the slot, shard or silo it lands in.
    /// </summary>
    public long[] Keys { get; }

    /// <summary>The particles' states, [N, ...].</summary>
    public Tensor State { get; private set; }

    /// <summary>Unnormalised log-weights; normalise per group with <see cref="Resampling.LogWeights"/>.</summary>
    public double[] LogWeights { get; }

    /// <summary>Group of each particle (a prompt or class); selection acts within groups only.</summary>
    public int[] GroupIds { get; }

    /// <summary>Class labels for conditional models, [N] int64, or null.</summary>
    public Tensor? Labels { get; }

    /// <summary>For each particle, the slot of its parent in the population it was selected from.</summary>
    public int[] Ancestors { get; }

    /// <summary>For each particle, the starting particle it descends from.</summary>
    public long[] Origins { get; }

    public int Count => GroupIds.Length;

    /// <summary>Names of the auxiliary columns present.</summary>
    public IEnumerable<string> ColumnNames => columns.Keys;

    /// <summary>The auxiliary column <paramref name="name"/>, created filled with <paramref name="initial"/> if absent.</summary>
    public double[] Column(string name, double initial = 0)
    {
        if (!columns.TryGetValue(name, out var column))
        {
            column = new double[Count];
            Array.Fill(column, initial);
            columns[name] = column;
        }
        return column;
    }

    /// <summary>The auxiliary column <paramref name="name"/> if present.</summary>
    public double[]? TryColumn(string name) => columns.GetValueOrDefault(name);

    /// <summary>Replaces the states (same number of rows), disposing the old tensor.</summary>
    public void ReplaceState(Tensor next)
    {
        if (next.shape[0] != Count) throw new ArgumentException($"new state has {next.shape[0]} rows, population {Count}");
        if (ReferenceEquals(next, State)) return;
        State.Dispose();
        State = next;
    }

    /// <summary>
    /// A new population whose particle i is a copy of particle rows[i] of this one, with its
    /// weight, group, label, origin and columns. Its ancestors are <paramref name="rows"/>.
    /// Used both to expand parents into children and to select survivors. The new population owns
    /// its tensors even when gathered inside a DisposeScope (proposals gather inside theirs).
    /// </summary>
    public ParticlePopulation Gather(int[] rows)
    {
        using var index = torch.tensor(rows.Select(r => (long)r).ToArray(), ScalarType.Int64);
        var state = State.index_select(0, index).DetachFromDisposeScope();
        var labels = Labels?.index_select(0, index).DetachFromDisposeScope();
        var gathered = columns.ToDictionary(c => c.Key, c => Pick(c.Value, rows));
        return new ParticlePopulation(state, Pick(LogWeights, rows), Pick(GroupIds, rows), labels, (int[])rows.Clone(), Pick(Origins, rows), gathered, FirstSlot, Pick(Keys, rows));
    }

    /// <summary>
    /// The particles of <paramref name="parts"/> one after another, as the population starting at global slot
    /// <paramref name="firstSlot"/> (shards joined, or pieces received from other shards). Ancestors are kept as
    /// they were; every part must carry the same columns. The parts are not disposed.
    /// </summary>
    public static ParticlePopulation Concat(IReadOnlyList<ParticlePopulation> parts, long firstSlot)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to join", nameof(parts));
        var names = parts[0].columns.Keys.Order().ToArray();
        if (parts.Any(p => !p.columns.Keys.Order().SequenceEqual(names)))
            throw new ArgumentException("the parts carry different columns");
        if (parts.Any(p => (p.Labels is null) != (parts[0].Labels is null)))
            throw new ArgumentException("some parts have labels and some do not");
        var state = torch.cat(parts.Select(p => p.State).ToArray(), 0).DetachFromDisposeScope();
        var labels = parts[0].Labels is null ? null : torch.cat(parts.Select(p => p.Labels!).ToArray(), 0).DetachFromDisposeScope();
        var joined = names.ToDictionary(n => n, n => parts.SelectMany(p => p.columns[n]).ToArray());
        return new ParticlePopulation(state, parts.SelectMany(p => p.LogWeights).ToArray(), parts.SelectMany(p => p.GroupIds).ToArray(), labels,
            parts.SelectMany(p => p.Ancestors).ToArray(), parts.SelectMany(p => p.Origins).ToArray(), joined, firstSlot, parts.SelectMany(p => p.Keys).ToArray());
    }

    /// <summary>These particles as plain data (state bytes, weights, groups, labels, ancestry, columns).</summary>
    public ParticlePayload ToPayload()
    {
        ParticlePayload.Describe(State.dtype);
        long[]? labels = null;
        if (Labels is not null)
        {
            using var cpu = Labels.contiguous().cpu();
            labels = cpu.data<long>().ToArray();
        }
        return new ParticlePayload(FirstSlot, State.shape, ParticlePayload.Describe(State.dtype).Name, ParticlePayload.BytesOf(State),
            (double[])LogWeights.Clone(), (int[])GroupIds.Clone(), labels, (int[])Ancestors.Clone(), (long[])Origins.Clone(),
            columns.ToDictionary(c => c.Key, c => (double[])c.Value.Clone()), (long[])Keys.Clone());
    }

    /// <summary>The particles a payload holds; fields of the wrong length are an error naming the field.</summary>
    public static ParticlePopulation FromPayload(ParticlePayload payload)
    {
        var n = payload.Count;
        if (payload.Shape.Length == 0 || payload.Shape[0] != n) throw new InvalidDataException($"the state has shape [{string.Join(", ", payload.Shape)}] for {n} particles");
        void Check(string field, int length) { if (length != n) throw new InvalidDataException($"{field} has {length} entries for {n} particles"); }
        Check("logWeights", payload.LogWeights.Length);
        Check("ancestors", payload.Ancestors.Length);
        Check("origins", payload.Origins.Length);
        Check("keys", payload.Keys.Length);
        if (payload.Labels is { } l) Check("labels", l.Length);
        foreach (var (name, column) in payload.Columns) Check($"column {name}", column.Length);
        var state = payload.StateTensor();
        var labels = payload.Labels is null ? null : torch.tensor(payload.Labels);
        return new ParticlePopulation(state, (double[])payload.LogWeights.Clone(), (int[])payload.GroupIds.Clone(), labels, (int[])payload.Ancestors.Clone(),
            (long[])payload.Origins.Clone(), payload.Columns.ToDictionary(c => c.Key, c => (double[])c.Value.Clone()), payload.FirstSlot, (long[])payload.Keys.Clone());
    }

    public void Dispose()
    {
        State.Dispose();
        Labels?.Dispose();
    }

    static T[] Pick<T>(T[] source, int[] rows)
    {
        var result = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++) result[i] = source[rows[i]];
        return result;
    }

    static int[] Identity(int n) => Enumerable.Range(0, n).ToArray();
}
