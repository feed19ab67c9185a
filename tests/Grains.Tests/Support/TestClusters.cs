using Orchestrator.Contracts.Cluster;
using Orchestrator.Grains.Hosting;
using Orchestrator.Steering.Runtime;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>
/// Real in-process Orleans clusters: silo 0 is the coordinator (and also a worker when there is only one silo), the
/// others are workers. Every silo is set up by ClusterSetup, exactly as the host sets up its silo.
/// </summary>
static class TestClusters
{
    static TestClusters() => TorchRuntime.Initialise(1);

    /// <summary>
    /// A cluster of one coordinator silo and <paramref name="workers"/> worker silos (0 workers: one silo with both
    /// roles). Silos added later are workers unless <paramref name="coordinators"/> names them (silo names are Silo_0, Silo_1, ...).
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(int workers, Action<SteerClusterOptions>? configure = null, string? serviceId = null, string[]? coordinators = null)
    {
        coordinators ??= ["Silo_0"];
        var builder = new InProcessTestClusterBuilder((short)Math.Max(1, workers + 1));
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null) builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((silo, orleans) =>
        {
            var options = new SteerClusterOptions
            {
                Roles = workers == 0 ? "coordinator,worker" : coordinators.Contains(silo.SiloName) ? "coordinator" : "worker",
                MinShardParticles = 64,
                CoordinatorTick = TimeSpan.FromMilliseconds(500),
            };
            configure?.Invoke(options);
            orleans.AddSteering(options);
        });
        // A request the client routed through a silo that is then killed is only given up at its response timeout;
        // shorter than Orleans' 30 s, so that a test that kills silos retries soon (see Retrying).
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Submits a job and follows it (without polling: the job grain answers when something changes) until it finishes.</summary>
    public static async Task<JobStatus> RunAsync(IGrainFactory grains, string spec, string? jobId = null, string owner = "tester", int priority = 0)
    {
        var job = grains.GetGrain<IJobGrain>(jobId ?? JobIds.New());
        var status = await job.Submit(new JobSubmission(spec, owner, priority));
        return await FinishedAsync(job, status);
    }

    public static async Task<JobStatus> FinishedAsync(IJobGrain job, JobStatus status, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(3));
        while (!status.IsFinished)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {status.JobId} did not finish in time; it is {status.State} at step {status.StepsDone}");
            var seen = status;
            status = await Retrying(() => job.WaitForChange(seen.StepsDone, seen.Events.Length, TimeSpan.FromSeconds(5)));
        }
        return status;
    }

    /// <summary>
    /// A call that is retried when its message went to a silo that has just died (the client learns of the death a
    /// moment later): what any client of a cluster that loses silos does.
    /// </summary>
    public static async Task<T> Retrying<T>(Func<Task<T>> call)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < 4 && e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
            }
        }
    }

    /// <summary>
    /// The job's status once a coordinator silo can host its grain again: right after a coordinator silo joins, other
    /// silos may not have its role yet, and placement says so. Readiness polling with a deadline, not a wait for an event.
    /// </summary>
    public static async Task<JobStatus> StatusOnceReachableAsync(IJobGrain job)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await job.GetStatus();
            }
            catch (OrleansException e) when (e.Message.Contains("no active silo with role", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Follows a job until it has done at least <paramref name="steps"/> steps.</summary>
    public static async Task<JobStatus> AtStepAsync(IJobGrain job, int steps)
    {
        var status = await job.GetStatus();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (status.StepsDone < steps && !status.IsFinished)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {status.JobId} did not reach step {steps}");
            status = await job.WaitForChange(status.StepsDone, status.Events.Length, TimeSpan.FromSeconds(5));
        }
        return status;
    }

    /// <summary>The whole result.json of a finished job, read in chunks.</summary>
    public static async Task<string> ResultAsync(IJobGrain job)
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var chunk = await job.GetResult(text.Length) ?? throw new InvalidOperationException("the job has no result");
            text.Append(chunk.Text);
            if (text.Length >= chunk.Total) return text.ToString();
        }
    }
}
