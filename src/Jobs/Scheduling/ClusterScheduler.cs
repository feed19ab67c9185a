namespace Orchestrator.Jobs.Scheduling;

/// <summary>A worker and how many particles it can hold.</summary>
public sealed record WorkerCapacity(string Worker, int Particles);

/// <summary>A job waiting for room: who asked (fair share is per owner), its priority (higher first) and its particles.</summary>
public sealed record JobRequest(string Job, string Owner, int Priority, int Particles);

/// <summary>Where a job's shards go: (worker, particles) in slot order, the shards of one job holding contiguous slots.</summary>
public sealed record Placement(string Job, IReadOnlyList<(string Worker, int Particles)> Shards);

/// <summary>
/// The coordinator's bookkeeping, without Orleans: workers' free capacity, the queue of jobs that do not fit yet, and
/// the order jobs are admitted in. Higher priority first; within a priority the owner holding the fewest particles
/// goes first (weighted fair share with equal weights), then submission order. A job is spread over as many workers as
/// it has <c>minShardParticles</c> (so large jobs run in parallel; by default as few workers as its size allows),
/// largest free room first, in shards as even as the room allows; it waits, rather than fails, when the room is not
/// there now. A job larger than the whole cluster is refused at once with the numbers (while no worker is known yet,
/// it waits); one that no longer fits after workers left (or was restored after a restart) waits without blocking
/// the jobs behind it. Not thread-safe: a grain calls it one message at a time.
/// </summary>
public sealed class ClusterScheduler(int minShardParticles = int.MaxValue)
{
    readonly Dictionary<string, int> free = new();
    readonly Dictionary<string, int> capacity = new();
    readonly List<(JobRequest Request, long Order)> queue = [];
    readonly Dictionary<string, (JobRequest Request, Placement Placement)> running = new();
    long submitted;

    public ClusterScheduler(IEnumerable<WorkerCapacity> workers, int minShardParticles = int.MaxValue) : this(minShardParticles)
    {
        foreach (var worker in workers) AddWorker(worker);
    }

    /// <summary>Particles each known worker can hold.</summary>
    public IReadOnlyDictionary<string, int> Capacity => capacity;

    /// <summary>Jobs waiting, in the order they would be admitted.</summary>
    public IReadOnlyList<JobRequest> Queued => Ordered().Select(q => q.Request).ToList();

    /// <summary>Free particles per worker.</summary>
    public IReadOnlyDictionary<string, int> Free => free;

    public void AddWorker(WorkerCapacity worker)
    {
        if (worker.Particles < 1) throw new ArgumentException($"worker {worker.Worker} must hold at least one particle");
        if (!capacity.TryAdd(worker.Worker, worker.Particles)) throw new ArgumentException($"worker {worker.Worker} is already known");
        free[worker.Worker] = worker.Particles;
    }

    /// <summary>A worker left (or died): it takes no more shards. Jobs placed on it keep running elsewhere; their room there is forgotten.</summary>
    public void RemoveWorker(string worker)
    {
        capacity.Remove(worker);
        free.Remove(worker);
    }

    /// <summary>Where a running job's shards were placed; null for a job that is not running.</summary>
    public Placement? PlacementOf(string job) => running.TryGetValue(job, out var entry) ? entry.Placement : null;

    /// <summary>Places waiting jobs that fit now (after workers joined); returns their placements in admission order.</summary>
    public IReadOnlyList<Placement> AdmitWaiting() => Admit();

    /// <summary>
    /// Queues a job; returns the placements of every job that can start now (this one or others), in admission order.
    /// <paramref name="refuseOversize"/> false takes a job back after a restart even if the workers known so far cannot hold it.
    /// </summary>
    public IReadOnlyList<Placement> Submit(JobRequest request, bool refuseOversize = true)
    {
        if (request.Particles < 1) throw new ArgumentException($"job {request.Job} asks for {request.Particles} particles");
        var total = capacity.Values.Sum();
        if (refuseOversize && total > 0 && request.Particles > total)
            throw new ArgumentException($"job {request.Job} asks for {request.Particles} particles but the cluster holds {total} in all ({capacity.Count} workers)");
        if (running.ContainsKey(request.Job) || queue.Any(q => q.Request.Job == request.Job)) throw new ArgumentException($"job {request.Job} is already submitted");
        queue.Add((request, submitted++));
        return Admit();
    }

    /// <summary>A job ended (or was cancelled): its room is freed and waiting jobs that now fit are placed.</summary>
    public IReadOnlyList<Placement> Release(string job)
    {
        var queued = queue.FindIndex(q => q.Request.Job == job);
        if (queued >= 0)
        {
            queue.RemoveAt(queued);
            return Admit();   // it may have been the head of the queue, holding back jobs that fit
        }
        if (!running.Remove(job, out var entry)) throw new ArgumentException($"job {job} is neither running nor queued");
        foreach (var (worker, particles) in entry.Placement.Shards)
            if (free.ContainsKey(worker)) free[worker] += particles;
        return Admit();
    }

    /// <summary>
    /// Admits jobs in order while the next one fits; the next one that does not fit blocks the rest (no overtaking, so
    /// big jobs are not starved), unless it is larger than every worker together: it cannot start until the cluster grows.
    /// </summary>
    List<Placement> Admit()
    {
        var placed = new List<Placement>();
        var total = capacity.Values.Sum();
        foreach (var next in Ordered().ToList())
        {
            if (Place(next.Request) is not { } placement)
            {
                if (next.Request.Particles > total) continue;
                break;
            }
            queue.Remove(next);
            running[next.Request.Job] = (next.Request, placement);
            foreach (var (worker, particles) in placement.Shards) free[worker] -= particles;
            placed.Add(placement);
        }
        return placed;
    }

    IEnumerable<(JobRequest Request, long Order)> Ordered()
    {
        var held = running.Values.GroupBy(r => r.Request.Owner).ToDictionary(g => g.Key, g => g.Sum(r => r.Request.Particles));
        return queue.OrderByDescending(q => q.Request.Priority).ThenBy(q => held.GetValueOrDefault(q.Request.Owner)).ThenBy(q => q.Order);
    }

    /// <summary>
    /// The job's shards: on the k workers with the most free room, k being its share of minShardParticles (at least
    /// one) or more if those cannot hold it; as even as their room allows. Null when the free room is too small now.
    /// </summary>
    Placement? Place(JobRequest request)
    {
        var rooms = free.Where(w => w.Value > 0).OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();
        if (rooms.Sum(w => w.Value) < request.Particles) return null;
        var wanted = (int)Math.Clamp((request.Particles + (long)minShardParticles - 1) / minShardParticles, 1, rooms.Count);
        var workers = Enumerable.Range(wanted, rooms.Count - wanted + 1).Select(k => rooms.Take(k).ToList()).First(chosen => chosen.Sum(w => w.Value) >= request.Particles);
        // Fill the smallest rooms first with an even share of what is left, so shards differ only where room runs out.
        var take = new Dictionary<string, int>();
        var left = request.Particles;
        var ascending = workers.OrderBy(w => w.Value).ToList();
        for (int i = 0; i < ascending.Count; i++)
        {
            var share = (left + ascending.Count - i - 1) / (ascending.Count - i);
            take[ascending[i].Key] = Math.Min(ascending[i].Value, share);
            left -= take[ascending[i].Key];
        }
        return new Placement(request.Job, workers.Where(w => take[w.Key] > 0).Select(w => (w.Key, take[w.Key])).ToList());
    }
}
