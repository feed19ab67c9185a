using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.Jobs;
using Orchestrator.Steering.Tests.Support;
using Orleans.TestingHost;

namespace Orchestrator.Grains.Tests;

/// <summary>One cluster of a coordinator silo and three worker silos, shared by the tests of this class.</summary>
public sealed class ThreeWorkerCluster : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestClusters.StartAsync(workers: 3);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Steered jobs on a real multi-silo cluster: the distribution they reach (closed form), that the cluster gives the
/// very samples the plain engine gives, where shards live, and what resampling moves.
/// </summary>
public class ClusterJobTests(ThreeWorkerCluster fixture) : IClassFixture<ThreeWorkerCluster>
{
    IGrainFactory Grains => fixture.Cluster.Client;

    string CoordinatorSilo => fixture.Cluster.Silos[0].SiloAddress.ToParsableString();

    /// <summary>FK with the exact kernel, each job's particles cut over the three workers, reaches p(x) exp(r(x)): 12 jobs (seeds) as replicates.</summary>
    [Fact]
    public async Task FkOnThreeWorkers_MatchesTheClosedFormTiltedTarget()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(seed => TestClusters.RunAsync(Grains, Specs.Fk(seed: 100 + seed))));

        Assert.All(statuses, s => Assert.Equal(JobState.Completed, s.State));
        Assert.All(statuses, s => Assert.Equal(3, s.Shards.Select(x => x.Worker).Distinct().Count()));
        var results = await Task.WhenAll(statuses.Select(async s => JobResultJson.Deserialize(await TestClusters.ResultAsync(Grains.GetGrain<IJobGrain>(s.JobId)))));
        var moved = results.SelectMany(r => r.Trace).Where(t => t.Resampled).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved, t => Assert.True(t.BytesMoved < t.NaiveBytes, $"step {t.Step}: {t.BytesMoved} bytes moved, naive {t.NaiveBytes}"));
        ResultStatistics.AssertMatches(results, Mixtures.TwoD.TiltedLinear(Mixtures.TwoDReward, 1.0), "FK on 1 coordinator + 3 workers");
    }

    /// <summary>Particles are keyed, not placed: the 3-worker cluster returns the plain engine's samples, weights and rewards.</summary>
    [Theory]
    [InlineData("fk", "exact")]
    [InlineData("fk", "ddpm")]
    [InlineData("best-of-n", "ddpm")]
    public async Task TheSameSeed_OnThreeWorkers_GivesThePlainEnginesSamples(string method, string sampler)
    {
        var spec = Specs.Fk(seed: 42, particles: 500, lambda: 2, sampler: sampler, kind: method);
        var (embedded, _) = await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(spec));

        var status = await TestClusters.RunAsync(Grains, spec);
        var cluster = JobResultJson.Deserialize(await TestClusters.ResultAsync(Grains.GetGrain<IJobGrain>(status.JobId)));

        Assert.Equal(JobState.Completed, status.State);
        Assert.True(status.Shards.Length > 1, "the job should have been cut into shards");
        Assert.Equal(embedded.Samples, cluster.Samples);
        Assert.Equal(embedded.Rewards, cluster.Rewards);
        for (int i = 0; i < embedded.LogWeights.Length; i++) Assert.True(Math.Abs(embedded.LogWeights[i] - cluster.LogWeights[i]) <= 1e-12, $"particle {i}");
        Assert.Equal(embedded.Nfe.Denoiser, cluster.Nfe.Denoiser);
        Assert.Equal(embedded.Trace.Select(t => t.Resampled), cluster.Trace.Select(t => t.Resampled));
    }

    /// <summary>The same seed on one silo (one shard) and on three workers (three shards): the same samples, in the same order.</summary>
    [Fact]
    public async Task TheSameSeed_OnOneSiloAndOnThreeWorkers_GivesTheSameSamples()
    {
        var spec = Specs.Fk(seed: 77, particles: 900, lambda: 2, sampler: "ddpm");
        await using var single = await TestClusters.StartAsync(workers: 0);

        var one = await TestClusters.RunAsync(single.Client, spec);
        var three = await TestClusters.RunAsync(Grains, spec);

        Assert.Single(one.Shards);
        Assert.Equal(3, three.Shards.Length);
        var a = JobResultJson.Deserialize(await TestClusters.ResultAsync(single.Client.GetGrain<IJobGrain>(one.JobId)));
        var b = JobResultJson.Deserialize(await TestClusters.ResultAsync(Grains.GetGrain<IJobGrain>(three.JobId)));
        Assert.Contains(b.Trace, t => t.RowsMoved > 0);
        Assert.Equal(a.Samples, b.Samples);
        Assert.Equal(a.Rewards, b.Rewards);
        for (int i = 0; i < a.LogWeights.Length; i++) Assert.True(Math.Abs(a.LogWeights[i] - b.LogWeights[i]) <= 1e-12, $"particle {i}");
    }

    /// <summary>Methods that do not shard (SVDD chooses among each particle's own children; searches rerun the loop) run whole on one worker, with the engine's answer.</summary>
    [Theory]
    [InlineData("svdd-pm")]
    [InlineData("zero-order-search")]
    public async Task MethodsThatDoNotShard_RunWholeOnOneWorker_WithTheEnginesAnswer(string method)
    {
        var spec = method == "svdd-pm"
            ? Specs.Mixture(11, """{ "kind": "ddpm", "steps": 10 }""", """{ "kind": "svdd-pm", "particles": 64, "children": 4, "alpha": 0.5 }""")
            : Specs.Mixture(11, """{ "kind": "ddim", "steps": 10 }""", """{ "kind": "zero-order-search", "neighbours": 3, "rounds": 3 }""");
        var (embedded, _) = await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(spec));

        var status = await TestClusters.RunAsync(Grains, spec);
        var cluster = JobResultJson.Deserialize(await TestClusters.ResultAsync(Grains.GetGrain<IJobGrain>(status.JobId)));

        Assert.True(status.State == JobState.Completed, status.Error);
        Assert.NotEqual(CoordinatorSilo, Assert.Single(status.Shards).Worker);
        Assert.Equal(embedded.Samples, cluster.Samples);
        Assert.Equal(embedded.Rewards, cluster.Rewards);
        Assert.Equal(embedded.Trace, cluster.Trace);
    }

    /// <summary>Resampling equal weights keeps every particle where it is: with lambda 0 and resampling forced at every scheduled step, nothing moves.</summary>
    [Fact]
    public async Task EqualWeights_MoveZeroBytes()
    {
        var status = await TestClusters.RunAsync(Grains, Specs.Fk(seed: 3, particles: 600, lambda: 0, essThreshold: 1));
        var result = JobResultJson.Deserialize(await TestClusters.ResultAsync(Grains.GetGrain<IJobGrain>(status.JobId)));

        var resampled = result.Trace.Where(t => t.Resampled).ToList();
        Assert.NotEmpty(resampled);
        Assert.All(resampled, t => { Assert.Equal(0, t.RowsMoved); Assert.Equal(0, t.BytesMoved); Assert.True(t.NaiveBytes > 0); });
    }

    /// <summary>Shards are placed by role, not by luck: none of many lands on the coordinator-only silo.</summary>
    [Fact]
    public async Task Shards_NeverActivateOnTheCoordinatorSilo()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(seed => TestClusters.RunAsync(Grains, Specs.Fk(seed: seed, particles: 200, steps: 6, every: 2))));
        var workers = statuses.SelectMany(s => s.Shards).Select(s => s.Worker).ToList();

        Assert.Equal(18, workers.Count);
        Assert.DoesNotContain(CoordinatorSilo, workers);
        // Shard grains called directly, from the coordinator silo itself (placement runs on the calling silo), land on workers too.
        var fromCoordinator = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
        var open = new ShardOpen("direct", Specs.Fk(seed: 1, particles: 10, steps: 8, every: 2), 0, 0, 10, 10);
        var silos = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => fromCoordinator.GetGrain<IShardGrain>($"direct-{i}/0").Open(open, -1)));
        Assert.DoesNotContain(CoordinatorSilo, silos);
    }

    /// <summary>A bad spec is refused by the job grain with every field named, and nothing is placed.</summary>
    [Fact]
    public async Task AnInvalidSpec_IsRejected_WithTheFieldsAtFault()
    {
        var job = Grains.GetGrain<IJobGrain>(JobIds.New());
        var status = await job.Submit(new JobSubmission("""{ "model": { "kind": "gaussian-mixture", "means": [[0, 0]], "stds": [1] }, "sampler": { "kind": "ddpm", "steps": 0 }, "method": { "kind": "fk" }, "reward": { "kind": "linear", "weights": [1, 1] } }""", "tester"));

        Assert.Equal(JobState.Rejected, status.State);
        Assert.Contains(status.SpecErrors, e => e.Field == "sampler.steps");
        Assert.Contains(status.SpecErrors, e => e.Field == "method.particles");
        Assert.Empty(status.Shards);
        Assert.Null(await job.GetResult(0));
    }

    /// <summary>An id nobody submitted is Unknown; a job larger than the whole cluster is rejected with both sizes, not queued forever.</summary>
    [Fact]
    public async Task UnknownJobs_AndJobsLargerThanTheCluster_AreToldApart()
    {
        Assert.Equal(JobState.Unknown, (await Grains.GetGrain<IJobGrain>(JobIds.New()).GetStatus()).State);

        var status = await Grains.GetGrain<IJobGrain>(JobIds.New()).Submit(new JobSubmission(Specs.Fk(seed: 1, particles: 200_000), "tester"));

        Assert.Equal(JobState.Rejected, status.State);
        Assert.Contains("200000 particles", status.Error);
        Assert.Contains("196608", status.Error);
    }

    /// <summary>Every submitted job (rejected ones too) is in its owner's index, newest first; other owners do not see it.</summary>
    [Fact]
    public async Task SubmittedJobs_AreListedForTheirOwner_NewestFirst()
    {
        var owner = "lister-" + Guid.NewGuid().ToString("N")[..6];
        var first = await Grains.GetGrain<IJobGrain>(JobIds.New()).Submit(new JobSubmission(Specs.Fk(seed: 1, particles: 100, steps: 6, every: 2), owner));
        var second = await Grains.GetGrain<IJobGrain>(JobIds.New()).Submit(new JobSubmission("{ \"model\": 1 }", owner));

        Assert.Equal([second.JobId, first.JobId], await Grains.GetGrain<IJobIndexGrain>(owner).List(0, 10));
        Assert.Equal([first.JobId], await Grains.GetGrain<IJobIndexGrain>(owner).List(1, 10));
        Assert.Empty(await Grains.GetGrain<IJobIndexGrain>(owner + "-other").List(0, 10));
    }

    /// <summary>Cancelling stops the job at its next step and gives its room back.</summary>
    [Fact]
    public async Task Cancel_StopsTheJobAtTheNextStep_AndFreesItsShards()
    {
        var job = Grains.GetGrain<IJobGrain>(JobIds.New());
        await job.Submit(new JobSubmission(Specs.Fk(seed: 9, particles: 600, steps: 2000, every: 1), "tester"));
        var running = await TestClusters.AtStepAsync(job, 3);
        Assert.Equal(JobState.Running, running.State);

        var cancelled = await job.Cancel();

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.True(cancelled.StepsDone < 2000);
        var view = await Grains.GetGrain<ICoordinatorGrain>(0).Describe();
        Assert.DoesNotContain(running.JobId, view.Running);
        Assert.Null(await job.GetResult(0));
    }
}
