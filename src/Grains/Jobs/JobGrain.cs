using Microsoft.Extensions.Options;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Specs;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Placement;
using Orchestrator.Grains.Shards;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// One job. Calls (submit, status, progress, result, cancel) answer at once; the run itself is a task on the grain's
/// scheduler that the calls never await, so status and cancellation are served while it runs. Anything a shard throws
/// is taken as a lost shard: every shard is reopened at the last checkpoint (a lost one on another worker) and the
/// steps after it are replayed; random streams are keyed, so the replay gives the same particles. A job grain that
/// is deactivated or whose silo restarts resumes the same way when it is next activated (the coordinator wakes
/// running jobs).
/// </summary>
[CoordinatorPlacement]
public sealed class JobGrain(
    [PersistentState("job", ClusterSetup.Storage)] IPersistentState<JobRecord> record,
    IOptions<SteerClusterOptions> options) : Grain, IJobGrain
{
    /// <summary>Characters of result.json per GetResult call: far below the message limit.</summary>
    const int ResultChunkChars = 8 << 20;

    BuiltJob? built;
    Task? loop;
    CancellationTokenSource? cancellation;
    bool deactivating;
    TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    JobRecord Job => record.State;

    string Id => this.GetPrimaryKeyString();

    ICoordinatorGrain Coordinator => GrainFactory.GetGrain<ICoordinatorGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Job.State == JobState.Running)
        {
            Note(Job.CheckpointStep, "resumed", Job.CheckpointStep < 0 ? "job grain activated again; starting over from the seed" : $"job grain activated again; resuming after the checkpoint of step {Job.CheckpointStep}");
            Launch();
        }
        return Task.CompletedTask;
    }

    public async Task<JobStatus> Submit(JobSubmission submission)
    {
        if (Job.Submission is not null) return Status();
        Job.Submission = submission;
        await GrainFactory.GetGrain<IJobIndexGrain>(submission.Owner).Add(Id);
        var (spec, errors) = JobSpecJson.Parse(submission.SpecJson);
        try
        {
            TorchRuntime.Initialise();
            // Off the grain's scheduler: loading a model takes a while, and status calls should not wait for it.
            built = await Task.Run(() => JobBuilder.Build(spec ?? throw new InvalidSpecException(errors)));
        }
        catch (Exception e)
        {
            // A spec error names its fields; anything else that stops the job being built (say, a model that will not load) is reported as it is.
            Job.State = JobState.Rejected;
            Job.SpecErrors = e is InvalidSpecException invalid ? [.. invalid.Errors] : [];
            Job.Error = e.Message;
            await record.WriteStateAsync();
            return Status();
        }
        Job.SpecJson = JobSpecJson.Serialize(built.Spec);
        Job.Method = built.MethodName;
        Job.Whole = built.Method is null || !ShardedLoop.CanShard(built.Method);
        Job.Particles = built.Spec.Method!.Particles ?? built.Spec.Method.Neighbours ?? 1;   // searches over one noise hold their candidates
        Job.Steps = built.Method is { } method ? method.Times.Steps : built.Spec.Sampler!.Steps!.Value;
        Job.NfePlanned = (long)Job.Particles * Job.Steps * (built.Spec.Method.Children ?? 1);
        Job.State = JobState.Queued;
        Note(-1, "queued", $"{Job.Method}, {Job.Particles} particles, {Job.Steps} steps" + (Job.Whole ? "; runs whole on one worker (it does not shard)" : ""));
        await record.WriteStateAsync();

        Admission admission;
        try
        {
            admission = await Coordinator.Request(new AdmissionRequest(Id, submission.Owner, submission.Priority, Job.Particles, Job.NfePlanned));
        }
        catch (ArgumentException e)
        {
            Job.State = JobState.Rejected;
            Job.Error = e.Message;
            await record.WriteStateAsync();
            return Status();
        }
        catch (Exception)
        {
            // The coordinator could not be asked: forget the submission, so that submitting again asks again.
            record.State = new JobRecord();
            built.Dispose();
            built = null;
            await record.WriteStateAsync();
            throw;
        }
        if (admission.Shards is { } shards) Start(shards);
        else Note(-1, "waiting", $"place {admission.QueuePosition + 1} in the queue");
        return Status();
    }

    public Task Admit(ShardGrant[] shards)
    {
        if (Job.State == JobState.Queued && loop is null) Start(shards);
        return Task.CompletedTask;
    }

    public Task<JobState> Wake() => Task.FromResult(Job.State);   // activation is what resumes a job; see OnActivateAsync

    public Task<JobStatus> GetStatus() => Task.FromResult(Status());

    public async Task<JobStatus> WaitForChange(int stepsSeen, int eventsSeen, TimeSpan wait)
    {
        var expired = Task.Delay(wait);
        while (!Status().IsFinished && Job.Trace.Count <= stepsSeen && Job.Events.Count <= eventsSeen)
            if (await Task.WhenAny(changed.Task, expired) == expired) break;
        return Status();
    }

    /// <summary>Wakes every WaitForChange call: a step was done, an event noted, or the state changed.</summary>
    void Changed()
    {
        var waiting = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.TrySetResult();
    }

    public Task<StepProgress[]> GetProgress(int fromStep) => Task.FromResult(Job.Trace.Skip(Math.Max(0, fromStep)).ToArray());

    public Task<ResultChunk?> GetResult(long offset)
    {
        if (Job.ResultJson is not { } json) return Task.FromResult<ResultChunk?>(null);
        var start = (int)Math.Clamp(offset, 0, json.Length);
        return Task.FromResult<ResultChunk?>(new ResultChunk(json.Substring(start, Math.Min(ResultChunkChars, json.Length - start)), json.Length));
    }

    public async Task<JobStatus> Cancel()
    {
        if (Job.State == JobState.Queued)
        {
            Job.State = JobState.Cancelled;
            Note(-1, "cancelled", "cancelled while queued");
            await record.WriteStateAsync();
            await Coordinator.Release(Id);
        }
        else if (Job.State == JobState.Running && loop is not null)
        {
            cancellation!.Cancel();
            // The run's own continuations still run on this grain while this call waits: it stops at its next step.
            await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(20)));
        }
        return Status();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (loop is null) return;
        deactivating = true;
        cancellation!.Cancel();
        await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
    }

    void Start(ShardGrant[] grants)
    {
        var first = 0;
        Job.Shards = grants.Select((g, i) => { var info = new ShardInfo(i, g.Worker, first, g.Particles); first += g.Particles; return info; }).ToArray();
        Job.State = JobState.Running;
        Note(-1, "started", $"{grants.Length} shard(s) on {grants.Select(g => g.Worker).Distinct().Count()} worker(s): " + string.Join(", ", grants.Select(g => $"{g.Particles} on {g.Worker}")));
        Launch();
    }

    /// <summary>Starts the run as a task on this grain's scheduler, not awaited by any call; a running task is not activity, so deactivation is held off.</summary>
    void Launch()
    {
        cancellation = new CancellationTokenSource();
        DelayDeactivation(TimeSpan.FromDays(1));
        loop = RunAsync(cancellation.Token);
    }

    async Task RunAsync(CancellationToken token)
    {
        (JobState State, string? Result, string? Error, string Event, string Detail) outcome;
        // The run's span ends before the outcome is stored: whoever sees the job finished sees its whole trace.
        using (var span = Telemetry.ClusterTracing.StartJob(Id, Job.Method ?? "", Job.Particles, Job.CheckpointStep))
        {
            try
            {
                await record.WriteStateAsync();
                TorchRuntime.Initialise();
                var spec = JobSpecJson.ParseValid(Job.SpecJson!);   // grain state is read on the grain's scheduler only
                built ??= await Task.Run(() => JobBuilder.Build(spec));
                var result = Job.Whole ? await RunWholeAsync(token) : await RunShardedAsync(token);
                outcome = (JobState.Completed, result, null, "completed", $"{Job.Trace.Count} steps");
            }
            catch (Exception) when (deactivating)
            {
                return;   // stays Running in storage: the next activation resumes from the checkpoint
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // Cancelled: whatever the interrupted call threw (its cancellation, or a shard call cut short) means the same.
                outcome = (JobState.Cancelled, null, null, "cancelled", $"stopped after step {Job.Trace.Count - 1}");
            }
            catch (Exception e)
            {
                var error = e is JobFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                outcome = (JobState.Failed, null, error, "failed", error);
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
            }
        }
        await EndAsync(outcome);
    }

    /// <summary>
    /// Frees the job's room and drops its shards (best effort: a shard on a dead silo has nothing to drop), then stores
    /// the outcome: whoever sees the job finished also sees its room free. A crash in between only means the job
    /// resumes and finishes again.
    /// </summary>
    async Task EndAsync((JobState State, string? Result, string? Error, string Event, string Detail) outcome)
    {
        try
        {
            await ReleaseAndStoreAsync(outcome);
        }
        finally
        {
            built?.Dispose();
            built = null;
            loop = null;
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    async Task ReleaseAndStoreAsync((JobState State, string? Result, string? Error, string Event, string Detail) outcome)
    {
        try
        {
            await Coordinator.Release(Id);
        }
        catch (Exception e)
        {
            // The coordinator is down: it lets go of the job when it next wakes its running jobs and finds it finished.
            Note(Math.Max(Job.Trace.Count - 1, -1), "release-deferred", $"the coordinator could not be told the job ended: {e.Message.Split('\n')[0]}");
        }
        await Task.WhenAll(Job.Shards.Select(async s =>
        {
            try { await GrainFactory.GetGrain<IShardGrain>(ShardGrain.ShardKey(Id, s.Index)).Close(); }
            catch (Exception) { /* the shard's silo is gone; so are its particles */ }
        }));
        (Job.State, Job.ResultJson, Job.Error) = (outcome.State, outcome.Result, outcome.Error);
        Note(Math.Max(Job.Trace.Count - 1, -1), outcome.Event, outcome.Detail);
        // Storage may hiccup; the outcome is what the job is for, so it gets a few tries.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await record.WriteStateAsync();
                return;
            }
            catch (Exception) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    /// <summary>Runs the sharded job, recovering from lost shards: reopen all at the last checkpoint and replay.</summary>
    async Task<string> RunShardedAsync(CancellationToken token)
    {
        long? lostAt = null;
        for (int attempt = 0; ; attempt++)
        {
            var run = new ShardedRun(GrainFactory, Job, built!, Id, options.Value.CheckpointEverySteps, CheckpointedAsync, Note, Changed);
            try
            {
                await run.OpenAsync();
                if (lostAt is { } since)
                {
                    var from = Job.CheckpointStep < 0 ? "from the seed" : $"at the checkpoint of step {Job.CheckpointStep}";
                    Note(Job.CheckpointStep, "recovered", $"every shard open again {from}, {System.Diagnostics.Stopwatch.GetElapsedTime(since).TotalSeconds:F2} s after the loss");
                    lostAt = null;
                }
                var json = await run.RunAsync(token);
                Job.Used = run.Used;
                return json;
            }
            catch (Exception e) when (!token.IsCancellationRequested && e is not JobFailedException)
            {
                lostAt ??= System.Diagnostics.Stopwatch.GetTimestamp();
                if (attempt >= options.Value.RecoveryAttempts)
                    throw new JobFailedException($"gave up after {attempt} recoveries from lost shards; the last: {FirstLine(e)}");
                if (e is ShardStateLostException { CheckpointMissing: true } && Job.CheckpointStep >= 0)
                {
                    Note(Job.CheckpointStep, "checkpoint-lost", $"{FirstLine(e)}; starting over from the seed");
                    Job.CheckpointStep = -1;
                }
                else Note(Job.Trace.Count - 1, "shard-lost", $"{FirstLine(e)}; reopening every shard at the checkpoint of step {Job.CheckpointStep}");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 << Math.Min(attempt, 5))), token);
            }
        }
    }

    /// <summary>Every shard has checkpointed: the job records the step, and the coordinator the compute spent.</summary>
    async Task CheckpointedAsync()
    {
        await record.WriteStateAsync();
        await Coordinator.ReportUsage(Id, Job.Trace.LastOrDefault()?.Nfe ?? 0);
    }

    /// <summary>A method that does not shard runs whole on its one worker; a lost worker means running it again (same seed, same answer).</summary>
    async Task<string> RunWholeAsync(CancellationToken token)
    {
        var shard = GrainFactory.GetGrain<IShardGrain>(ShardGrain.ShardKey(Id, 0));
        var open = new ShardOpen(Id, Job.SpecJson!, 0, 0, Job.Particles, Job.Particles);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Job.Trace.Clear();
                RequestContext.Set(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey, SiloAddress.FromParsableString(Job.Shards[0].Worker));
                try { await shard.StartWhole(open); }
                finally { RequestContext.Remove(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey); }
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    var progress = await shard.WaitWhole(Job.Trace.Count, TimeSpan.FromSeconds(2));
                    Job.Trace.AddRange(progress.Steps);
                    if (progress.Steps.Length > 0) Changed();
                    if (!progress.Done) continue;
                    Job.Used = progress.Used;
                    return progress.ResultJson ?? throw new JobFailedException(progress.Failure ?? "the run ended without a result");
                }
            }
            catch (Exception e) when (!token.IsCancellationRequested && e is not JobFailedException)
            {
                if (attempt >= options.Value.RecoveryAttempts) throw new JobFailedException($"gave up after {attempt} restarts; the last error: {FirstLine(e)}");
                Note(Job.Trace.Count - 1, "worker-lost", $"{FirstLine(e)}; running the job again from its seed");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 << Math.Min(attempt, 5))), token);
            }
        }
    }

    void Note(int step, string kind, string detail)
    {
        Job.Events.Add(new JobEvent(DateTimeOffset.UtcNow, step, kind, detail));
        Changed();
    }

    static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim();

    JobStatus Status() => new(
        Id,
        Job.State,
        Job.Method,
        Job.Particles,
        Job.Steps,
        Job.Trace.Count,
        Job.Trace.LastOrDefault(),
        [.. Job.Shards],
        [.. Job.Events],
        [.. Job.SpecErrors],
        Job.Error,
        Job.Submission?.Owner ?? "",
        Job.Submission?.Priority ?? 0,
        Job.Trace.LastOrDefault()?.Nfe ?? 0,
        Job.State == JobState.Completed ? Job.Used : null);
}
