using Microsoft.Extensions.Options;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Placement;
using Orchestrator.Jobs.Scheduling;
using JobPlacement = Orchestrator.Jobs.Scheduling.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orchestrator.Grains.Coordination;

/// <summary>What the coordinator keeps in storage: every job it has not released (in submission order), those running, admissions so far, and usage.</summary>
[GenerateSerializer]
public sealed class CoordinatorRecord
{
    [Id(0)] public List<AdmissionRequest> Jobs { get; set; } = [];

    [Id(1)] public HashSet<string> Running { get; set; } = [];

    [Id(2)] public List<string> Admitted { get; set; } = [];

    [Id(3)] public Dictionary<string, long> Used { get; set; } = [];
}

/// <summary>
/// The one coordinator. Workers are the active silos whose metadata says "worker", with the particles their
/// "capacity" says; they are read from membership whenever the coordinator acts, and every few seconds while jobs wait
/// (a joining silo's metadata arrives a moment after it joins). Admission order and placement are ClusterScheduler's.
/// Its record survives a restart; after one it wakes every running job, which resume from their checkpoints.
/// </summary>
[CoordinatorPlacement]
public sealed class CoordinatorGrain(
    [PersistentState("coordinator", ClusterSetup.Storage)] IPersistentState<CoordinatorRecord> record,
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    IOptions<SteerClusterOptions> options) : Grain, ICoordinatorGrain
{
    /// <summary>How many admissions the record remembers (for ClusterView.Admitted).</summary>
    const int AdmissionsKept = 10_000;

    ClusterScheduler scheduler = new();
    IGrainTimer? timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        scheduler = new ClusterScheduler(options.Value.MinShardParticles);
        SyncWorkers();
        // Rebuild the bookkeeping: running jobs take their room again first (wherever it is now), then the queue in submission order.
        var placed = new List<JobPlacement>();
        foreach (var job in record.State.Jobs.OrderBy(j => record.State.Running.Contains(j.JobId) ? 0 : 1))
            placed.AddRange(Admit(Submit(job, refuseOversize: false)));
        if (placed.Count > 0) await record.WriteStateAsync();
        await Notify(placed);
        WakeRunning();
        // Every so often: pick up workers that joined or left, admit what now fits, and wake running jobs whose silo restarted.
        timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(options.Value.CoordinatorTick, options.Value.CoordinatorTick) { Interleave = false, KeepAlive = true });
    }

    public async Task<Admission> Request(AdmissionRequest request)
    {
        SyncWorkers();
        var existing = record.State.Jobs.FindIndex(j => j.JobId == request.JobId);
        if (existing >= 0) throw new ArgumentException($"job {request.JobId} is already submitted");
        var placed = Admit(Submit(request));   // throws ArgumentException when larger than the cluster
        record.State.Jobs.Add(request);
        var mine = placed.FirstOrDefault(p => p.Job == request.JobId);
        placed.RemoveAll(p => p.Job == request.JobId);
        await record.WriteStateAsync();
        await Notify(placed);
        return mine is null
            ? new Admission(null, scheduler.Queued.ToList().FindIndex(q => q.Job == request.JobId))
            : new Admission(Grants(mine), 0);
    }

    public async Task Release(string jobId)
    {
        SyncWorkers();
        var known = record.State.Jobs.Any(j => j.JobId == jobId);
        record.State.Jobs.RemoveAll(j => j.JobId == jobId);
        record.State.Running.Remove(jobId);
        record.State.Used.Remove(jobId);
        var placed = known ? Admit(scheduler.Release(jobId)) : [];
        await record.WriteStateAsync();
        await Notify(placed);
    }

    public Task ReportUsage(string jobId, long nfeUsed)
    {
        if (record.State.Jobs.Any(j => j.JobId == jobId)) record.State.Used[jobId] = nfeUsed;
        return Task.CompletedTask;
    }

    public Task<ClusterView> Describe()
    {
        SyncWorkers();
        var workers = scheduler.Capacity.Select(w => new WorkerView(w.Key, w.Value, scheduler.Free.GetValueOrDefault(w.Key))).OrderBy(w => w.Worker).ToArray();
        var budgets = record.State.Jobs.Select(j => new BudgetView(j.JobId, j.NfeBudget, record.State.Used.GetValueOrDefault(j.JobId))).ToArray();
        return Task.FromResult(new ClusterView(workers, scheduler.Queued.Select(q => q.Job).ToArray(), [.. record.State.Running], [.. record.State.Admitted], budgets));
    }

    async Task Tick(CancellationToken cancellationToken)
    {
        SyncWorkers();
        var placed = Admit(scheduler.AdmitWaiting());
        if (placed.Count > 0) await record.WriteStateAsync();
        await Notify(placed);
        WakeRunning();
    }

    /// <summary>
    /// Wakes every running job (a job whose silo restarted resumes when activated) without waiting on any. A job that
    /// answers it has finished (it could not tell us) is released then, through a call to this grain; one that answers
    /// it is still queued never got its (one-way) admission, and is told its shards again.
    /// </summary>
    void WakeRunning()
    {
        var self = this.AsReference<ICoordinatorGrain>();
        foreach (var running in record.State.Running)
        {
            var job = GrainFactory.GetGrain<IJobGrain>(running);
            var grants = scheduler.PlacementOf(running) is { } placement ? Grants(placement) : null;
            job.Wake().ContinueWith(state =>
            {
                if (!state.IsCompletedSuccessfully) return;
                if (state.Result is JobState.Queued && grants is not null) job.Admit(grants).Ignore();
                else if (state.Result is not (JobState.Running or JobState.Queued)) self.Release(running).Ignore();
            }, TaskScheduler.Default).Ignore();
        }
    }

    IEnumerable<JobPlacement> Submit(AdmissionRequest request, bool refuseOversize = true) =>
        scheduler.Submit(new JobRequest(request.JobId, request.Owner, request.Priority, request.Particles), refuseOversize);

    /// <summary>Records the scheduler's new placements as admitted; placements of jobs already running (bookkeeping rebuilt after a restart) are not news.</summary>
    List<JobPlacement> Admit(IEnumerable<JobPlacement> placements)
    {
        var fresh = placements.Where(p => !record.State.Running.Contains(p.Job)).ToList();
        foreach (var placement in fresh)
        {
            record.State.Running.Add(placement.Job);
            record.State.Admitted.Add(placement.Job);
        }
        if (record.State.Admitted.Count > AdmissionsKept) record.State.Admitted.RemoveRange(0, record.State.Admitted.Count - AdmissionsKept);
        return fresh;
    }

    /// <summary>Tells newly admitted jobs where their shards go (one-way: a job may be calling us right now).</summary>
    Task Notify(IEnumerable<JobPlacement> placed)
    {
        Telemetry.ClusterMetrics.SetQueueLength(scheduler.Queued.Count);
        foreach (var placement in placed) GrainFactory.GetGrain<IJobGrain>(placement.Job).Admit(Grants(placement)).Ignore();
        return Task.CompletedTask;
    }

    static ShardGrant[] Grants(JobPlacement placement) => placement.Shards.Select(s => new ShardGrant(s.Worker, s.Particles)).ToArray();

    /// <summary>
    /// Brings the scheduler's workers in line with the active worker silos. It admits nothing itself: every caller goes
    /// on to a scheduler call whose placements it records and announces (a submission, a release, the tick).
    /// </summary>
    void SyncWorkers()
    {
        var active = new Dictionary<string, int>();
        foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
        {
            var silo = metadata.GetSiloMetadata(member.SiloAddress);
            if (!SiloRoles.Has(silo, SiloRoles.Worker)) continue;
            var capacity = silo.Metadata.TryGetValue(SiloRoles.CapacityKey, out var text) && int.TryParse(text, out var n) ? n : options.Value.Capacity;
            active[member.SiloAddress.ToParsableString()] = capacity;
        }
        foreach (var gone in scheduler.Capacity.Keys.Where(w => !active.ContainsKey(w)).ToList()) scheduler.RemoveWorker(gone);
        var joined = active.Where(w => !scheduler.Capacity.ContainsKey(w.Key)).ToList();
        foreach (var (worker, capacity) in joined) scheduler.AddWorker(new WorkerCapacity(worker, capacity));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        timer?.Dispose();
        return Task.CompletedTask;
    }
}
