using Orchestrator.Contracts.Cluster;
using Orchestrator.Silo.Local;

namespace Orchestrator.Silo.Tests;

/// <summary>The in-process cluster `steer run --local-silos` uses.</summary>
public class LocalClusterTests
{
    /// <summary>One silo is coordinator and worker at once; its job runs, and its result is there to read.</summary>
    [Fact]
    public async Task OneSilo_HasBothRoles_AndRunsAJob()
    {
        await using var cluster = await LocalCluster.StartAsync(1);

        var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
        var status = await ClusterJobs.FollowAsync(job, await job.Submit(new JobSubmission(TestSpecs.Fk, "tester")));
        var view = await cluster.Client.GetGrain<ICoordinatorGrain>(0).Describe();

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        Assert.Equal(view.Workers.Single().Worker, Assert.Single(status.Shards).Worker);
        Assert.NotNull(await ClusterJobs.ReadResultAsync(job));
    }

    [Fact]
    public async Task AnUnknownJobId_IsToldApartFromAQueuedJob()
    {
        await using var cluster = await LocalCluster.StartAsync(1);

        var status = await cluster.Client.GetGrain<IJobGrain>(JobIds.New()).GetStatus();

        Assert.True(ClusterJobs.IsUnknown(status));
    }
}
