using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.Jobs;
using Orchestrator.Tests.Shared;
using Xunit.Abstractions;

namespace Orchestrator.Grains.Tests;

/// <summary>
/// Jobs survive what happens to clusters: a worker silo killed mid-job, the job grain deactivated mid-run, the whole
/// cluster stopped and started again (Redis storage). Randomness is keyed by particle and step, so a job that
/// recovers gives exactly the plain engine's answer, which the engine's statistical tests hold to the closed form.
/// </summary>
public class FaultTests(ITestOutputHelper output)
{
    /// <summary>FK with selection points every 5 steps (checkpoints every 10), long enough that the faults below (at steps 60-100) strike mid-run even on a fast machine.</summary>
    static readonly string LongSpec = Specs.Fk(seed: 21, particles: 600, steps: 1000, lambda: 1.5, every: 5, sampler: "ddpm");

    static async Task<JobResult> EmbeddedAsync(string spec) => (await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(spec))).Result;

    static void AssertSameParticles(JobResult expected, JobResult actual)
    {
        Assert.Equal(expected.Samples, actual.Samples);
        Assert.Equal(expected.Rewards, actual.Rewards);
        for (int i = 0; i < expected.LogWeights.Length; i++) Assert.True(Math.Abs(expected.LogWeights[i] - actual.LogWeights[i]) <= 1e-12, $"particle {i}");
    }

    /// <summary>
    /// A worker silo dies (killed) or leaves (stopped gracefully: its shards deactivate) at step 100. The job reopens
    /// every shard at its last checkpoint, the lost one on another worker, and replays. With Redis storage the
    /// checkpoint survives; memory storage keeps grain state on silos, so it may die with the worker, and then the
    /// job starts over from the seed. Either way the answer is the plain engine's.
    /// </summary>
    [Theory]
    [InlineData("memory", true)]
    [InlineData("redis", true)]
    [InlineData("redis", false)]
    public async Task AWorkerLostMidJob_TheJobRestoresItsShardsAndFinishes_WithTheSameAnswer(string storage, bool kill)
    {
        await using var redis = storage == "redis" ? await RedisServer.StartAsync() : null;
        await using var cluster = await TestClusters.StartAsync(workers: 3, o => { o.Storage = storage; o.Redis = redis?.ConnectionString; });
        var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
        await job.Submit(new JobSubmission(LongSpec, "tester"));
        var running = await TestClusters.AtStepAsync(job, 100);
        var victim = cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == running.Shards[1].Worker);

        if (kill) await cluster.KillSiloAsync(victim);
        else await cluster.StopSiloAsync(victim);
        var done = await TestClusters.FinishedAsync(job, await TestClusters.Retrying(job.GetStatus));

        foreach (var e in done.Events) output.WriteLine($"{e.At:HH:mm:ss.fff} step {e.Step} {e.Kind}: {e.Detail}");
        Assert.True(done.State == JobState.Completed, done.Error);
        Assert.Contains(done.Events, e => e.Kind is "shard-lost");
        var recovered = Assert.Single(done.Events, e => e.Kind is "recovered");
        // Checkpoints every 10 steps (at the selection points, every 5): the loss at step 100 or a little after replays from step 90 or later.
        if (storage == "redis") Assert.True(recovered.Step >= 90, $"restored at the checkpoint of step {recovered.Step}");
        Assert.DoesNotContain(victim.SiloAddress.ToParsableString(), done.Shards.Select(s => s.Worker));
        var result = JobResultJson.Deserialize(await TestClusters.ResultAsync(job));
        Assert.Contains(result.Cluster!.Events, e => e.Kind == "shard-lost");
        AssertSameParticles(await EmbeddedAsync(LongSpec), result);
    }

    /// <summary>The coordinator's silo (which also holds the job grains) dies; a new one comes up and the job resumes from storage.</summary>
    [Fact]
    public async Task TheCoordinatorSiloRestartedMidJob_JobsComeBackFromStorage()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await TestClusters.StartAsync(workers: 2, o => { o.Storage = "redis"; o.Redis = redis.ConnectionString; }, coordinators: ["Silo_0", "Silo_3"]);
        var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
        await job.Submit(new JobSubmission(LongSpec, "tester"));
        await TestClusters.AtStepAsync(job, 60);

        await cluster.KillSiloAsync(cluster.Silos[0]);
        Assert.Equal("Silo_3", (await cluster.StartAdditionalSiloAsync()).Name);
        var done = await TestClusters.FinishedAsync(job, await TestClusters.StatusOnceReachableAsync(job));

        foreach (var e in done.Events) output.WriteLine($"{e.At:HH:mm:ss.fff} step {e.Step} {e.Kind}: {e.Detail}");
        Assert.True(done.State == JobState.Completed, done.Error);
        Assert.Contains(done.Events, e => e.Kind == "resumed" && e.Step >= 50);
        AssertSameParticles(await EmbeddedAsync(LongSpec), JobResultJson.Deserialize(await TestClusters.ResultAsync(job)));
    }

    [Fact]
    public async Task AJobGrainDeactivatedMidRun_ResumesFromItsLastCheckpoint()
    {
        await using var cluster = await TestClusters.StartAsync(workers: 2);
        var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
        await job.Submit(new JobSubmission(LongSpec, "tester"));
        await TestClusters.AtStepAsync(job, 60);

        await cluster.DeactivateAsync(job);
        var done = await TestClusters.FinishedAsync(job, await job.GetStatus());

        foreach (var e in done.Events) output.WriteLine($"{e.At:HH:mm:ss.fff} step {e.Step} {e.Kind}: {e.Detail}");
        Assert.True(done.State == JobState.Completed, done.Error);
        var resumed = Assert.Single(done.Events, e => e.Kind == "resumed");
        Assert.True(resumed.Step >= 50, $"resumed after the checkpoint of step {resumed.Step}");
        AssertSameParticles(await EmbeddedAsync(LongSpec), JobResultJson.Deserialize(await TestClusters.ResultAsync(job)));
    }

    [Fact]
    public async Task WithRedisStorage_TheWholeClusterRestartedMidJob_TheJobCompletes()
    {
        await using var redis = await RedisServer.StartAsync();
        var serviceId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        void Redis(Hosting.SteerClusterOptions o) { o.Storage = "redis"; o.Redis = redis.ConnectionString; }
        var jobId = JobIds.New();

        await using (var first = await TestClusters.StartAsync(workers: 2, Redis, serviceId))
        {
            var job = first.Client.GetGrain<IJobGrain>(jobId);
            await job.Submit(new JobSubmission(LongSpec, "tester"));
            await TestClusters.AtStepAsync(job, 60);
            await first.StopAllSilosAsync();
        }

        await using var second = await TestClusters.StartAsync(workers: 2, Redis, serviceId);
        var again = second.Client.GetGrain<IJobGrain>(jobId);
        var done = await TestClusters.FinishedAsync(again, await again.GetStatus());

        foreach (var e in done.Events) output.WriteLine($"{e.At:HH:mm:ss.fff} step {e.Step} {e.Kind}: {e.Detail}");
        Assert.True(done.State == JobState.Completed, done.Error);
        Assert.Contains(done.Events, e => e.Kind == "resumed" && e.Step >= 50);
        AssertSameParticles(await EmbeddedAsync(LongSpec), JobResultJson.Deserialize(await TestClusters.ResultAsync(again)));
    }
}
